"""A body larger than MAX_REQUEST_BODY is refused from its declared length, before any of it
is read: Django would otherwise write a file of any size to disk before the upload's own
5 MB check could refuse it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metrics.models import Observation

UPLOAD = reverse("admin:metrics_observation_upload")
IMPORT = reverse("admin:metrics_dataimport_upload")
pytestmark = pytest.mark.django_db


class UnreadableBody(io.RawIOBase):
    """A body that fails the test if anything reads it."""

    def read(self, size=-1):
        raise AssertionError("the body was read")

    readinto = read


def test_the_default_limit_takes_the_largest_upload_of_figures_with_its_form(settings):
    assert settings.MAX_REQUEST_BODY == 6 * 1024 * 1024


def test_an_upload_larger_than_the_limit_is_refused_with_a_page_saying_so(editor_client, settings):
    settings.MAX_REQUEST_BODY = 1024 * 1024
    file = SimpleUploadedFile("figures.csv", b"metric,area\n" + b"x" * (2 * 1024 * 1024))
    response = editor_client.post(UPLOAD, {"file": file})
    assert response.status_code == 413
    assert b"larger than the 1 MB the site accepts, so nothing was saved" in response.content
    assert not Observation.objects.exists()


def test_a_declared_length_over_the_limit_is_refused_without_reading_the_body(
    editor_client, settings
):
    settings.MAX_REQUEST_BODY = 1024 * 1024
    response = editor_client.generic(
        "POST",
        UPLOAD,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(1024**3),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413


def test_an_api_body_over_the_limit_is_answered_in_the_api_error_shape(settings, client):
    settings.MAX_REQUEST_BODY = 1000
    response = client.post(
        "/api/v1/observations/", data="[" + "1," * 1000 + "1]", content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json() == {
        "error": {
            "status": 413,
            "code": "too_large",
            "message": "The body is larger than the 1000 bytes a request may send.",
        }
    }


def test_a_body_within_the_limit_reaches_the_view(editor_client, settings):
    settings.MAX_REQUEST_BODY = 1024 * 1024
    file = SimpleUploadedFile("figures.txt", b"not figures")
    response = editor_client.post(UPLOAD, {"file": file})
    assert response.status_code == 200
    assert b"larger than" not in response.content


def test_a_malformed_length_is_left_to_django_which_reads_no_body(client):
    response = client.generic("POST", "/api/v1/observations/", CONTENT_LENGTH="lots")
    assert response.status_code != 413


def test_the_import_page_takes_a_body_up_to_its_own_larger_limit(editor_client, settings):
    settings.MAX_REQUEST_BODY = 1024 * 1024
    settings.IMPORT_UPLOAD_MAX_BYTES = 3 * 1024 * 1024
    file = SimpleUploadedFile("collisions.pdf", b"x" * (2 * 1024 * 1024))
    response = editor_client.post(IMPORT, {"kind": "stats19", "file": file})
    # Past the body's bound, to the page, which refuses the file's kind.
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["collisions.pdf: not a .csv or .zip file."]


def test_the_import_page_refuses_a_body_over_its_limit(editor_client, settings):
    settings.IMPORT_UPLOAD_MAX_BYTES = 1024 * 1024
    file = SimpleUploadedFile("collisions.csv", b"x" * (8 * 1024 * 1024))
    response = editor_client.post(IMPORT, {"kind": "stats19", "file": file})
    assert response.status_code == 413
