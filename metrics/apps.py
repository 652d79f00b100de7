from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = "Figures and roads safety"

    def ready(self):
        from metrics.completion import register_kinds

        register_kinds()
