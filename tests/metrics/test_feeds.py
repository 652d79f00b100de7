"""The one write path of observations: a batch of items checked whole and written whole."""

import datetime
import math
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.query import QuerySet

from essexperf.audit.models import ObjectChange
from metrics.feeds import (
    CREATED,
    UNCHANGED,
    UPDATED,
    FeedError,
    FeedRejected,
    check_observations,
    write_observations,
)
from metrics.models import Metric, Observation
from tests.factories import (
    AreaFactory,
    MetricFactory,
    ObservationFactory,
    ReportingPeriodFactory,
)

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2017, 6, 1)
AUGUST = datetime.date(2017, 8, 31)


@pytest.fixture
def metric():
    return MetricFactory(slug="applications", name="Applications")


@pytest.fixture
def headcount():
    return MetricFactory(slug="headcount", name="Headcount", measure=Metric.Measure.LEVEL)


@pytest.fixture
def area():
    return AreaFactory()


def item(**changes):
    base = {
        "metric": "applications",
        "area": "essex",
        "start_date": "2017-06-01",
        "end_date": "2017-08-31",
        "value": "460",
        "basis": "three_months",
    }
    return base | changes


def level(**changes):
    base = {"metric": "headcount", "area": "essex", "value": "374", "basis": "point_in_time"}
    return base | changes


def rejected(items):
    with pytest.raises(FeedRejected) as caught:
        write_observations(items)
    return caught.value.errors


def test_a_new_item_creates_its_observation(metric, area):
    result = write_observations([item(source="Force performance unit", caveat="Estimated.")])

    [observation] = Observation.objects.all()
    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    assert result.entries[0].observation == observation
    assert observation.metric == metric
    assert observation.area == area
    assert (observation.start_date, observation.end_date) == (JUNE, AUGUST)
    assert observation.value == Decimal("460")
    assert observation.source == "Force performance unit"
    assert observation.caveat == "Estimated."


def test_writing_the_same_batch_twice_changes_nothing_the_second_time(metric, area):
    batch = [item(), item(start_date="2017-03-01", end_date="2017-05-31", value="420")]
    write_observations(batch)
    before = list(Observation.objects.values())

    result = write_observations(batch)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert [entry.outcome for entry in result.entries] == [UNCHANGED, UNCHANGED]
    assert list(Observation.objects.values()) == before


def test_a_changed_item_updates_its_observation_rather_than_adding_one(metric, area):
    existing = ObservationFactory(metric=metric, area=area, start_date=JUNE, end_date=AUGUST)

    result = write_observations([item(value="461.5", caveat="Revised.")])

    existing.refresh_from_db()
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert Observation.objects.count() == 1
    assert existing.value == Decimal("461.5")
    assert existing.caveat == "Revised."


def test_an_item_states_the_whole_observation_so_a_field_left_out_is_cleared(metric, area):
    ObservationFactory(metric=metric, area=area, start_date=JUNE, end_date=AUGUST, caveat="Old.")

    write_observations([item(value="100")])

    assert Observation.objects.get().caveat == ""


def test_the_given_source_fills_items_that_name_none(metric, area):
    write_observations([item(), item(end_date="2017-07-31", source="Own")], source="Force system")

    sources = sorted(Observation.objects.values_list("source", flat=True))
    assert sources == ["Force system", "Own"]


def test_a_batch_with_one_bad_item_writes_nothing_and_names_the_item_field_and_reason(metric, area):
    errors = rejected([item(), item(end_date="2017-07-31", value="-4")])

    assert errors == [FeedError(1, "value", "Applications cannot be below 0.")]
    assert not Observation.objects.exists()


def test_every_invalid_item_is_reported_with_each_of_its_problems(metric, area):
    errors = rejected(
        [
            item(value="many"),
            "not an object",
            item(metric="no-such-metric", area="atlantis", basis="fortnight"),
            item(end_date="2017-02-30", colour="red"),
            {},
        ]
    )

    assert {(error.index, error.field) for error in errors} == {
        (0, "value"),
        (1, None),
        (2, "metric"),
        (2, "area"),
        (2, "basis"),
        (3, "end_date"),
        (3, "colour"),
        *((4, name) for name in ("metric", "area", "start_date", "end_date", "value", "basis")),
    }
    assert FeedError(2, "metric", "There is no metric 'no-such-metric'.") in errors
    assert FeedError(2, "basis", "Value 'fortnight' is not a valid choice.") in errors


