"""Responses to a signed-in person or an API token are for that reader only: no shared cache
(a proxy, a CDN) may keep them, and no browser stores them. Static files stay public."""

import pytest
from django.urls import reverse

from tests.api_helpers import read_body, token_client

pytestmark = pytest.mark.django_db

PRIVATE = {"private", "no-store"}


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.mark.parametrize(
    "path",
    [
        reverse("home"),
        reverse("audit:changes"),
        reverse("admin:metrics_observation_upload"),
        "/api/v1/priorities/?format=json",
    ],
    ids=["page", "refused page", "admin", "api"],
)
def test_a_signed_in_persons_pages_and_api_are_private(editor_client, path):
    response = editor_client.get(path)

    assert response.status_code in (200, 403)
    assert directives(response) >= PRIVATE


def test_a_board_members_page_is_private(viewer_client):
    response = viewer_client.get(reverse("home"))

    assert response.status_code == 200
    assert directives(response) >= PRIVATE


def test_an_api_answer_to_a_token_is_private():
    response = token_client().get("/api/v1/priorities/", {"format": "json"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert directives(response) >= PRIVATE


def test_a_csv_export_to_a_token_or_a_person_is_private(viewer_client):
    for reader in (token_client(), viewer_client):
        response = reader.get("/api/v1/priorities/", {"format": "csv"})

        assert response.status_code == 200
        assert response.streaming
        assert directives(response) >= PRIVATE
        read_body(response)


def test_a_visitors_page_of_published_periods_is_left_shareable(client, settings):
    settings.PUBLIC_READ_ONLY = True
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert not directives(response) & PRIVATE


def test_a_static_file_stays_public_for_a_signed_in_person(editor_client, settings):
    # Served from the source folders, as tests run without collectstatic.
    settings.WHITENOISE_USE_FINDERS = True
    response = editor_client.get("/static/css/admin.css")

    assert response.status_code == 200
    assert "public" in directives(response)
    assert not directives(response) & PRIVATE
    response.close()
