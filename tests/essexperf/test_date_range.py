"""Dates within the range the site keeps (settings.EARLIEST_DATE to LATEST_DATE): a date
outside it is refused wherever a person or a system writes one, at its field (or row and
column), saying the range, with nothing written."""

import csv
import datetime
import html
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essexperf.dates import out_of_range, validate_within_range
from inspections.models import Finding, Inspection
from metrics.models import KsiTotal, Observation, Recalculation, Target
from priorities.models import Commitment, Plan, ReportingPeriod
from tests.admin_helpers import admin_url
from tests.api_helpers import error_of, token_client
from tests.factories import (
    AreaFactory,
    CommitmentFactory,
    FindingFactory,
    InspectionFactory,
    KsiTotalFactory,
    MetricFactory,
    ObservationFactory,
    PlanFactory,
    RecalculationFactory,
    ReportingPeriodFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

FIRST, LAST = datetime.date(1990, 1, 1), datetime.date(2100, 12, 31)


def outside(written, range_given="give one from 1990-01-01 to 2100-12-31."):
    return f"{written} is outside the dates this site accepts: {range_given}"


TOO_LATE, TOO_EARLY = outside("9999-12-31"), outside("0001-01-01")


# The rule


def test_the_first_and_last_days_of_the_range_are_within_it():
    assert out_of_range(FIRST) is None
    assert out_of_range(LAST) is None


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (datetime.date(1989, 12, 31), outside("1989-12-31")),
        (datetime.date(2101, 1, 1), outside("2101-01-01")),
        (datetime.date.min, TOO_EARLY),
    ],
)
def test_a_day_beyond_the_range_is_refused_saying_the_range(day, reason):
    assert out_of_range(day) == reason
    with pytest.raises(ValidationError) as raised:
        validate_within_range(day)
    assert raised.value.messages == [reason]


def test_the_range_is_the_one_the_settings_state(settings):
    settings.EARLIEST_DATE = datetime.date(2010, 4, 1)

    range_given = "give one from 2010-04-01 to 2100-12-31."
    assert out_of_range(datetime.date(2010, 3, 31)) == outside("2010-03-31", range_given)


# Every date field of the models, as the admin and the importers check them


DATE_FIELDS = [
    (PlanFactory, "start_date"),
    (PlanFactory, "end_date"),
    (CommitmentFactory, "introduced_on"),
    (CommitmentFactory, "retired_on"),
    (ReportingPeriodFactory, "start_date"),
    (ReportingPeriodFactory, "end_date"),
    (ReportingPeriodFactory, "data_to"),
    (ReportingPeriodFactory, "published_on"),
    (ObservationFactory, "start_date"),
    (ObservationFactory, "end_date"),
    (ObservationFactory, "data_to"),
    (TargetFactory, "due_date"),
    (RecalculationFactory, "date"),
    (KsiTotalFactory, "start_date"),
    (KsiTotalFactory, "end_date"),
    (InspectionFactory, "published_on"),
    (InspectionFactory, "next_inspection_due"),
    (FindingFactory, "due_date"),
    (FindingFactory, "closed_on"),
]


@pytest.mark.parametrize("day", [datetime.date.min, datetime.date.max], ids=str)
@pytest.mark.parametrize(("factory", "name"), DATE_FIELDS)
def test_each_date_field_of_the_models_refuses_a_day_out_of_range_at_the_field(factory, name, day):
    row = factory()
    setattr(row, name, day)

    with pytest.raises(ValidationError) as raised:
        row.full_clean()

    assert out_of_range(day) in raised.value.message_dict[name]


def test_every_date_field_the_app_stores_is_checked():
    models = [Plan, Commitment, ReportingPeriod, Observation, Target, KsiTotal, Inspection]
    models += [Finding, Recalculation]
    stored = {
        (model, field.name)
        for model in models
        for field in model._meta.get_fields()
        if field.get_internal_type() == "DateField"
    }

    assert stored == {(factory._meta.model, name) for factory, name in DATE_FIELDS}


def test_the_admin_refuses_an_observation_dated_out_of_range_at_its_field(editor_client):
    metric, area = MetricFactory(), AreaFactory()
    data = {
        "metric": metric.pk,
        "area": area.pk,
        "start_date": "2017-06-01",
        "end_date": "9999-12-31",
        "value": "5",
        "basis": "three_months",
    }

    response = editor_client.post(admin_url(Observation, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end_date"] == [TOO_LATE]
    assert not Observation.objects.exists()


# The API: a list's filters and a feed's items


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("api:observation-list", {"to": "9999-12-31"}, "to"),
        ("api:target-list", {"due_date_after": "9999-12-31"}, "due_date"),
        ("api:finding-list", {"due_date_before": "9999-12-31"}, "due_date"),
    ],
)
def test_a_filter_dated_out_of_range_is_refused_at_the_filter(viewer_client, name, params, field):
    error = error_of(viewer_client.get(reverse(name), params), 400)

    assert error["fields"][field] == [TOO_LATE]


@pytest.fixture
def feed():
    MetricFactory(slug="calls")
    AreaFactory()
    return token_client(can_write=True)


def item(**changes):
    base = {"metric": "calls", "area": "essex", "value": "5", "basis": "month"}
    return base | {"start_date": "2018-02-01", "end_date": "2018-02-28"} | changes


def reasons(response):
    return {
        (problem["field"], problem["reason"])
        for problem in error_of(response, 400)["fields"]["items"]
    }


def post(feed, body):
    return feed.post(reverse("api:observation-list"), body, content_type="application/json")


def test_a_feed_item_dated_out_of_range_is_refused_at_each_field_with_nothing_written(feed):
    response = post(feed, [item(end_date="9999-12-31", data_to="0001-01-01")])

    assert reasons(response) == {("end_date", TOO_LATE), ("data_to", TOO_EARLY)}
    assert not Observation.objects.exists()


def test_a_level_dated_out_of_range_is_refused_at_its_date(feed):
    response = post(feed, [item(start_date=None, end_date=None, date="0001-01-01")])

    assert reasons(response) == {("date", TOO_EARLY)}


def test_a_comparison_dated_out_of_range_is_refused_at_the_comparisons_field(feed):
    response = post(feed, [item(compared_with={"date": "9999-12-31"})])

    assert reasons(response) == {("compared_with.date", TOO_LATE)}


def test_changing_an_observations_cut_off_to_a_date_out_of_range_is_refused(feed):
    written = post(feed, [item()]).json()["observations"][0]["id"]

    response = feed.patch(
        reverse("api:observation-detail", args=[written]),
        {"data_to": "9999-12-31"},
        content_type="application/json",
    )

    assert reasons(response) == {("data_to", TOO_LATE)}
    assert Observation.objects.get().data_to is None


# An upload of figures


def test_an_uploaded_row_dated_out_of_range_is_refused_at_its_row_and_column(editor_client):
    MetricFactory(slug="calls")
    AreaFactory()
    text = io.StringIO()
    rows = [
        ["metric", "area", "start_date", "end_date", "value", "basis"],
        ["calls", "essex", "01/01/0001", "31/08/2018", "10", "month"],
    ]
    csv.writer(text).writerows(rows)
    file = SimpleUploadedFile("figures.csv", text.getvalue().encode())

    response = editor_client.post(reverse("admin:metrics_observation_upload"), {"file": file})

    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    reason = outside("'01/01/0001'")
    assert f"Row 2, column start_date: {reason}" in words
    assert response.context["payload"] is None
    assert not Observation.objects.exists()
