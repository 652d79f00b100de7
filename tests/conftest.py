"""The people of permission tests, defined once: an editor, a viewer and an outsider."""

import pytest


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
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client
