"""Bulk writes keep the rules a save keeps (the freeze, the versions, the audit trail, the
pages' data version), because there is one way to make them: priorities.writes."""

import ast
import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction

from essexperf.audit.models import ObjectChange
from essexperf.pagecache.versions import data_version
from metrics.models import Observation
from priorities.freeze import Frozen, FrozenWhenPublished
from priorities.models import Plan
from priorities.writes import StaleRows, write_rows
from tests.factories import AreaFactory, MetricFactory, ObservationFactory, ReportingPeriodFactory

ROOT = Path(__file__).resolve().parents[2]
# The apps and the pages composed of them; the shared layer below writes only its own tables
# (the trail, the data version) and restores whole databases.
SOURCES = ["priorities", "metrics", "inspections", "essexperf/site"]
WRITES = ROOT / "priorities" / "writes.py"
BULK = {"bulk_create", "bulk_update"}
DAY = datetime.date(2017, 8, 31)

pytestmark = pytest.mark.django_db


def calls_in(path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node


def root_name(node):
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def source_files():
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_bulk_write_is_made_but_through_the_one_write_function():
    found = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path in source_files()
        if path != WRITES
        for call in calls_in(path)
        if call.func.attr in BULK
    ]
    assert found == []


def test_no_querysets_update_of_a_report_editions_rows_is_made_in_the_apps():
    frozen = {m.__name__ for m in apps.get_models() if issubclass(m, FrozenWhenPublished)}
    found = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path in source_files()
        for call in calls_in(path)
        if call.func.attr == "update" and root_name(call.func) in frozen
    ]
    assert found == []


def figure(**fields):
    metric, area = MetricFactory(), AreaFactory()
    return Observation(metric=metric, area=area, start_date=DAY, end_date=DAY, value=5, **fields)


def test_rows_written_are_recorded_in_the_trail_and_renew_the_pages_data_version():
    before = data_version()
    [row] = write_rows(Observation, created=[figure()])
    assert data_version() != before
    change = ObjectChange.objects.get(content_type__model="observation")
    assert (change.action, change.object_id) == ("create", row.pk)


def test_generated_rows_are_left_out_of_the_trail():
    write_rows(Observation, created=[figure()], audit=False)
    assert Observation.objects.count() == 1
    assert not ObjectChange.objects.filter(content_type__model="observation").exists()


def test_an_update_from_an_older_version_is_refused_and_writes_nothing():
    row = ObservationFactory(value=10)
    Observation.objects.get(pk=row.pk).save()  # someone else's save: version 2
    row.value = 20
    with pytest.raises(StaleRows), transaction.atomic():
        write_rows(Observation, updated=[row], fields=["value"])
    stored = Observation.objects.get()
    assert (stored.value, stored.version) == (10, 2)


def test_an_update_moves_each_rows_version_on():
    row = ObservationFactory(value=10)
    row.value = 20
    write_rows(Observation, updated=[row], fields=["value"])
    stored = Observation.objects.get()
    assert (stored.value, stored.version) == (20, 2)


def test_a_published_row_is_not_updated():
    period = ReportingPeriodFactory(status="published", published_on=DAY)
    row = ObservationFactory(reported_in=period, value=10)
    row.value = 20
    with pytest.raises(Frozen), transaction.atomic():
        write_rows(Observation, updated=[row], fields=["value"])
    assert Observation.objects.get().value == 10


def test_a_new_row_may_name_another_new_row_of_the_same_call():
    earlier = figure()
    later = Observation(
        metric=earlier.metric,
        area=earlier.area,
        start_date=DAY + datetime.timedelta(days=1),
        end_date=DAY + datetime.timedelta(days=1),
        value=6,
        compared_with=earlier,
    )
    write_rows(Observation, created=[later, earlier])
    assert Observation.objects.get(value=6).compared_with_id == earlier.pk


def test_a_model_with_no_reference_to_itself_is_written_as_it_is():
    [plan] = write_rows(
        Plan,
        created=[Plan(title="Plan", start_date=DAY, end_date=DAY + datetime.timedelta(days=9))],
    )
    assert Plan.objects.get().pk == plan.pk
