"""The admin as PCC office staff use it to record PEEL results and track their findings."""

import datetime

import pytest
from django.urls import reverse

from inspections.models import Finding, Inspection
from tests.admin_helpers import admin_url, listed
from tests.factories import FindingFactory, InspectionFactory
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2017, 1, 31)


def inspection_data(findings=(), **changes):
    data = {
        "pillar": "effectiveness",
        "year": 2016,
        "published_on": "2017-03-02",
        "grade": "good",
        "recommendations": 0,
        "areas_for_improvement": 9,
        "causes_of_concern": 0,
        "findings-TOTAL_FORMS": len(findings),
        "findings-INITIAL_FORMS": 0,
    }
    for index, finding in enumerate(findings):
        data |= {f"findings-{index}-{name}": value for name, value in finding.items()}
    return data | changes


def finding_row(**changes):
    row = {"kind": "area_for_improvement", "text": "Improve crime recording.", "status": "open"}
    return row | changes


@pytest.mark.parametrize(
    "make",
    [lambda: FindingFactory().inspection, FindingFactory],
    ids=["inspection", "finding"],
)
def test_the_editor_opens_the_list_add_and_change_pages_of_every_model(editor_client, make):
    entry = make()
    model = type(entry)
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", entry.pk),
    ]:
        assert editor_client.get(url).status_code == 200, url


def test_a_board_member_without_staff_access_is_sent_to_the_admin_login(viewer_client):
    response = viewer_client.get(admin_url(Inspection, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Lists: readable columns, searched and filtered, as many queries for 20 rows as for 2.


def test_the_inspection_list_shows_when_the_pcc_response_is_due(editor_client):
    InspectionFactory(published_on=datetime.date(2017, 3, 2))
    response = editor_client.get(admin_url(Inspection, "changelist"))
    assert '<td class="field-pcc_response_due nowrap">27 Apr 2017</td>' in response.text


def test_the_inspection_list_is_searched_and_filtered_by_grade(editor_client):
    wanted = InspectionFactory(pillar="legitimacy", grade="good")
    InspectionFactory(pillar="efficiency", grade="requires_improvement")
    InspectionFactory(pillar="legitimacy", year=2017, grade="good")
    found = listed(editor_client, Inspection, q="2016", grade__exact="good")
    assert found == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_inspection_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    for index in range(rows):
        FindingFactory(inspection=InspectionFactory(year=2014 + index))
    # The session, the user, the years to filter by, the count of inspections listed, the
    # count of all inspections, and the inspections with their number of open findings.
    with django_assert_num_queries(6 + PERMISSION_QUERIES):
        editor_client.get(admin_url(Inspection, "changelist"))


def test_the_finding_list_flags_overdue_findings(editor_client):
    FindingFactory(due_date=LONG_AGO)
    response = editor_client.get(admin_url(Finding, "changelist"))
    assert '<td class="field-is_overdue"><img src="/static/admin/img/icon-yes.svg"' in (
        response.text
    )


def test_the_finding_list_is_searched_and_filtered_to_overdue_findings(editor_client):
    inspection = InspectionFactory()
    wanted = FindingFactory(
        inspection=inspection, text="Improve crime recording.", due_date=LONG_AGO
    )
    FindingFactory(
        inspection=inspection,
        text="Improve crime recording in custody.",
        due_date=LONG_AGO,
        status="closed",
        closed_on=LONG_AGO,
    )
    FindingFactory(inspection=inspection, text="Improve the crime recording audit.")
    FindingFactory(inspection=inspection, text="Review stop and search.", due_date=LONG_AGO)
    assert listed(editor_client, Finding, q="crime recording", overdue="yes") == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_finding_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    FindingFactory.create_batch(rows, inspection=InspectionFactory(), due_date=LONG_AGO)
    # The session, the user, the years to filter by, the count of findings listed, the
    # count of all findings, the findings with their inspection, and the first and last due
    # dates and the dates between them to drill down by.
    with django_assert_num_queries(8 + PERMISSION_QUERIES):
        editor_client.get(admin_url(Finding, "changelist"))


def test_the_inspection_page_compares_its_counts_with_the_findings_recorded(editor_client):
    inspection = InspectionFactory(areas_for_improvement=9)
    FindingFactory(inspection=inspection)
    response = editor_client.get(admin_url(Inspection, "change", inspection.pk))
    assert "Area for improvement: 9 in the counts, 1 recorded" in response.text


# Bad input is refused at the field, and nothing is saved.


@pytest.mark.parametrize(
    ("year", "grade"),
    [(2016, "adequate"), (2022, "narrative")],
)
def test_a_grade_not_on_the_scale_of_its_year_is_refused_at_the_grade(editor_client, year, grade):
    data = inspection_data(year=year, grade=grade)
    response = editor_client.post(admin_url(Inspection, "add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["grade"][0].startswith(f"{year} inspections were graded ")
    assert not Inspection.objects.exists()


def test_an_inspection_is_not_saved_when_one_of_its_findings_is_invalid(editor_client):
    closed_without_date = finding_row(text="Review stop and search.", status="closed")
    data = inspection_data(findings=[finding_row(), closed_without_date])
    response = editor_client.post(admin_url(Inspection, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {}
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors[0] == {}
    assert formset.errors[1]["closed_on"] == ["Give the date the finding was closed."]
    assert not Inspection.objects.exists()
    assert not Finding.objects.exists()


def test_a_second_result_for_a_pillar_and_year_is_refused_at_the_year(editor_client):
    InspectionFactory()
    response = editor_client.post(admin_url(Inspection, "add"), inspection_data())
    errors = response.context["adminform"].form.errors
    assert errors["year"] == ["There is already a result for this pillar and year."]
    assert Inspection.objects.count() == 1