def test_the_models_rules_apply_as_in_the_admin(metric, area):
    errors = rejected([item(end_date="2017-05-31"), item(start_date="2017-09-01", value="1.23456")])

    reasons = {(error.index, error.field): error.reason for error in errors}
    assert reasons[(0, "end_date")] == "An observation cannot end before it starts."
    assert "4 decimal places" in reasons[(1, "value")]


def test_text_and_numbers_a_database_cannot_hold_are_refused(metric, area):
    errors = rejected(
        [
            item(value=float("inf")),
            item(end_date="2017-07-31", caveat="a\x00b"),
            item(end_date="2017-06-30", value=True),
        ]
    )

    assert [(error.index, error.field) for error in errors] == [
        (0, "value"),
        (1, "caveat"),
        (2, "value"),
    ]


def test_an_item_sent_twice_in_one_batch_is_refused(metric, area):
    errors = rejected([item(), item(value="1")])

    assert errors == [
        FeedError(1, None, "Item 0 has the same metric, area and dates: send each once.")
    ]


def test_an_observation_of_a_published_period_cannot_be_changed(metric, area):
    period = ReportingPeriodFactory(published=True)
    ObservationFactory(
        metric=metric, area=area, start_date=JUNE, end_date=AUGUST, reported_in=period
    )

    errors = rejected([item(value="999", reported_in=period.code)])

    assert errors == [
        FeedError(
            0,
            "reported_in",
            "This observation is reported in 2017-18-Q2, which is published: it cannot be changed.",
        )
    ]
    assert Observation.objects.get().value == Decimal("100")


def test_a_published_periods_figures_sent_again_unchanged_are_accepted(metric, area):
    period = ReportingPeriodFactory(published=True)
    ObservationFactory(
        metric=metric, area=area, start_date=JUNE, end_date=AUGUST, reported_in=period
    )

    result = write_observations([item(value="100", reported_in=period.code)])

    assert result.unchanged == 1


def test_no_figure_can_be_added_to_a_published_period(metric, area):
    period = ReportingPeriodFactory(published=True)

    errors = rejected([item(reported_in=period.code)])

    assert errors == [
        FeedError(0, "reported_in", "2017-18-Q2 is published: no figure can be added to it.")
    ]


def test_a_draft_period_is_named_by_its_code(metric, area):
    period = ReportingPeriodFactory()

    write_observations([item(reported_in="2017-18-Q2")])

    assert Observation.objects.get().reported_in == period


def test_an_unknown_or_malformed_period_is_refused(metric, area):
    errors = rejected(
        [item(reported_in="2016-17-Q1"), item(end_date="2017-07-31", reported_in="Q2")]
    )

    assert [(error.index, error.field) for error in errors] == [
        (0, "reported_in"),
        (1, "reported_in"),
    ]
    assert errors[0].reason == "There is no period '2016-17-Q1'."


def test_a_level_is_given_by_one_date(headcount, area):
    write_observations([level(date="2017-08-31")])

    observation = Observation.objects.get()
    assert observation.start_date == observation.end_date == AUGUST


def test_a_level_over_a_period_is_refused_at_its_dates(headcount, area):
    errors = rejected([item(metric="headcount")])

    assert errors == [
        FeedError(
            0, "start_date", "Headcount is a level at a date: start and end are the same day."
        )
    ]


def test_one_date_and_a_start_or_end_date_together_are_refused(headcount, area):
    errors = rejected([item(metric="headcount", date="2017-08-31")])

    assert [(error.index, error.field) for error in errors] == [(0, "date")]


def test_a_comparison_names_the_earlier_observation_by_its_dates(headcount, area):
    earlier = ObservationFactory(
        metric=headcount, area=area, start_date=JUNE, end_date=JUNE, value=332
    )

    write_observations([level(date="2017-08-31", compared_with={"date": JUNE})])

    later = Observation.objects.get(end_date=AUGUST)
    assert later.compared_with == earlier
    assert later.change().difference == Decimal("42")


def test_a_comparison_may_name_an_observation_earlier_in_the_same_batch(metric, area):
    write_observations(
        [
            item(end_date="2017-06-30", value="150"),
            item(
                start_date="2017-07-01",
                value="160",
                compared_with={"start_date": "2017-06-01", "end_date": "2017-06-30"},
            ),
        ]
    )

    later = Observation.objects.get(start_date=datetime.date(2017, 7, 1))
    assert later.compared_with.value == Decimal("150")


def test_a_stored_observation_may_be_compared_with_one_new_in_the_same_batch(metric, area):
    later = ObservationFactory(metric=metric, area=area, start_date=JUNE, end_date=AUGUST)
    comparison = {"start_date": "2017-03-01", "end_date": "2017-05-31"}

    write_observations(
        [item(start_date="2017-03-01", end_date="2017-05-31"), item(compared_with=comparison)]
    )

    later.refresh_from_db()
    assert later.compared_with.end_date == datetime.date(2017, 5, 31)


