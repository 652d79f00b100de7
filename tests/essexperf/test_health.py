"""/healthz, and a 503 rather than a traceback when the database goes away."""

import psycopg2
import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from tests.api_helpers import token_client

HEALTHZ = reverse("healthz")


def refuse(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def database_gone(monkeypatch):
    """Every query from here on fails as it does when the database server is unreachable."""
    for name in ("execute", "executemany"):
        monkeypatch.setattr(CursorWrapper, name, refuse)


@pytest.mark.django_db
def test_healthz_answers_ok_without_a_sign_in(client):
    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_unavailable_when_the_database_does_not(client, database_gone):
    response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


@pytest.mark.django_db
def test_a_page_answers_a_plain_503_when_the_database_goes(viewer_client, database_gone):
    response = viewer_client.get(reverse("home"))

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert b"Service unavailable" in response.content
    assert b"Traceback" not in response.content


@pytest.mark.django_db
def test_the_api_answers_its_json_error_when_the_database_goes(monkeypatch):
    client = token_client()
    monkeypatch.setattr(CursorWrapper, "execute", refuse)

    response = client.get(reverse("api:plan-list"))

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"


postgresql_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="terminating a server process needs PostgreSQL",
)


def terminate(pid):
    """End a backend from a connection of its own, as a database restart would."""
    params = connection.get_connection_params()
    with psycopg2.connect(**params) as other, other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_site_serves_again_once_its_connection_is_killed_mid_run(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser(username="ada"))
    assert client.get(reverse("home")).status_code == 200

    terminate(connection.connection.info.backend_pid)

    # The request that finds the connection dead answers 503, or reconnects and serves.
    assert client.get(reverse("home")).status_code in (200, 503)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(HEALTHZ).json() == {"status": "ok"}
