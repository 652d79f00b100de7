"""The audit trail records every create, change and delete in the audited apps, whoever
makes it and however: the admin, the API's data feeds, the importers and commands."""

import datetime
import importlib
import sys
import uuid

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from essexperf.api.models import ApiToken
from essexperf.audit.models import ObjectChange
from essexperf.audit.recording import audited_models, record_changes
from metrics.feeds import write_observations
from metrics.models import Observation
from priorities.models import Commitment, Plan, Priority
from tests.api_helpers import token_client
from tests.factories import (
    AreaFactory,
    CommitmentFactory,
    MetricFactory,
    ObservationFactory,
    PlanFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

CREATE, UPDATE, DELETE = ObjectChange.Action
TOKEN_SECRETS_MIGRATION = importlib.import_module(
    "essexperf.audit.migrations.0003_token_secrets_out_of_the_trail"
)


def changes_of(instance):
    return list(
        ObjectChange.objects.filter(
            content_type__model=instance._meta.model_name, object_id=instance.pk
        ).order_by("id")
    )


def test_every_model_of_the_audited_apps_is_watched():
    models = list(audited_models())

    assert {model._meta.app_label for model in models} == {
        "priorities",
        "metrics",
        "inspections",
        "api",
    }
    for model in models:
        assert post_save.has_listeners(model), model
        assert post_delete.has_listeners(model), model


def test_a_row_created_changed_and_deleted_has_three_records_with_its_values():
    plan = PlanFactory(title="Police and Crime Plan 2016-2020")
    plan.title = "Police, Fire and Crime Plan 2016-2020"
    plan.save()
    pk = plan.pk
    plan.delete()
    plan.pk = pk

    created, changed, deleted = changes_of(plan)
    assert [created.action, changed.action, deleted.action] == [CREATE, UPDATE, DELETE]
    assert created.before is None
    assert created.after["title"] == "Police and Crime Plan 2016-2020"
    assert created.after["start_date"] == "2016-04-01"
    assert changed.changed_fields() == [
        ("title", "Police and Crime Plan 2016-2020", "Police, Fire and Crime Plan 2016-2020")
    ]
    assert deleted.before["title"] == "Police, Fire and Crime Plan 2016-2020"
    assert deleted.after is None
    assert deleted.object_repr == "Police, Fire and Crime Plan 2016-2020"


def test_a_save_that_changes_nothing_records_nothing():
    target = TargetFactory(value="300")
    target.refresh_from_db()
    # The same number, written differently: the record compares values, not their text.
    target.value = 300
    target.save()

    assert [change.action for change in changes_of(target)] == [CREATE]


def test_a_save_of_some_fields_records_the_others_as_the_database_holds_them():
    token, _ = ApiToken.issue("Force data warehouse")
    ApiToken.objects.filter(pk=token.pk).update(name="Renamed elsewhere")
    token.revoke()

    change = changes_of(token)[-1]
    assert change.action == UPDATE
    assert [name for name, _, _ in change.changed_fields()] == ["revoked_at"]
    assert change.after["name"] == "Renamed elsewhere"


def test_a_delete_records_every_row_its_cascade_removes():
    commitment = CommitmentFactory()
    priority, plan = commitment.priority, commitment.priority.plan
    plan.delete()

    deleted = ObjectChange.objects.filter(action=DELETE)
    assert sorted(deleted.values_list("content_type__model", flat=True)) == [
        "commitment",
        "plan",
        "priority",
    ]
    assert not Commitment.objects.exists()
    assert not Priority.objects.exists()
    assert deleted.get(content_type__model="priority").object_id == priority.pk


def test_a_reference_set_to_null_by_a_delete_is_recorded_as_a_change():
    earlier = ObservationFactory(
        start_date=datetime.date(2016, 6, 1), end_date=datetime.date(2016, 8, 31)
    )
    later = ObservationFactory(metric=earlier.metric, compared_with=earlier)
    earlier_pk = earlier.pk
    earlier.delete()

    change = changes_of(later)[-1]
    assert change.action == UPDATE
    assert change.changed_fields() == [("compared_with", earlier_pk, None)]


def test_bulk_writes_are_recorded_in_one_call():
    plans = Plan.objects.bulk_create(
        [PlanFactory.build(title="First plan"), PlanFactory.build(title="Second plan")]
    )
    before = {plans[0].pk: {"title": "First plan"}}
    plans[0].title = "First plan, renamed"

    created = record_changes(created=plans[1:], updated=plans[:1], before=before)

    assert [(change.action, change.object_repr) for change in created] == [
        (CREATE, "Second plan"),
        (UPDATE, "First plan, renamed"),
    ]


def test_a_data_feed_batch_records_what_it_creates_and_changes():
    metric = MetricFactory(slug="hours")
    AreaFactory()
    stored = ObservationFactory(metric=metric, value=100)
    item = {
        "metric": "hours",
        "area": "essex",
        "start_date": "2017-06-01",
        "end_date": "2017-08-31",
        "basis": "three_months",
    }
    write_observations([item | {"value": "150"}, item | {"end_date": "2017-07-31", "value": 9}])

    new = Observation.objects.get(end_date=datetime.date(2017, 7, 31))
    assert [change.action for change in changes_of(new)] == [CREATE]
    assert changes_of(new)[0].after["value"] == "9.0000"
    update = changes_of(stored)[-1]
    assert update.action == UPDATE
    assert ("value", "100.0000", "150.0000") in update.changed_fields()


def test_a_change_in_the_admin_records_the_person_and_the_request(admin_client, admin_user):
    token, _ = ApiToken.issue("Force data warehouse")
    url = reverse("admin:api_apitoken_change", args=[token.pk])
    request_id = uuid.uuid4()
    response = admin_client.post(
        url, {"name": "Data warehouse", "can_write": "on"}, HTTP_X_REQUEST_ID=str(request_id)
    )

    assert response.status_code == 302
    assert response["X-Request-ID"] == str(request_id)
    change = changes_of(token)[-1]
    assert (change.action, change.user, change.user_name) == (UPDATE, admin_user, "admin")
    assert change.request_id == request_id


def test_each_request_gets_an_id_of_its_own_unless_it_sends_one(client):
    first = client.get(reverse("login"))["X-Request-ID"]
    second = client.get(reverse("login"), HTTP_X_REQUEST_ID="not a uuid")["X-Request-ID"]

    assert uuid.UUID(first) != uuid.UUID(second)


def test_a_write_through_the_api_records_the_token_that_made_it():
    MetricFactory(slug="hours", measure="level")
    AreaFactory()
    writer = token_client(can_write=True)
    item = {
        "metric": "hours",
        "area": "essex",
        "date": "2017-09-30",
        "value": "380",
        "basis": "point_in_time",
    }
    response = writer.post(reverse("api:observation-list"), item, content_type="application/json")

    assert response.status_code == 201, response.content
    change = changes_of(Observation.objects.get())[0]
    assert change.user is None
    assert change.user_name.startswith("API token Test system ")
    assert change.request_id is not None


def test_an_api_tokens_records_hold_neither_its_prefix_nor_its_hash():
    token, _ = ApiToken.issue("Force data warehouse")
    token.revoke()
    token.name = "Data warehouse"
    token.save()
    pk = token.pk
    token.delete()

    records = ObjectChange.objects.filter(content_type__model="apitoken", object_id=pk)
    assert [change.action for change in records.order_by("id")] == [CREATE, UPDATE, UPDATE, DELETE]
    for change in records:
        for values in (change.before, change.after):
            assert "prefix" not in (values or {})
            assert "key_hash" not in (values or {})
        assert token.prefix not in change.object_repr
    assert records.get(action=CREATE).after["name"] == "Force data warehouse"


def test_records_made_before_lose_a_tokens_prefix_and_hash_when_migrated():
    prefix, key_hash = "ab12cd34", "f" * 64
    recorded = ObjectChange.objects.create(
        action=UPDATE,
        content_type=ContentType.objects.get_for_model(ApiToken),
        object_id=7,
        object_repr=f"Force data warehouse ({prefix}\u2026, read)",
        before={"name": "Force data warehouse", "prefix": prefix, "key_hash": key_hash},
        after={"name": "Data warehouse", "prefix": prefix, "key_hash": key_hash},
    )
    plan = PlanFactory(title=f"Plan {prefix}")

    TOKEN_SECRETS_MIGRATION.forget_token_secrets(django_apps, None)

    recorded.refresh_from_db()
    assert recorded.object_repr == "Force data warehouse (read)"
    assert recorded.before == {"name": "Force data warehouse"}
    assert recorded.after == {"name": "Data warehouse"}
    assert changes_of(plan)[0].object_repr == f"Plan {prefix}"


def test_a_command_records_its_name(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["manage.py", "loaddemo"])
    call_command("loaddemo", verbosity=0)

    names = set(ObjectChange.objects.values_list("user_name", flat=True))
    assert names == {"manage.py loaddemo"}
    assert ObjectChange.objects.filter(content_type__model="observation").exists()