def test_a_comparison_with_another_areas_observation_names_that_area(metric, area):
    district = AreaFactory(slug="basildon", name="Basildon", kind="district")
    earlier = ObservationFactory(metric=metric, area=district, start_date=JUNE, end_date=AUGUST)

    comparison = {"area": "basildon", "start_date": "2017-06-01", "end_date": "2017-08-31"}
    write_observations([item(compared_with=comparison)])

    assert Observation.objects.get(area=area).compared_with == earlier


def test_a_comparison_with_nothing_or_with_itself_is_refused(metric, area):
    errors = rejected(
        [
            item(compared_with={"start_date": "2016-06-01", "end_date": "2016-08-31"}),
            item(start_date="2017-07-01", compared_with={"start_date": "2017-07-01"}),
            item(
                start_date="2017-08-01",
                compared_with={"start_date": "2017-08-01", "end_date": "2017-08-31"},
            ),
        ]
    )

    assert errors == [
        FeedError(
            0,
            "compared_with",
            "There is no applications observation for 'essex' from 2016-06-01 to 2016-08-31 "
            "to compare with: send that one first.",
        ),
        FeedError(1, "compared_with.end_date", "This field is required."),
        FeedError(2, "compared_with", "An observation cannot be compared with itself."),
    ]


def test_a_check_reports_what_writing_would_do_and_writes_nothing(metric, area):
    ObservationFactory(metric=metric, area=area, start_date=JUNE, end_date=AUGUST)

    result = check_observations([item(value="101"), item(end_date="2017-07-31")])

    assert [entry.outcome for entry in result.entries] == [UPDATED, CREATED]
    assert not result.errors
    assert Observation.objects.get().value == Decimal("100")


def test_an_empty_batch_or_one_over_the_limit_is_refused(metric, area):
    too_many = [item(end_date=f"2017-08-{day:02d}") for day in range(1, 32)] * 33

    assert rejected([]) == [FeedError(None, None, "Send at least one observation.")]
    assert rejected(too_many) == [
        FeedError(None, None, "Send at most 1000 observations at a time.")
    ]


def statements_to_insert(count, model=Observation):
    """How many INSERTs Django splits `count` new rows into: one, unless the database caps
    a statement's parameters (SQLite's 999 hold 90 observations of 11 columns)."""
    columns = [field for field in model._meta.concrete_fields if not field.primary_key]
    return math.ceil(count / connection.ops.bulk_batch_size(columns, [None] * count))


@pytest.mark.parametrize("size", [10, 100])
def test_a_batchs_queries_do_not_grow_with_its_items(
    size, headcount, area, django_assert_num_queries
):
    """Half the batch updates stored observations; the other half is new, each compared with
    one of those, and all are reported in a period."""
    ReportingPeriodFactory()
    days = [JUNE + datetime.timedelta(days=n) for n in range(size)]
    half = size // 2
    Observation.objects.bulk_create(
        Observation(metric=headcount, area=area, start_date=d, end_date=d, value=1, basis="month")
        for d in days[:half]
    )
    items = [
        level(date=day, value=n, reported_in="2017-18-Q2")
        | ({"compared_with": {"date": days[n - half]}} if n >= half else {})
        for n, day in enumerate(days)
    ]

    # The audit trail's content type is read once per process, not per batch.
    ContentType.objects.get_for_model(Observation)
    # A savepoint, the metrics, the areas, the periods and the stored observations named,
    # the versions of the changed ones (locked), the INSERT of the new ones, the check that
    # none of the rows about to be updated is frozen, the UPDATE of the changed ones, the
    # INSERT of the audit trail's records of both, the UPDATE of the pages' data version,
    # and the savepoint's release.
    with django_assert_num_queries(
        9 + statements_to_insert(size - half) + statements_to_insert(size, ObjectChange) + 1
    ):
        result = write_observations(items)

    assert (result.created, result.updated) == (size - half, half)


def test_a_failure_while_writing_leaves_nothing_written(metric, area):
    existing = ObservationFactory(metric=metric, area=area, start_date=JUNE, end_date=AUGUST)
    batch = [item(value="200"), item(end_date="2017-07-31")]

    # The new observation is inserted before the changed one is updated, which fails.
    with (
        mock.patch.object(QuerySet, "bulk_update", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        write_observations(batch)

    assert list(Observation.objects.all()) == [existing]
    assert Observation.objects.get().value == Decimal("100")
