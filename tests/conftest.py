"""What the tests share: the people of permission tests, defined once, each in their role
(priorities.roles): an editor, an approver, an administrator, a viewer and an outsider; and
the demo report, loaded once a run for every test that reads it (the `demo` fixture)."""

import contextlib
import os
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.test import Client

from priorities import roles
from tests.factories import ReportingPeriodFactory
from tests.page_helpers import load_demo


def pytest_configure(config):
    """Under pytest-xdist (make test runs a worker a CPU), each worker has a test database of
    its own (pytest-django names it after the worker) and, where the cache is Redis, a Redis
    database of its own: worker gwN takes the configured number less N, since every test
    empties its cache and would otherwise empty another worker's mid-test."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    cached = django_settings.CACHES["default"]
    if not worker or not cached["BACKEND"].endswith("RedisCache"):
        return
    url = urlsplit(cached["LOCATION"])
    number = int(url.path.strip("/") or 0) - int(worker.removeprefix("gw"))
    if number < 0:
        raise pytest.UsageError(f"Too many workers for the Redis databases below {url.path}.")
    cached["LOCATION"] = url._replace(path=f"/{number}").geturl()
    # The cache handler may have read the settings already: make it read them again.
    caches.__dict__.pop("settings", None)


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
def published(db):
    """2017-18-Q2, the September 2017 report's period, published on 30 September 2017."""
    return ReportingPeriodFactory(published=True)


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


# The demo report, loaded once a run.
#
# Loading it takes a second or more (several hundred queries), and over a hundred tests read
# it. So it is loaded once, in a transaction left open on the test database; each test that
# reads it runs in a savepoint within that transaction, which is rolled back after the test
# as usual, so no test sees another's changes. The tests that read the demo run one after the
# other (pytest_collection_modifyitems below). Before any other test of the database the
# transaction is rolled back (pytest_runtest_setup below), so a test that expects an empty
# database never sees the demo, whatever order the tests run in; the demo is then loaded
# again for the next test that reads it.


class HeldDemo:
    """The demo report held in an open transaction of the test database, or not."""

    def __init__(self):
        self.blocker = None  # django_db_blocker, once the test database is set up
        self.atomic = None
        self.loads = 0

    @property
    def held(self):
        return self.atomic is not None

    def hold(self):
        if self.held:
            return
        if connection.in_atomic_block:
            raise RuntimeError(
                "The demo cannot be loaded inside another transaction: a module's or class's "
                "fixture that writes to the database is still open around a test that reads "
                "the demo. Build that fixture on demo_database, or give it a scope of its own."
            )
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                load_demo()
            except BaseException:
                self.release()
                raise
        self.loads += 1

    def release(self):
        if not self.held:
            return
        with self.blocker.unblock():
            if connection.atomic_blocks[-1] is not self.atomic:
                raise RuntimeError(
                    "The demo is still read by a module's or class's fixture (its transaction "
                    "is open) while a test that expects an empty database starts: make every "
                    "test of that module or class read the demo too."
                )
            atomic, self.atomic = self.atomic, None
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


HELD_DEMO = HeldDemo()


def reads_the_demo(item):
    return "demo_database" in getattr(item, "fixturenames", ())


def uses_the_database(item):
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or "django_db_setup" in fixtures


def is_transactional(item):
    """As pytest-django tells: the test commits, and the database is emptied after it."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests that read the demo run together, after the other tests that roll back and
    before the transactional ones, so that the demo is loaded once a run. The sort is stable:
    within each group the order is as it was (shuffled, when pytest-randomly is on)."""

    def group(item):
        if reads_the_demo(item):
            return 1
        if uses_the_database(item) and not is_transactional(item):
            return 0
        return 2

    items.sort(key=group)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before its fixtures are set up, a test gets the database it expects: the demo held for
    a test that reads it, nothing held for any other test of the database."""
    if reads_the_demo(item):
        if is_transactional(item):
            raise RuntimeError(
                "A transactional test cannot read the held demo: its writes are committed and "
                "the database emptied after it. Load the demo in the test (demo_fixture)."
            )
        # The first time, demo_database loads it, once the test database is set up.
        if HELD_DEMO.blocker is not None:
            HELD_DEMO.hold()
    elif uses_the_database(item):
        HELD_DEMO.release()


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker):
    """The demo report held in the test database for the tests that read it; a module's or
    class's fixture that adds to it asks for this, and writes in rolled_back()."""
    HELD_DEMO.blocker = django_db_blocker
    HELD_DEMO.hold()
    yield HELD_DEMO
    HELD_DEMO.release()
    HELD_DEMO.blocker = None


@pytest.fixture
def demo(demo_database, db):
    """The September 2017 report (2017-18-Q2), as `manage.py loaddemo` loads it: loaded once
    a run, and whatever a test changes in it rolled back after the test."""


@contextlib.contextmanager
def rolled_back(django_db_blocker):
    """A transaction of its own for rows a module's or class's tests share, rolled back
    after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
