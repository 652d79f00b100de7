"""API tokens: other systems' credentials, stored as hashes, issued once, revoked for good."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from essexperf.api import authentication
from essexperf.api.models import ApiToken, hash_token
from tests.api_helpers import error_of, token_client
from tests.query_counts import DATA_VERSION_QUERIES, TOKEN_QUERIES

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/plans/"


def client_with(secret, keyword="Token"):
    return Client(HTTP_AUTHORIZATION=f"{keyword} {secret}")


def run_apitoken(*args):
    out = StringIO()
    call_command("apitoken", *args, stdout=out)
    return out.getvalue()


def test_the_database_keeps_only_a_hash_of_the_secret():
    token, secret = ApiToken.issue("Force data warehouse")
    prefix, _, random_part = secret.partition(".")
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert row["key_hash"] == hash_token(secret)
    assert row["prefix"] == prefix
    for value in row.values():
        assert secret not in str(value)
        assert random_part not in str(value)


def test_a_read_token_reads():
    response = token_client(can_write=False).get(PLANS)
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_read_token_may_not_write_and_is_told_it_is_read_only():
    error = error_of(token_client(can_write=False).post(PLANS, {"title": "x"}), 403)
    assert error["code"] == "permission_denied"
    assert error["message"] == (
        "This token is read-only: it can only read. Writing needs a token issued with write access."
    )


def test_a_person_refused_a_write_is_not_told_about_tokens(viewer_client):
    error = error_of(viewer_client.post(PLANS, {"title": "x"}), 403)
    assert "token" not in error["message"]


def test_a_write_token_passes_the_permission_check_for_writes():
    # The plans resource is read-only: 405 shows the permission check let the write through.
    response = token_client(can_write=True).post(PLANS, {"title": "x"})
    assert error_of(response, 405)["code"] == "method_not_allowed"


def test_a_revoked_token_is_refused():
    token, secret = ApiToken.issue("Old dashboard")
    token.revoke()
    response = client_with(secret).get(PLANS)
    assert error_of(response, 401)["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == 'Token realm="api"'


@pytest.mark.parametrize(
    "header",
    [
        "Token unknown.secret",
        "Token nodot",
        "Token ",
        "Token two parts",
        "Bearer unknown.secret",
        "Token caf\xe9.secret",
    ],
)
def test_an_unknown_or_malformed_token_is_refused(header):
    ApiToken.issue("Force data warehouse")
    response = Client(HTTP_AUTHORIZATION=header).get(PLANS)
    assert error_of(response, 401)["code"] == "authentication_failed"


def test_a_token_with_a_known_prefix_and_a_wrong_secret_is_refused():
    _, secret = ApiToken.issue("Force data warehouse")
    prefix = secret.partition(".")[0]
    error_of(client_with(f"{prefix}.not-the-secret").get(PLANS), 401)


def test_a_bearer_token_is_accepted_too():
    _, secret = ApiToken.issue("Force data warehouse")
    assert client_with(secret, keyword="Bearer").get(PLANS).status_code == 200


def test_no_credentials_are_answered_401_with_the_error_shape(client):
    error = error_of(client.get(PLANS), 401)
    assert error["code"] == "not_authenticated"


def test_the_last_use_is_recorded_but_not_on_every_request(django_assert_num_queries, monkeypatch):
    token, secret = ApiToken.issue("Force data warehouse")
    client = client_with(secret)
    client.get(PLANS)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    # The token and the data version: no update this time, the page is cached.
    with django_assert_num_queries(TOKEN_QUERIES + DATA_VERSION_QUERIES):
        client.get(PLANS)
    token.refresh_from_db()
    assert token.last_used_at == first_use
    later = first_use + datetime.timedelta(minutes=2)
    monkeypatch.setattr(authentication.timezone, "now", lambda: later)
    client.get(PLANS)
    token.refresh_from_db()
    assert token.last_used_at == later


def test_each_request_reads_its_token_once(django_assert_num_queries):
    _, secret = ApiToken.issue("Force data warehouse")
    client = client_with(secret)
    # The token, its first use recorded, the data version, the page (no rows), its count
    # alone; then the token and the data version only, the page being cached.
    with django_assert_num_queries(TOKEN_QUERIES + 4):
        client.get(PLANS)
    with django_assert_num_queries(TOKEN_QUERIES + DATA_VERSION_QUERIES):
        client.get(PLANS)


def test_a_token_revoked_after_use_is_refused_at_once():
    token, secret = ApiToken.issue("Old dashboard")
    client = client_with(secret)
    assert client.get(PLANS).status_code == 200

    token.revoke()

    assert error_of(client.get(PLANS), 401)["code"] == "authentication_failed"


def test_a_token_deleted_after_use_is_refused_at_once():
    token, secret = ApiToken.issue("Old dashboard")
    client = client_with(secret)
    assert client.get(PLANS).status_code == 200

    token.delete()

    assert error_of(client.get(PLANS), 401)["code"] == "authentication_failed"


def revoke_elsewhere(token):
    """Revoke as another server process does: the database changes, nothing in this one."""
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())


def test_a_token_revoked_by_another_process_is_refused_on_the_very_next_request():
    token, secret = ApiToken.issue("Old dashboard")
    client = client_with(secret)
    assert client.get(PLANS).status_code == 200

    revoke_elsewhere(token)

    assert error_of(client.get(PLANS), 401)["code"] == "authentication_failed"


def test_a_token_revoked_when_its_last_use_is_due_is_refused(monkeypatch):
    token, secret = ApiToken.issue("Old dashboard")
    client = client_with(secret)
    client.get(PLANS)
    later = timezone.now() + datetime.timedelta(minutes=2)
    monkeypatch.setattr(authentication.timezone, "now", lambda: later)

    revoke_elsewhere(token)

    assert error_of(client.get(PLANS), 401)["code"] == "authentication_failed"
    assert error_of(client.get(PLANS), 401)["code"] == "authentication_failed"


def test_a_use_recorded_just_after_the_revocation_does_not_bring_the_token_back():
    token, secret = ApiToken.issue("Old dashboard")
    client = client_with(secret)
    client.get(PLANS)
    # A request read the token a moment before it was revoked, and records its use after.
    read_before = ApiToken.objects.get(pk=token.pk)
    read_before.last_used_at -= datetime.timedelta(minutes=2)
    run_apitoken("revoke", "Old dashboard", "--no-input")

    authentication.ApiTokenAuthentication.note_use(read_before)

    assert error_of(client.get(PLANS), 401)["code"] == "authentication_failed"
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_signed_in_person_without_permissions_may_not_write(viewer_client):
    error_of(viewer_client.post(PLANS, {"title": "x"}), 403)


def test_writing_to_the_api_root_is_refused_rather_than_failing(editor_client):
    error_of(editor_client.post("/api/v1/", {}), 403)


# The admin


def test_adding_a_token_in_the_admin_shows_its_secret_once(administrator_client):
    add_url = reverse("admin:api_apitoken_add")
    form = administrator_client.get(add_url).context["adminform"].form
    assert set(form.fields) == {"name", "can_write", "can_read_drafts"}
    response = administrator_client.post(add_url, {"name": "Force data warehouse"}, follow=True)
    token = ApiToken.objects.get()
    shown = [str(message) for message in response.context["messages"]]
    secrets = [word for text in shown for word in text.split() if word.startswith(token.prefix)]
    assert len(secrets) == 1
    assert hash_token(secrets[0]) == token.key_hash
    # The page the message showed on, loaded again, no longer holds it.
    again = administrator_client.get(response.request["PATH_INFO"])
    assert secrets[0] not in again.content.decode()


def test_the_admin_never_offers_the_hash_or_prefix_for_editing(administrator_client):
    token, _ = ApiToken.issue("Force data warehouse")
    response = administrator_client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    assert set(response.context["adminform"].form.fields) == {
        "name",
        "can_write",
        "can_read_drafts",
    }
    assert token.key_hash not in response.content.decode()
    assert token.prefix in response.content.decode()


def test_the_admin_lists_tokens_with_their_state(administrator_client):
    ApiToken.issue("Force data warehouse", can_write=True)
    revoked, _ = ApiToken.issue("Old dashboard")
    revoked.revoke()
    response = administrator_client.get(
        reverse("admin:api_apitoken_changelist"), {"state": "active"}
    )
    assert [token.name for token in response.context["cl"].result_list] == ["Force data warehouse"]


def test_the_revoke_action_revokes_the_selected_tokens(administrator_client):
    kept, _ = ApiToken.issue("Force data warehouse")
    chosen, secret = ApiToken.issue("Old dashboard")
    earlier, _ = ApiToken.issue("Older dashboard")
    earlier.revoke()
    revoked_before = earlier.revoked_at
    response = administrator_client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke_tokens", "_selected_action": [chosen.pk, earlier.pk]},
        follow=True,
    )
    assert "Revoked 1 token." in [str(message) for message in response.context["messages"]]
    for token in (kept, chosen, earlier):
        token.refresh_from_db()
    assert kept.is_active
    assert not chosen.is_active
    assert earlier.revoked_at == revoked_before
    error_of(client_with(secret).get(PLANS), 401)


# The apitoken command


def test_create_prints_the_secret_once_and_it_works():
    output = run_apitoken("create", "Force data warehouse")
    token = ApiToken.objects.get(name="Force data warehouse")
    secrets = [line for line in output.splitlines() if line.startswith(f"{token.prefix}.")]
    assert len(secrets) == 1
    assert output.count(secrets[0]) == 1
    assert not token.can_write
    assert client_with(secrets[0]).get(PLANS).status_code == 200


def test_create_with_write_issues_a_write_token():
    run_apitoken("create", "Figures feed", "--write")
    assert ApiToken.objects.get(name="Figures feed").can_write


def test_create_refuses_a_name_in_use():
    ApiToken.issue("Force data warehouse")
    with pytest.raises(CommandError, match="exists already"):
        run_apitoken("create", "Force data warehouse")
    assert ApiToken.objects.count() == 1


def test_create_refuses_a_blank_name():
    with pytest.raises(CommandError):
        run_apitoken("create", "  ")
    assert not ApiToken.objects.exists()


def test_revoke_without_input_revokes_at_once():
    token, _ = ApiToken.issue("Old dashboard")
    assert "Revoked" in run_apitoken("revoke", "Old dashboard", "--no-input")
    token.refresh_from_db()
    assert not token.is_active


def test_revoke_asks_first_and_keeps_the_token_unless_told_yes(monkeypatch):
    token, _ = ApiToken.issue("Old dashboard")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        run_apitoken("revoke", "Old dashboard")
    token.refresh_from_db()
    assert token.is_active
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    run_apitoken("revoke", "Old dashboard")
    token.refresh_from_db()
    assert not token.is_active


def test_revoke_refuses_an_unknown_name():
    with pytest.raises(CommandError, match="no token named"):
        run_apitoken("revoke", "Nobody", "--no-input")


def test_revoking_twice_says_so_and_keeps_the_first_date():
    token, _ = ApiToken.issue("Old dashboard")
    token.revoke()
    first = token.revoked_at
    assert "already revoked" in run_apitoken("revoke", "Old dashboard", "--no-input")
    token.refresh_from_db()
    assert token.revoked_at == first


def test_list_shows_each_token_and_no_secret():
    _, secret = ApiToken.issue("Force data warehouse", can_write=True)
    revoked, _ = ApiToken.issue("Old dashboard")
    revoked.revoke()
    lines = run_apitoken("list").splitlines()
    assert lines[0].split()[:3] == ["NAME", "PREFIX", "ACCESS"]
    assert lines[1].startswith("Force data warehouse")
    assert "read/write" in lines[1]
    assert lines[2].startswith("Old dashboard")
    assert timezone.localdate().isoformat() in lines[2].split("  ")[-1]
    assert secret.partition(".")[2] not in "\n".join(lines)


def test_list_says_when_there_are_no_tokens():
    assert run_apitoken("list").strip() == "No tokens."
