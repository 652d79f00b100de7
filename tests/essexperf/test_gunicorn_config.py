"""gunicorn's settings (gunicorn.conf.py): threaded workers sized from the environment, so a
long export is neither cut short at the timeout nor holding a whole worker."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
VARIABLES = (
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_GRACEFUL_TIMEOUT",
    "GUNICORN_BIND",
)


@pytest.fixture
def environment(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_by_default_two_threaded_workers_listen_on_port_8000(environment):
    config = runpy.run_path(str(CONFIG))

    assert (config["worker_class"], config["workers"], config["threads"]) == ("gthread", 2, 2)
    assert (config["bind"], config["timeout"], config["graceful_timeout"]) == (
        "0.0.0.0:8000",
        60,
        120,
    )


def test_the_environment_sizes_the_workers_and_their_timeouts(environment):
    environment.setenv("WEB_CONCURRENCY", "5")
    environment.setenv("GUNICORN_THREADS", "8")
    environment.setenv("GUNICORN_GRACEFUL_TIMEOUT", "300")

    config = runpy.run_path(str(CONFIG))

    assert (config["workers"], config["threads"], config["graceful_timeout"]) == (5, 8, 300)


def test_a_worker_count_that_is_not_a_number_stops_the_start(environment):
    environment.setenv("WEB_CONCURRENCY", "two")

    with pytest.raises(ImproperlyConfigured, match="WEB_CONCURRENCY must be a whole number"):
        runpy.run_path(str(CONFIG))
