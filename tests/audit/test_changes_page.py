"""The page of changes since the latest report edition was published, for approvers and
administrators, who read the audit trail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from essexperf.api.models import ApiToken
from essexperf.audit.models import ObjectChange
from tests.factories import PlanFactory, ReportingPeriodFactory, TargetFactory
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

CHANGES = reverse("audit:changes")
PUBLISHED_ON = datetime.date(2017, 10, 2)


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def dated(day, hour=12):
    """Move the newest recorded change to the day given."""
    change = ObjectChange.objects.first()
    ObjectChange.objects.filter(pk=change.pk).update(time=at(day, hour))
    return change


@pytest.fixture
def published():
    period = ReportingPeriodFactory(published=True, published_on=PUBLISHED_ON)
    ObjectChange.objects.all().delete()
    return period


def groups_of(response):
    return {name: [change for change, _ in changes] for name, changes in response.context["groups"]}


def test_changes_since_publication_are_listed_by_model_with_their_fields(
    approver_client, published
):
    PlanFactory(title="Old plan")
    dated(PUBLISHED_ON - datetime.timedelta(days=1))
    plan = PlanFactory(title="New plan")
    created = dated(PUBLISHED_ON, hour=0)
    plan.title = "Renamed plan"
    plan.save()
    renamed = dated(PUBLISHED_ON + datetime.timedelta(days=3))
    TargetFactory()
    target = ObjectChange.objects.get(content_type__model="target")

    response = approver_client.get(CHANGES)

    assert response.status_code == 200
    assert response.context["period"] == published
    groups = groups_of(response)
    assert groups["Plans"] == [renamed, created]
    assert groups["Targets"] == [target]
    assert "Metrics" in groups
    content = response.content.decode()
    assert "Renamed plan" in content
    assert "Old plan" not in content


def test_with_nothing_published_every_change_is_listed(approver_client):
    PlanFactory(title="Police and Crime Plan 2016-2020")
    dated(datetime.date(2001, 1, 1))

    response = approver_client.get(CHANGES)

    assert response.context["period"] is None
    assert [change.object_repr for change in groups_of(response)["Plans"]] == [
        "Police and Crime Plan 2016-2020"
    ]


@pytest.mark.parametrize("targets", [1, 20])
def test_the_page_reads_a_fixed_number_of_queries(
    approver_client, published, django_assert_num_queries, targets
):
    for _ in range(targets):
        TargetFactory()

    # The session, the user, their permissions, the latest published period, and the
    # changes with their content types.
    with django_assert_num_queries(4 + PERMISSION_QUERIES):
        response = approver_client.get(CHANGES)

    assert len(groups_of(response)["Targets"]) == targets


def test_approvers_and_administrators_read_the_page(approver_client, administrator_client):
    assert approver_client.get(CHANGES).status_code == 200
    assert administrator_client.get(CHANGES).status_code == 200


def test_editors_staff_in_no_group_and_viewers_are_refused(
    editor_client, viewer_client, django_user_model, client
):
    client.force_login(django_user_model.objects.create_user(username="stan", is_staff=True))

    assert editor_client.get(CHANGES).status_code == 403
    assert client.get(CHANGES).status_code == 403
    assert viewer_client.get(CHANGES).status_code == 403


def test_visitors_are_sent_to_sign_in(outsider):
    response = outsider.get(CHANGES)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_api_tokens_prefix_and_hash_are_not_shown(approver_client):
    token, _ = ApiToken.issue("Force data warehouse")
    token.revoke()

    content = approver_client.get(CHANGES).content.decode()

    assert "Force data warehouse" in content
    assert token.prefix not in content
    assert token.key_hash not in content
