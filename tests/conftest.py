"""The people of permission tests, defined once: an editor, a viewer and an outsider."""

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def static_files_without_collectstatic(settings):
    """Tests run without collectstatic, so without its manifest of hashed names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests sign people in often; a strong hash would spend most of the run on hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    """PCC office staff: signs in to the admin and may change everything in it."""
    return django_user_model.objects.create_superuser(
        username="edith", email="edith@example.org", password="editor-password-1"
    )


@pytest.fixture
def viewer(django_user_model):
    """A board member: signs in to browse, with no admin access."""
    return django_user_model.objects.create_user(username="victor", password="viewer-password-1")


@pytest.fixture
def outsider(client):
    """Someone who has not signed in."""
    return client


@pytest.fixture
def editor_client(editor):
    """A browser of its own, signed in as the editor, so tests can hold several at once."""
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(viewer):
    client = Client()
    client.force_login(viewer)
    return client
