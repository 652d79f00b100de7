from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Plan and quarterly updates"

    def ready(self):
        from priorities.freeze import guard_deletes

        guard_deletes()
