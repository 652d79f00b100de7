"""The audit trail in the admin: each object's History page, and a read-only changelist."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from essexperf.api.models import ApiToken
from essexperf.audit.models import ObjectChange
from tests.admin_helpers import admin_url
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed_plan():
    plan = PlanFactory(title="Police and Crime Plan 2016-2020")
    plan.title = "Police, Fire and Crime Plan 2016-2020"
    plan.save()
    return plan


def test_the_history_page_lists_the_objects_changes_newest_first(admin_client, renamed_plan):
    response = admin_client.get(admin_url(renamed_plan, "history", renamed_plan.pk))

    assert response.status_code == 200
    changes = [change for change, _ in response.context["changes"]]
    assert [change.action for change in changes] == ["update", "create"]
    _, fields = response.context["changes"][0]
    assert [(f.label, f.before, f.after) for f in fields] == [
        ("title", "Police and Crime Plan 2016-2020", "Police, Fire and Crime Plan 2016-2020")
    ]
    assert b"Police, Fire and Crime Plan 2016-2020" in response.content


def test_the_history_page_needs_the_objects_and_the_audit_trails_view_permissions(
    django_user_model, client, renamed_plan
):
    staff = django_user_model.objects.create_user(username="stan", is_staff=True)
    client.force_login(staff)
    url = admin_url(renamed_plan, "history", renamed_plan.pk)

    assert client.get(url).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_plan"))
    assert client.get(url).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_objectchange"))
    assert client.get(url).status_code == 200


def test_approvers_read_a_plans_history_and_editors_may_not(
    approver_client, editor_client, renamed_plan
):
    url = admin_url(renamed_plan, "history", renamed_plan.pk)

    assert approver_client.get(url).status_code == 200
    assert editor_client.get(url).status_code == 403


def test_the_history_link_is_offered_only_to_readers_of_the_audit_trail(
    approver_client, editor_client, renamed_plan
):
    url = admin_url(renamed_plan, "change", renamed_plan.pk)

    assert 'class="historylink"' in approver_client.get(url).content.decode()
    assert 'class="historylink"' not in editor_client.get(url).content.decode()


def test_the_list_of_changes_is_for_approvers_and_administrators(
    approver_client, administrator_client, editor_client, django_user_model, client, renamed_plan
):
    client.force_login(django_user_model.objects.create_user(username="stan", is_staff=True))
    change = ObjectChange.objects.first()

    for reader in (approver_client, administrator_client):
        assert reader.get(admin_url(ObjectChange, "changelist")).status_code == 200
        assert reader.get(admin_url(ObjectChange, "change", change.pk)).status_code == 200
    for refused in (editor_client, client):
        assert refused.get(admin_url(ObjectChange, "changelist")).status_code == 403
        assert refused.get(admin_url(ObjectChange, "change", change.pk)).status_code == 403


def test_a_tokens_history_and_changes_show_neither_its_prefix_nor_its_hash(administrator_client):
    token, _ = ApiToken.issue("Force data warehouse")
    administrator_client.post(admin_url(token, "change", token.pk), {"name": "Data warehouse"})
    token.refresh_from_db()
    token.revoke()
    change = ObjectChange.objects.filter(content_type__model="apitoken").first()

    pages = [
        admin_url(token, "history", token.pk),
        admin_url(ObjectChange, "changelist"),
        admin_url(ObjectChange, "change", change.pk),
    ]
    for url in pages:
        response = administrator_client.get(url)
        assert response.status_code == 200
        assert "Data warehouse" in response.content.decode(), url
        assert token.prefix not in response.content.decode(), url
        assert token.key_hash not in response.content.decode(), url


def test_an_api_tokens_history_page_lists_its_changes(admin_client):
    token, _ = ApiToken.issue("Force data warehouse")
    token.revoke()

    response = admin_client.get(admin_url(token, "history", token.pk))

    assert [change.action for change, _ in response.context["changes"]] == ["update", "create"]


def test_revoking_tokens_from_the_list_records_each(admin_client):
    tokens = [ApiToken.issue(name)[0] for name in ("First system", "Second system")]
    response = admin_client.post(
        admin_url(ApiToken, "changelist"),
        {"action": "revoke_tokens", "_selected_action": [token.pk for token in tokens]},
    )

    assert response.status_code == 302
    revokes = ObjectChange.objects.filter(action="update", content_type__model="apitoken")
    assert sorted(revokes.values_list("object_id", flat=True)) == [t.pk for t in tokens]


def test_the_changes_may_be_read_but_not_added_altered_or_removed(admin_client, renamed_plan):
    change = ObjectChange.objects.first()

    listed = admin_client.get(admin_url(ObjectChange, "changelist"), {"q": "Fire"})
    detail = admin_client.get(admin_url(ObjectChange, "change", change.pk))
    assert listed.status_code == 200
    assert list(listed.context["cl"].result_list) == [change]
    assert detail.status_code == 200
    assert b"Police, Fire and Crime Plan 2016-2020" in detail.content
    assert admin_client.get(admin_url(ObjectChange, "add")).status_code == 403
    assert admin_client.post(admin_url(ObjectChange, "delete", change.pk)).status_code == 403
    assert ObjectChange.objects.filter(pk=change.pk).exists()


def test_the_changelist_shows_every_change_of_one_request(admin_client):
    token, _ = ApiToken.issue("Force data warehouse")
    admin_client.post(
        reverse("admin:api_apitoken_change", args=[token.pk]), {"name": "Data warehouse"}
    )
    change = ObjectChange.objects.exclude(request_id=None).get()

    response = admin_client.get(
        admin_url(ObjectChange, "changelist"), {"request_id": str(change.request_id)}
    )

    assert list(response.context["cl"].result_list) == [change]
