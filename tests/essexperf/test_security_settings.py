"""Production's transport and browser protections: HTTPS only, HSTS, cookies, headers, CSP."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "pcc.test",
}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "X_FRAME_OPTIONS",
    "AXES_FAILURE_LIMIT",
]
REPORT = (
    "import json, django; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))"
)


def run(arguments, **variables):
    """Run Python in a fresh process with only these variables set, as a server would start."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "essexperf.settings", **variables}
    return subprocess.run(
        [sys.executable, *arguments],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def production_settings(**variables):
    process = run(["-c", REPORT], **PRODUCTION, **variables)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def test_the_deployment_check_finds_nothing_in_production():
    process = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], **PRODUCTION)

    assert process.returncode == 0, process.stderr
    assert "System check identified no issues" in process.stdout


def test_the_deployment_check_fails_a_deployment_with_debug_on():
    """DEBUG on is development: the development key is allowed, so the check must catch it."""
    process = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], DEBUG="true")

    assert process.returncode != 0
    assert "security.W018" in process.stderr + process.stdout


def test_the_deployment_check_asks_for_preload_once_the_operator_turns_it_on():
    """Preloading is left to the operator; W021 is silenced only while it is off."""
    process = run(["manage.py", "check", "--deploy"], **PRODUCTION, SECURE_HSTS_PRELOAD="true")

    assert process.returncode == 0, process.stderr
    assert "System check identified no issues" in process.stdout


def test_production_defaults_are_strict():
    settings = production_settings()

    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SECURE_HSTS_PRELOAD"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["CSRF_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    assert settings["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert settings["X_FRAME_OPTIONS"] == "DENY"
    assert settings["AXES_FAILURE_LIMIT"] == 5


def test_the_operator_can_tune_hsts_sessions_and_the_lockout():
    settings = production_settings(
        SECURE_HSTS_SECONDS="3600",
        SESSION_COOKIE_AGE="900",
        SESSION_EXPIRE_AT_BROWSER_CLOSE="false",
        LOGIN_FAILURE_LIMIT="3",
    )

    assert settings["SECURE_HSTS_SECONDS"] == 3600
    assert settings["SESSION_COOKIE_AGE"] == 900
    assert settings["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is False
    assert settings["AXES_FAILURE_LIMIT"] == 3


def test_development_keeps_plain_http():
    process = run(["-c", REPORT])

    assert process.returncode == 0, process.stderr
    settings = json.loads(process.stdout)
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0


@pytest.fixture
def behind_the_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_the_proxy")
def test_plain_http_is_sent_to_https(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_the_proxy")
def test_the_health_check_is_answered_over_plain_http(client):
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_the_proxy")
def test_https_through_the_proxy_gets_hsts_and_the_other_headers(client):
    response = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/api/v1/", "/api/v1/docs/"])
def test_every_response_carries_the_content_security_policy(client, path):
    header = client.get(path)["Content-Security-Policy"]
    policy = dict(directive.strip().split(" ", 1) for directive in header.split(";"))

    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "object-src": "'none'",
    }


@pytest.mark.django_db
def test_the_api_docs_page_has_no_inline_script_or_style(client):
    page = client.get("/api/v1/docs/").content.decode()

    assert "<style" not in page
    assert "<script>" not in page
    assert 'src="/api/v1/docs/?script="' in page
