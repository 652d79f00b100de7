"""The people of permission tests, defined once, each in their role (priorities.roles):
an editor, an approver, an administrator, a viewer and an outsider."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client

from priorities import roles

# Each role's permissions by natural key, as the migrations made them (see django_db_setup).
ROLE_PERMISSIONS = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, noting each role's permissions before any test runs: a
    transactional test's flush empties the groups, and role_group makes them again."""
    with django_db_blocker.unblock():
        for group in Group.objects.prefetch_related("permissions__content_type"):
            ROLE_PERMISSIONS[group.name] = [p.natural_key() for p in group.permissions.all()]


def role_group(name):
    """The role's group, made again as the migrations made it if a flush emptied it (the
    flush's post-migrate step makes the permissions again, but not the groups)."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        keys = ROLE_PERMISSIONS[name]
        group.permissions.set([Permission.objects.get_by_natural_key(*key) for key in keys])
    return group


def person(django_user_model, username, role, staff, password):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password=password, is_staff=staff
    )
    user.groups.add(role_group(role))
    return user


def signed_in(user):
    """A browser of its own, signed in, so tests can hold several at once."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def static_files_without_collectstatic(settings):
    """Tests run without collectstatic, so without its manifest of hashed names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing cached: a test's rolled-back writes leave the data
    version as it was, and rows made with bulk_create do not change it."""
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests sign people in often; a strong hash would spend most of the run on hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    """PCC office staff: enters the plan and each quarter in the admin, and sees drafts."""
    return person(
        django_user_model, "edith", roles.EDITORS, staff=True, password="editor-password-1"
    )


@pytest.fixture
def approver(django_user_model):
    """Senior office staff: what an editor does, and reviews, publishes and amends."""
    return person(
        django_user_model, "amir", roles.APPROVERS, staff=True, password="approver-password-1"
    )


@pytest.fixture
def administrator(django_user_model):
    """Runs the site: people, groups and API tokens."""
    return person(
        django_user_model,
        "ada",
        roles.ADMINISTRATORS,
        staff=True,
        password="administrator-password-1",
    )


@pytest.fixture
def viewer(django_user_model):
    """A board member: signs in to browse published periods, with no admin access."""
    return person(
        django_user_model, "victor", roles.VIEWERS, staff=False, password="viewer-password-1"
    )


@pytest.fixture
def outsider(client):
    """Someone who has not signed in."""
    return client


@pytest.fixture
def editor_client(editor):
    return signed_in(editor)


@pytest.fixture
def approver_client(approver):
    return signed_in(approver)


@pytest.fixture
def administrator_client(administrator):
    return signed_in(administrator)


@pytest.fixture
def viewer_client(viewer):
    return signed_in(viewer)
