from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "essexperf.api"
    label = "api"
    verbose_name = "API access"

    def ready(self):
        # Registers the token scheme with the OpenAPI generator.
        from essexperf.api import schema  # noqa: F401
