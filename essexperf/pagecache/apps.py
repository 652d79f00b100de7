from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "essexperf.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from essexperf.pagecache import versions

        versions.connect_signals(self)
