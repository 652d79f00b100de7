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


def test_the_history_page_is_refused_to_staff_who_may_not_view_the_object(
    django_user_model, client, renamed_plan
):
    staff = django_user_model.objects.create_user(username="stan", is_staff=True)
    client.force_login(staff)
    url = admin_url(renamed_plan, "history", renamed_plan.pk)

    assert client.get(url).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_plan"))
    assert client.get(url).status_code == 200


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
