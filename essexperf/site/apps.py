from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The pages, report, exports and commands that put the apps together."""

    name = "essexperf.site"
    label = "site"
    verbose_name = "Pages and report"
