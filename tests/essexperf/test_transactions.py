"""Writes of many rows are all or nothing: a failure in the middle leaves nothing half-written."""

import datetime
import itertools

import pytest
from django.core.management import call_command
from django.db.models.query import QuerySet

from essexperf.audit.models import ObjectChange
from metrics.feeds import write_observations
from metrics.models import Observation
from priorities import workflow
from priorities.models import Plan, ReportingPeriod
from tests.audit.archive_helpers import every_row
from tests.factories import AreaFactory, MetricFactory, ObservationFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


def failing_on_call(number, method):
    """The method, raising instead on its call of the number given."""
    calls = itertools.count(1)

    def wrapper(*args, **kwargs):
        if next(calls) == number:
            raise RuntimeError("disk full")
        return method(*args, **kwargs)

    return wrapper


def test_a_feed_batch_that_fails_while_recording_leaves_nothing_written(monkeypatch):
    metric, area = MetricFactory(slug="hours"), AreaFactory()
    stored = ObservationFactory(metric=metric, area=area, value=100)
    item = {"metric": "hours", "area": "essex", "basis": "three_months"}
    batch = [
        item | {"start_date": "2017-06-01", "end_date": "2017-08-31", "value": "150"},
        item | {"start_date": "2017-06-01", "end_date": "2017-07-31", "value": "9"},
    ]
    # The first bulk insert is the new observation's; the second, the audit trail's.
    monkeypatch.setattr(QuerySet, "bulk_create", failing_on_call(2, QuerySet.bulk_create))
    changes = ObjectChange.objects.count()

    with pytest.raises(RuntimeError):
        write_observations(batch)

    assert list(Observation.objects.all()) == [stored]
    assert Observation.objects.get().value == 100
    assert ObjectChange.objects.count() == changes


def test_a_demo_load_that_fails_halfway_leaves_nothing_loaded(monkeypatch):
    monkeypatch.setattr(Observation, "save", failing_on_call(5, Observation.save))

    with pytest.raises(RuntimeError):
        call_command("loaddemo", verbosity=0)

    assert not Plan.objects.exists()
    assert not Observation.objects.exists()
    assert not ObjectChange.objects.exists()


def test_an_import_that_fails_halfway_leaves_the_database_as_it_was(demo, tmp_path, monkeypatch):
    archive = tmp_path / "archive.jsonl"
    call_command("exportall", str(archive), verbosity=0)
    Plan.objects.update(title="Changed since the export")
    before = every_row()
    monkeypatch.setattr(QuerySet, "bulk_create", failing_on_call(12, QuerySet.bulk_create))

    with pytest.raises(RuntimeError):
        call_command("importall", str(archive), interactive=False, verbosity=0)

    assert every_row() == before


def test_a_publication_that_fails_while_recording_leaves_the_period_in_review(
    approver, monkeypatch
):
    period = ReportingPeriodFactory(status=ReportingPeriod.Status.IN_REVIEW)
    monkeypatch.setattr(QuerySet, "bulk_create", failing_on_call(1, QuerySet.bulk_create))

    with pytest.raises(RuntimeError):
        workflow.publish(
            period, approver, on=datetime.date(2017, 10, 2), reason="Its roads tables follow."
        )

    period.refresh_from_db()
    assert period.status == ReportingPeriod.Status.IN_REVIEW
    assert period.published_on is None
