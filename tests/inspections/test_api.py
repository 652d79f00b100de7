"""HMICFRS inspections and their findings, as other systems read them through the API."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import Finding, Inspection
from tests.api_helpers import as_dicts, error_of, parse_csv, parse_xlsx
from tests.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def list_url(resource):
    return reverse(f"api:{resource}-list")


def detail_url(resource, pk):
    return reverse(f"api:{resource}-detail", args=[pk])


def results(client, resource, **params):
    response = client.get(list_url(resource), params)
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def make_inspections(count):
    """`count` inspections, each holding two findings of the three it counts."""
    # Four pillars a year; bulk_create skips the year validator, so 500 rows fit.
    pairs = itertools.islice(itertools.product(range(2014, 2200), Inspection.Pillar.values), count)
    inspections = Inspection.objects.bulk_create(
        Inspection(pillar=pillar, year=year, grade=Inspection.Grade.GOOD, recommendations=3)
        for year, pillar in pairs
    )
    Finding.objects.bulk_create(
        Finding(inspection=inspection, kind=Finding.Kind.RECOMMENDATION, text=f"Do {n}.")
        for inspection in inspections
        for n in range(2)
    )
    return inspections


def make_findings(count):
    inspection = InspectionFactory()
    return Finding.objects.bulk_create(
        Finding(inspection=inspection, kind=Finding.Kind.AREA_FOR_IMPROVEMENT, text=f"Do {n}.")
        for n in range(count)
    )


MAKERS = {"inspection": make_inspections, "finding": make_findings}


def xlsx_dicts(response):
    """The one sheet's rows as dicts; openpyxl leaves out the empty cells ending a row."""
    [(header, *rows)] = parse_xlsx(response).values()
    return [dict(itertools.zip_longest(header, row)) for row in rows]


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


# Inspections


def test_an_inspection_lists_its_grade_counts_and_the_date_the_pcc_must_respond_by(
    viewer_client,
):
    inspection = InspectionFactory(
        pillar=Inspection.Pillar.EFFICIENCY,
        year=2016,
        grade=Inspection.Grade.REQUIRES_IMPROVEMENT,
        published_on=datetime.date(2017, 3, 2),
        recommendations=2,
        areas_for_improvement=9,
        comment="Next inspection due in September.",
    )
    [row] = results(viewer_client, "inspection")
    assert row["id"] == inspection.pk
    assert row["url"] == f"http://testserver{detail_url('inspection', inspection.pk)}"
    assert row["pillar"] == "efficiency"
    assert row["year"] == 2016
    assert row["grade"] == "requires_improvement"
    assert row["published_on"] == "2017-03-02"
    assert row["pcc_response_due"] == "2017-04-27"
    assert row["recommendations"] == 2
    assert row["areas_for_improvement"] == 9
    assert row["comment"] == "Next inspection due in September."


def test_an_unpublished_inspection_has_no_response_due_date(viewer_client):
    InspectionFactory(published_on=None)
    assert results(viewer_client, "inspection")[0]["pcc_response_due"] is None


def test_an_inspection_nests_its_findings_and_the_counts_they_do_not_match(viewer_client):
    inspection = InspectionFactory(recommendations=2, areas_for_improvement=1)
    afi = FindingFactory(inspection=inspection, kind=Finding.Kind.AREA_FOR_IMPROVEMENT)
    recommendation = FindingFactory(inspection=inspection, kind=Finding.Kind.RECOMMENDATION)
    response = viewer_client.get(detail_url("inspection", inspection.pk))
    body = response.json()
    # Ordered by kind: "area_for_improvement" before "recommendation".
    assert [f["id"] for f in body["findings"]] == [afi.pk, recommendation.pk]
    assert body["findings"][1]["kind"] == "recommendation"
    assert body["findings"][1]["text"] == recommendation.text
    assert body["count_mismatches"] == [{"kind": "recommendation", "held": 2, "recorded": 1}]


def test_an_inspection_without_recorded_findings_has_no_mismatches(viewer_client):
    InspectionFactory(recommendations=4)
    [row] = results(viewer_client, "inspection")
    assert row["findings_count"] == 0
    assert row["count_mismatches"] == []


