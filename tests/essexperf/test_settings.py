"""Settings read from the environment: each case starts Django in a fresh interpreter."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from essexperf.settings import DEVELOPMENT_SECRET_KEY

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Start Django as manage.py and gunicorn do, then report the settings the checks look at.
START_DJANGO = """
import json, django
django.setup()
from django.conf import settings
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ENGINE": database["ENGINE"],
    "NAME": str(database["NAME"]),
    "HOST": database.get("HOST", ""),
    "CONN_MAX_AGE": database["CONN_MAX_AGE"],
}))
"""

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "pcc.test",
}


def start_django(**variables):
    """Start Django with only these variables set (and PATH), as a new process would."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "essexperf.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", START_DJANGO],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def started(process):
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def refused(process, naming):
    """Assert the process failed with ImproperlyConfigured, naming the variable at fault."""
    assert process.returncode != 0
    last_line = process.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:"), process.stderr
    assert naming in last_line
    return last_line


def test_with_no_environment_it_runs_for_development_on_sqlite():
    settings = started(start_django())

    assert settings["DEBUG"] is True
    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["NAME"].endswith("essexperf.sqlite3")
    assert "127.0.0.1" in settings["ALLOWED_HOSTS"]


def test_production_refuses_to_start_without_a_secret_key():
    refused(start_django(DEBUG="false", ALLOWED_HOSTS="pcc.test"), naming="SECRET_KEY")


def test_production_refuses_the_development_secret_key():
    process = start_django(**{**PRODUCTION, "SECRET_KEY": DEVELOPMENT_SECRET_KEY})

    refused(process, naming="SECRET_KEY")


def test_production_refuses_a_secret_key_shorter_than_32_characters():
    refused(start_django(**{**PRODUCTION, "SECRET_KEY": "k" * 31}), naming="SECRET_KEY")


@pytest.mark.parametrize("hosts", [None, "", " , "])
def test_production_refuses_to_start_without_allowed_hosts(hosts):
    variables = {name: value for name, value in PRODUCTION.items() if name != "ALLOWED_HOSTS"}
    if hosts is not None:
        variables["ALLOWED_HOSTS"] = hosts

    refused(start_django(**variables), naming="ALLOWED_HOSTS")


@pytest.mark.parametrize(
    "key", [secrets.token_urlsafe(50), "k" * 32], ids=["random", "32 characters"]
)
def test_production_starts_with_a_real_secret_key_and_allowed_hosts(key):
    process = start_django(**{**PRODUCTION, "SECRET_KEY": key, "ALLOWED_HOSTS": "a.test, b.test"})

    settings = started(process)
    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["a.test", "b.test"]


def test_a_debug_value_that_is_neither_true_nor_false_fails_loudly():
    message = refused(start_django(DEBUG="maybe"), naming="DEBUG")

    assert "'maybe'" in message


def test_a_connection_age_that_is_not_a_number_fails_loudly():
    message = refused(start_django(DATABASE_CONN_MAX_AGE="abc"), naming="DATABASE_CONN_MAX_AGE")

    assert "'abc'" in message


@pytest.mark.parametrize("value", ["-1", "one"])
def test_a_trusted_proxy_count_that_is_not_zero_or_more_fails_loudly(value):
    refused(start_django(TRUSTED_PROXIES=value), naming="TRUSTED_PROXIES")


@pytest.mark.parametrize(
    ("variables", "naming"),
    [
        ({"EARLIEST_DATE": "01/01/1990"}, "EARLIEST_DATE"),
        ({"LATEST_DATE": "2100-02-30"}, "LATEST_DATE"),
        ({"LATEST_DATE": "1989-12-31"}, "EARLIEST_DATE must come before LATEST_DATE"),
    ],
)
def test_a_range_of_dates_kept_that_is_not_two_dates_in_order_fails_loudly(variables, naming):
    refused(start_django(**variables), naming=naming)


def test_a_postgres_database_url_selects_the_postgresql_backend():
    process = start_django(
        DATABASE_URL="postgres://essexperf:secret@db.test:5432/essexperf",
        DATABASE_CONN_MAX_AGE="0",
    )

    settings = started(process)
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["HOST"], settings["NAME"]) == ("db.test", "essexperf")
    assert settings["CONN_MAX_AGE"] == 0


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (PROJECT_ROOT / "essexperf" / "settings.py").read_text()
    settings_source += (PROJECT_ROOT / "gunicorn.conf.py").read_text()
    read = set(re.findall(r'env(?:str|bool|int|list|cache|date)\("([A-Z_]+)"', settings_source))
    example = (PROJECT_ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^# ([A-Z_]+)=", example, flags=re.MULTILINE))

    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CACHE_URL"} <= read  # still found
    assert read <= listed
