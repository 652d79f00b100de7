"""The project's settings as production runs them (DEBUG off), for the benchmarks only, with
the raw-SQL baseline views added to the URLs."""

from essexperf.settings import *  # noqa: F403
from essexperf.settings import STORAGES

DEBUG = False
# "testserver" is the host of Django's test client, which times requests in-process.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
# Static files are not collected for a benchmark run, so their names are not hashed.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
