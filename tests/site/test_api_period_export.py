"""A period's whole report as one download, checked against the September 2017 report."""

import json

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from essexperf.site.period_export import SECTION_KEYS, SECTIONS
from inspections.models import Finding, Inspection
from metrics.models import KsiRoute, KsiTotal, Observation, Target
from priorities.models import Assessment, ReportingPeriod, Update
from tests.api_helpers import (
    as_dicts,
    csv_sections,
    error_of,
    parse_csv,
    parse_xlsx,
    read_body,
    token_client,
)
from tests.query_counts import PERMISSION_QUERIES

# Every test here exports the demo period.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

CODE = "2017-18-Q2"
FORMATS = ["json", "csv", "xlsx"]


@pytest.fixture
def reader(viewer):
    client = Client()
    client.force_login(viewer)
    return client


def export(client, fmt, reference=CODE):
    return client.get(f"/api/v1/periods/{reference}/export.{fmt}")


def expected_counts():
    """Each section's rows as the database holds them."""
    period = ReportingPeriod.objects.get(code=CODE)
    reported = Observation.objects.filter(reported_in=period)
    querysets = [
        Update.objects.filter(period=period),
        Assessment.objects.filter(period=period),
        reported,
        Target.objects.filter(metric__in=reported.values("metric")),
        # The September 2017 report prints all four grade rows, Leadership's undated one too.
        Inspection.objects.all(),
        Finding.objects.all(),
        KsiRoute.objects.filter(period=period),
        KsiTotal.objects.filter(period=period),
    ]
    return {name: queryset.count() for name, queryset in zip(SECTIONS, querysets, strict=True)}


def test_the_json_export_holds_every_section_with_the_databases_rows(reader):
    body = json.loads(read_body(export(reader, "json")))
    assert list(body) == ["period", *SECTION_KEYS]
    counts = {name: len(body[key]) for name, key in zip(SECTIONS, SECTION_KEYS, strict=True)}
    assert counts == expected_counts()
    assert body["period"]["code"] == CODE
    assert body["period"]["status"] == "published"


def test_each_json_row_has_a_key_for_every_column_of_the_workbook(reader):
    body = json.loads(read_body(export(reader, "json")))
    workbook = parse_xlsx(export(reader, "xlsx"))
    for name, key in zip(SECTIONS, SECTION_KEYS, strict=True):
        for row in body[key]:
            assert len(row) == len(workbook[name][0]), name


def test_the_json_export_states_the_reports_figures(reader):
    body = json.loads(read_body(export(reader, "json")))
    assert len(body["updates"]) == 59
    (total,) = body["ksi_totals"]
    assert (total["casualties"], total["casualties_a_year_before"]) == (403, 450)
    first_route = body["ksi_routes"][0]
    assert first_route["road"] == "B1414"
    assert first_route["collisions_in_the_last_3_months"] == 5
    assert first_route["increase_on_5_year_average"] == "114.0"
    cadets = [target for target in body["targets"] if target["metric"] == "Volunteer Police Cadets"]
    assert [(target["value"], target["due_date"]) for target in cadets] == [
        ("300.0000", "2018-12-31")
    ]


def test_the_csv_export_holds_every_section_under_its_name(reader):
    response = export(reader, "csv")
    sections = csv_sections(parse_csv(response))
    assert list(sections) == SECTIONS
    assert {name: len(rows) - 1 for name, rows in sections.items()} == expected_counts()
    (total,) = as_dicts(sections["KSI totals"])
    assert (total["Casualties"], total["Casualties a year before"]) == ("403", "450")
    route = as_dicts(sections["KSI routes"])[0]
    assert (route["Road"], route["Collisions in the last 3 months"]) == ("B1414", "5")
    assert route["Increase on 5-year average (%)"] == "114"


def test_the_xlsx_export_holds_every_section_as_a_sheet(reader):
    workbook = parse_xlsx(export(reader, "xlsx"))
    assert list(workbook) == SECTIONS
    assert {name: len(rows) - 1 for name, rows in workbook.items()} == expected_counts()
    (total,) = as_dicts(workbook["KSI totals"])
    assert (total["Casualties"], total["Casualties a year before"]) == (403, 450)
    route = as_dicts(workbook["KSI routes"])[0]
    assert (route["Road"], route["Collisions in the last 3 months"]) == ("B1414", 5)
    assert route["Increase on 5-year average (%)"] == 114
    assert len(workbook["Updates"]) - 1 == 59


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_is_streamed_and_named_after_the_period(reader, fmt):
    response = export(reader, fmt)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == f'attachment; filename="essexperf-{CODE}.{fmt}"'


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_is_found_by_the_periods_id_too(reader, fmt):
    # Compared parsed: each workbook's zip entries carry the time they were written.
    parse = parse_xlsx if fmt == "xlsx" else read_body
    period = ReportingPeriod.objects.get(code=CODE)
    assert parse(export(reader, fmt, reference=period.pk)) == parse(export(reader, fmt))


def test_the_format_may_be_asked_for_as_a_parameter(reader):
    response = reader.get(f"/api/v1/periods/{CODE}/export/?format=csv")
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("more_updates", [0, 300])
@pytest.mark.parametrize("fmt", FORMATS)
def test_reading_the_export_takes_the_same_queries_however_many_rows(
    reader, django_assert_num_queries, fmt, more_updates
):
    period = ReportingPeriod.objects.get(code=CODE)
    commitment = Update.objects.filter(period=period).first().commitment
    Update.objects.bulk_create(
        Update(commitment=commitment, period=period, order=100 + n, text=f"Item {n}.")
        for n in range(more_updates)
    )
    # The session, the user, the period; the updates with their footnotes' text; the
    # assessments; the observations; the targets; the inspections with the count of each
    # kind of their findings; the findings; the KSI routes with their vulnerable groups and
    # peak times; the KSI totals; their periods' top districts.
    with django_assert_num_queries(12 + PERMISSION_QUERIES):
        read_body(export(reader, fmt))


def test_a_draft_periods_export_is_seen_by_those_who_may_see_drafts_only(editor, reader):
    ReportingPeriod.objects.filter(code=CODE).update(status="draft", published_on=None)
    for client in (reader, token_client()):
        error = error_of(export(client, "xlsx"), 404)
        assert error["code"] == "not_found"
    editor_client = Client()
    editor_client.force_login(editor)
    body = json.loads(read_body(export(editor_client, "json")))
    assert body["period"]["status"] == "draft"
    assert len(body["updates"]) == 59


@pytest.mark.parametrize("reference", ["2030-31-Q1", "nonsense", "999"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_period_is_a_404_with_the_error_shape(reader, reference, fmt):
    error = error_of(export(reader, fmt, reference=reference), 404)
    assert reference in error["message"]


def test_someone_not_signed_in_gets_401(client):
    error_of(export(client, "json"), 401)
