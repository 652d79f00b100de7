"""Sign-in is rate-limited: repeated failures for a username from one address lock it out."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

LIMIT = 5


PASSWORD = "a-long-enough-password"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


@pytest.fixture
def viewer(django_user_model):
    return django_user_model.objects.create_user(username="board", password=PASSWORD)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(username="office", password=PASSWORD)


def sign_in(client, username, password, url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def fail(client, username, times, url="/accounts/login/"):
    return [sign_in(client, username, "wrong-password", url).status_code for _ in range(times)]


def test_failures_below_the_limit_show_the_form_again(viewer):
    assert fail(Client(), viewer.username, LIMIT - 1) == [200] * (LIMIT - 1)


def test_the_failure_at_the_limit_locks_the_username_out(viewer):
    client = Client()
    fail(client, viewer.username, LIMIT - 1)

    response = sign_in(client, viewer.username, "wrong-password")

    assert response.status_code == 429
    assert b"Sign-in locked" in response.content
    assert b"30 minutes" in response.content


def test_a_locked_out_username_is_refused_even_with_its_password(viewer):
    client = Client()
    fail(client, viewer.username, LIMIT)

    response = sign_in(client, viewer.username, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_that_username_from_that_address_only(viewer, editor):
    fail(Client(), viewer.username, LIMIT)

    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert sign_in(elsewhere, viewer.username, PASSWORD).status_code == 302
    assert sign_in(Client(), editor.username, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_failures(viewer):
    client = Client()
    fail(client, viewer.username, LIMIT - 1)
    assert sign_in(client, viewer.username, PASSWORD).status_code == 302

    assert fail(Client(), viewer.username, LIMIT - 1) == [200] * (LIMIT - 1)


def test_the_admin_sign_in_locks_out_too(editor):
    codes = fail(Client(), editor.username, LIMIT, url="/admin/login/")

    assert codes[-1] == 429
    assert sign_in(Client(), editor.username, PASSWORD, "/admin/login/").status_code == 429


def test_resetting_the_username_unlocks_it(viewer):
    fail(Client(), viewer.username, LIMIT)

    call_command("axes_reset_username", viewer.username, verbosity=0)

    assert sign_in(Client(), viewer.username, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(viewer, settings):
    fail(Client(), viewer.username, LIMIT)
    # Age the failures past the cool-off instead of waiting for it.
    attempt = AccessAttempt.objects.get()
    attempt.attempt_time -= settings.AXES_COOLOFF_TIME
    attempt.save()

    assert sign_in(Client(), viewer.username, PASSWORD).status_code == 302


def test_a_browser_signed_in_before_the_lockout_stays_signed_in(viewer):
    """The lock refuses new sign-ins; it does not end sessions already open."""
    signed_in = Client()
    assert sign_in(signed_in, viewer.username, PASSWORD).status_code == 302
    fail(Client(), viewer.username, LIMIT)

    assert signed_in.get("/").wsgi_request.user == viewer


def forwarded_sign_in(username, forwarded_for):
    client = Client(HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR="10.0.0.2")
    return sign_in(client, username, "wrong-password").status_code


def test_behind_a_proxy_failures_count_against_the_client_address_it_forwards(viewer, settings):
    settings.TRUSTED_PROXIES = 1
    [forwarded_sign_in(viewer.username, "203.0.113.7") for _ in range(LIMIT)]

    assert forwarded_sign_in(viewer.username, "203.0.113.7") == 429
    assert forwarded_sign_in(viewer.username, "198.51.100.9") == 200


def test_a_client_cannot_escape_the_lockout_by_forging_forwarded_addresses(viewer, settings):
    settings.TRUSTED_PROXIES = 1
    # The proxy appends the real address after whatever the client sent.
    codes = [forwarded_sign_in(viewer.username, f"192.0.2.{n}, 203.0.113.7") for n in range(6)]

    assert codes[-1] == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(viewer):
    codes = [forwarded_sign_in(viewer.username, f"192.0.2.{n}") for n in range(LIMIT + 1)]

    assert codes[-1] == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.2"}
