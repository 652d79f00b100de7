from django.apps import AppConfig
from django.db.backends.signals import connection_created


def learn_json_support(sender, connection, **kwargs):
    # SQLite tells whether it has JSON functions (which the API's queries use) by a query
    # of its own, asked the first time one is built: asked here, as the connection opens,
    # it never lands within a request, whose queries would then vary from one to the next.
    connection.features.supports_json_field  # noqa: B018


class ApiConfig(AppConfig):
    name = "essexperf.api"
    label = "api"
    verbose_name = "API access"

    def ready(self):
        # Registers the token scheme with the OpenAPI generator.
        from essexperf.api import schema  # noqa: F401

        connection_created.connect(learn_json_support, dispatch_uid="api:json-support")
