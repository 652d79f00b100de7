"""Choices (a basis, a status, a grade...) are codes in every format, JSON, CSV and Excel
alike, with their labels in a column beside them in CSV and Excel."""

import datetime
import json
import re

import pytest
from django.apps import apps
from django.urls import reverse

from essexperf.exports import Column, labelled
from inspections.models import Inspection
from metrics.models import Observation
from priorities.models import ReportingPeriod
from tests.api_helpers import (
    as_dicts,
    csv_sections,
    model_resources,
    parse_csv,
    parse_xlsx,
    read_body,
)
from tests.conftest import rolled_back
from tests.factories import (
    AssessmentFactory,
    FindingFactory,
    MetricFactory,
    ObservationFactory,
    ReportingPeriodFactory,
)

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^[a-z0-9_]+$")
Q2 = "2017-18-Q2"
# These describe a route's groups and peak times, rows of their own, in words.
WORDED = {"Vulnerable road users", "Peak times"}


@pytest.fixture(scope="module")
def demo(demo_database, django_db_blocker):
    """The September 2017 report with an assessment and a finding it does not hold, added
    once for the module and rolled back after it."""
    with rolled_back(django_db_blocker):
        q2 = ReportingPeriod.objects.get(code=Q2)
        AssessmentFactory(period=q2, commitment=q2.updates.first().commitment)
        FindingFactory(inspection=Inspection.objects.first())
        yield


def every_label():
    """Every label of every field of choices that reads otherwise than its code."""
    return {
        str(label)
        for model in apps.get_models()
        if model._meta.app_label in {"priorities", "metrics", "inspections"}
        for field in model._meta.get_fields()
        if getattr(field, "choices", None)
        for code, label in field.flatchoices
        if str(label) != code
    }


@pytest.mark.parametrize("basename", model_resources())
def test_no_download_holds_a_label_where_a_code_belongs(demo, viewer_client, basename):
    labels = every_label()
    rows = parse_csv(viewer_client.get(reverse(f"api:{basename}-list"), {"format": "csv"}))
    header, *body = rows
    assert body, f"The demo has no {basename}: this test would prove nothing."
    for number, name in enumerate(header):
        if name.endswith(" label"):
            # Beside its codes: the column before holds them.
            assert header[number - 1] == name.removesuffix(" label")
            assert all(not row[number - 1] or CODE.match(row[number - 1]) for row in body)
            continue
        found = set() if name in WORDED else {row[number] for row in body} & labels
        assert not found, f"{basename} {name} holds labels {found}"


def test_the_period_export_holds_codes_with_labels_beside_them(demo, viewer_client):
    url = reverse("api:period-export", args=[Q2])

    sections = csv_sections(parse_csv(viewer_client.get(url, {"format": "csv"})))
    body = json.loads(read_body(viewer_client.get(url, {"format": "json"})))

    [assessment] = as_dicts(sections["Assessments"])
    assert (assessment["Status"], assessment["Status label"]) == ("on_track", "On track")
    figures = {(row["basis"], row["basis_label"]) for row in body["observations"]}
    assert ("point_in_time", "At a date") in figures
    assert all(CODE.match(row["period_status"]) for row in body["updates"])


# One figure's basis, in every format


def first_sheet(response):
    return next(iter(parse_xlsx(response).values()))


ONE_FIGURE = {"metric": "headcount"}


@pytest.fixture
def figure():
    return ObservationFactory(
        metric=MetricFactory(slug="headcount"),
        start_date=datetime.date(2017, 8, 31),
        end_date=datetime.date(2017, 8, 31),
        basis=Observation.Basis.POINT_IN_TIME,
        reported_in=ReportingPeriodFactory(published=True),
    )


def test_a_basis_is_its_code_in_json(viewer_client, figure):
    [row] = viewer_client.get(reverse("api:observation-list"), ONE_FIGURE).json()["results"]

    assert row["basis"] == "point_in_time"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_basis_is_its_code_with_its_label_beside_it_in_a_download(viewer_client, figure, fmt):
    response = viewer_client.get(reverse("api:observation-list"), {"format": fmt, **ONE_FIGURE})
    rows = parse_csv(response) if fmt == "csv" else first_sheet(response)

    header, row = rows
    place = header.index("Basis")
    assert header[place + 1] == "Basis label"
    assert row[place : place + 2] == ["point_in_time", "At a date"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_one_row_asked_for_as_a_download_has_codes_and_labels_too(viewer_client, figure, fmt):
    response = viewer_client.get(
        reverse("api:observation-detail", args=[figure.pk]), {"format": fmt}
    )
    rows = parse_csv(response) if fmt == "csv" else first_sheet(response)

    [row] = as_dicts(rows)
    assert (row["basis"], row["basis_label"]) == ("point_in_time", "At a date")
    assert (row["metric.unit"], row["metric.unit_label"]) == ("count", "Count")
    assert "url_label" not in row


def test_a_stored_code_no_longer_among_the_choices_is_shown_as_it_is():
    [code, label] = labelled(Observation, [Column("Basis", "basis")])
    row = Observation(basis="fortnight")

    assert (code.value(row), label.value(row)) == ("fortnight", "fortnight")


def test_a_column_that_reads_no_field_of_choices_gets_no_label():
    columns = labelled(Observation, [Column("Source", "source"), Column("Sum", lambda row: 1)])

    assert [column.header for column in columns] == ["Source", "Sum"]
