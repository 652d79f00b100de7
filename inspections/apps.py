from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "HMICFRS inspections"

    def ready(self):
        from inspections.completion import register_kinds

        register_kinds()