def test_a_list_of_inspections_counts_their_findings_and_links_to_them(viewer_client):
    inspection = InspectionFactory(recommendations=2, areas_for_improvement=1)
    FindingFactory(inspection=inspection, kind=Finding.Kind.RECOMMENDATION)
    FindingFactory(inspection=inspection, kind=Finding.Kind.RECOMMENDATION)
    FindingFactory(inspection=InspectionFactory(year=2015))

    row = next(r for r in results(viewer_client, "inspection") if r["id"] == inspection.pk)

    assert "findings" not in row
    assert row["findings_count"] == 2
    assert row["count_mismatches"] == [{"kind": "area_for_improvement", "held": 1, "recorded": 0}]
    linked = viewer_client.get(row["findings_url"]).json()["results"]
    assert [finding["inspection"] for finding in linked] == [inspection.pk, inspection.pk]


def test_an_inspection_holds_the_same_counts_as_its_row_in_the_list(viewer_client):
    inspection = InspectionFactory(causes_of_concern=1)
    FindingFactory(inspection=inspection, kind=Finding.Kind.RECOMMENDATION)

    [row] = results(viewer_client, "inspection")
    body = viewer_client.get(detail_url("inspection", inspection.pk)).json()

    assert {key: value for key, value in body.items() if key != "findings"} == row
    assert len(body["findings"]) == row["findings_count"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"pillar": "legitimacy"}, {("legitimacy", 2016)}),
        ({"year": 2017}, {("effectiveness", 2017)}),
        ({"grade": "outstanding"}, {("legitimacy", 2016)}),
        ({"q": "VICTIMS"}, {("effectiveness", 2017)}),
        ({"pillar": "effectiveness", "year": 2016}, {("effectiveness", 2016)}),
    ],
)
def test_inspections_are_filtered(viewer_client, params, expected):
    InspectionFactory(pillar="effectiveness", year=2016, grade="good")
    InspectionFactory(pillar="effectiveness", year=2017, comment="Victims are well served.")
    InspectionFactory(pillar="legitimacy", year=2016, grade="outstanding")
    rows = results(viewer_client, "inspection", **params)
    assert {(row["pillar"], row["year"]) for row in rows} == expected


@pytest.mark.parametrize("params", [{"pillar": "honesty"}, {"grade": "superb"}, {"year": "x"}])
def test_an_unknown_inspection_filter_value_is_a_400(viewer_client, params):
    error = error_of(viewer_client.get(list_url("inspection"), params), 400)
    assert set(error["fields"]) == set(params)


@pytest.mark.parametrize(("ordering", "years"), [("year", [2015, 2016]), ("-year", [2016, 2015])])
def test_inspections_are_ordered_as_asked(viewer_client, ordering, years):
    InspectionFactory(year=2015)
    InspectionFactory(year=2016)
    rows = results(viewer_client, "inspection", ordering=ordering)
    assert [row["year"] for row in rows] == years


def test_inspections_download_as_csv_with_readable_headers(viewer_client):
    inspection = InspectionFactory(recommendations=3, areas_for_improvement=9)
    FindingFactory(inspection=inspection, kind=Finding.Kind.RECOMMENDATION)
    [row] = as_dicts(parse_csv(viewer_client.get(list_url("inspection"), {"format": "csv"})))
    assert row["Id"] == str(inspection.pk)
    assert (row["Pillar"], row["Pillar label"]) == ("effectiveness", "Effectiveness")
    assert (row["Grade"], row["Grade label"]) == ("good", "Good")
    assert row["Published on"] == "2017-03-02"
    assert row["PCC response due"] == "2017-04-27"
    assert row["Recommendations"] == "3"
    assert row["Findings recorded"] == "1"
    assert row["Counts not matching the findings"] == (
        "Recommendation: 3 held, 1 recorded; Area for improvement: 9 held, 0 recorded"
    )


def test_inspections_download_as_excel_with_numbers_and_dates_as_such(viewer_client):
    inspection = InspectionFactory(year=2016, recommendations=3)
    response = viewer_client.get(list_url("inspection"), {"format": "xlsx"})
    [row] = xlsx_dicts(response)
    assert row["Id"] == inspection.pk
    assert row["Year"] == 2016
    assert row["Recommendations"] == 3
    assert row["Published on"] == datetime.datetime(2017, 3, 2)


# Findings


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        (Finding.Status.OPEN, -1, True),
        (Finding.Status.OPEN, 0, False),
        (Finding.Status.OPEN, None, False),
        (Finding.Status.CLOSED, -1, False),
    ],
)
def test_a_finding_is_overdue_when_open_past_its_due_date(viewer_client, status, due, overdue):
    closed_on = None if status == Finding.Status.OPEN else days_from_today(-2)
    due_date = None if due is None else days_from_today(due)
    finding = FindingFactory(status=status, due_date=due_date, closed_on=closed_on)
    body = viewer_client.get(detail_url("finding", finding.pk)).json()
    assert body["overdue"] is overdue
    assert body["due_date"] == (due_date.isoformat() if due_date else None)


def test_a_finding_shows_its_inspection_owner_and_evidence(viewer_client):
    finding = FindingFactory(
        kind=Finding.Kind.CAUSE_OF_CONCERN,
        owner="Head of Crime",
        status=Finding.Status.CLOSED,
        closed_on=datetime.date(2017, 8, 1),
        evidence="Audit of August 2017.",
    )
    [row] = results(viewer_client, "finding")
    assert row["id"] == finding.pk
    assert row["url"] == f"http://testserver{detail_url('finding', finding.pk)}"
    assert row["inspection"] == finding.inspection_id
    assert row["kind"] == "cause_of_concern"
    assert row["owner"] == "Head of Crime"
    assert row["status"] == "closed"
    assert row["closed_on"] == "2017-08-01"
    assert row["evidence"] == "Audit of August 2017."


@pytest.fixture
def findings():
    old = InspectionFactory(year=2015)
    new = InspectionFactory(year=2016)
    closed = {"status": Finding.Status.CLOSED, "closed_on": days_from_today(-1)}
    return {
        "late": FindingFactory(inspection=old, owner="Head of Crime", due_date=days_from_today(-5)),
        "undated": FindingFactory(inspection=old, kind=Finding.Kind.RECOMMENDATION),
        "future": FindingFactory(
            inspection=new, owner="Chief Inspector, Contact", due_date=days_from_today(30)
        ),
        "closed": FindingFactory(
            inspection=new, text="Review custody.", due_date=days_from_today(-5), **closed
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "recommendation"}, {"undated"}),
        ({"status": "closed"}, {"closed"}),
        ({"owner": "head of"}, {"late"}),
        ({"overdue": "true"}, {"late"}),
        ({"overdue": "false"}, {"undated", "future", "closed"}),
        ({"q": "custody"}, {"closed"}),
        ({"due_date_after": days_from_today(0).isoformat()}, {"future"}),
        ({"due_date_before": days_from_today(-1).isoformat()}, {"late", "closed"}),
    ],
)
def test_findings_are_filtered(viewer_client, findings, params, expected):
    rows = results(viewer_client, "finding", **params)
    assert {row["id"] for row in rows} == {findings[name].pk for name in expected}


def test_findings_are_filtered_by_inspection(viewer_client, findings):
    inspection = findings["future"].inspection_id
    rows = results(viewer_client, "finding", inspection=inspection)
    assert {row["id"] for row in rows} == {findings["future"].pk, findings["closed"].pk}


@pytest.mark.parametrize(
    "params",
    [{"kind": "praise"}, {"status": "pending"}, {"inspection": "999999"}, {"due_date_after": "x"}],
)
def test_an_unknown_finding_filter_value_is_a_400(viewer_client, params):
    error = error_of(viewer_client.get(list_url("finding"), params), 400)
    assert error["fields"]


def test_findings_are_ordered_by_due_date_as_asked(viewer_client, findings):
    rows = results(viewer_client, "finding", ordering="-due_date", status="open")
    # Where undated rows fall depends on the database.
    dated = [row["id"] for row in rows if row["due_date"]]
    assert dated == [findings["future"].pk, findings["late"].pk]


def test_findings_download_as_csv(viewer_client, findings):
    response = viewer_client.get(list_url("finding"), {"format": "csv", "overdue": "true"})
    [row] = as_dicts(parse_csv(response))
    late = findings["late"]
    assert row["Id"] == str(late.pk)
    assert row["Inspection"] == "Effectiveness 2015"
    assert (row["Kind"], row["Kind label"]) == ("area_for_improvement", "Area for improvement")
    assert row["Owner"] == "Head of Crime"
    assert row["Due date"] == late.due_date.isoformat()
    assert (row["Status"], row["Status label"]) == ("open", "Open")
    assert row["Overdue"] == "yes"


def test_findings_download_as_excel(viewer_client, findings):
    response = viewer_client.get(list_url("finding"), {"format": "xlsx", "status": "closed"})
    [row] = xlsx_dicts(response)
    closed = findings["closed"]
    assert row["Id"] == closed.pk
    assert row["Inspection id"] == closed.inspection_id
    assert row["Due date"].date() == closed.due_date
    assert row["Closed on"].date() == closed.closed_on
    assert row["Overdue"] == "no"


# What both resources share with the other lists: tests/essexperf/test_api_lists.py
