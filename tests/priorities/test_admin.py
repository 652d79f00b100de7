"""The admin as PCC office staff use it: the plan, and each quarter's progress against it."""

import datetime

import pytest
from django.urls import reverse

from priorities.models import Assessment, Commitment, Plan, Priority, ReportingPeriod, Update
from tests.admin_helpers import admin_url, inline_formset, listed
from tests.factories import (
    AssessmentFactory,
    CommitmentFactory,
    FootnoteFactory,
    PlanFactory,
    PriorityFactory,
    ReportingPeriodFactory,
    UpdateFactory,
)
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db


def form_data(response):
    """What the browser posts back from a rendered admin form left as it is."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


def period_data(**changes):
    data = {
        "financial_year": 2017,
        "quarter": 2,
        "start_date": "",
        "end_date": "",
        "data_to": "2017-08-31",
        "title": "Performance report to the PCC, September 2017",
        "status": "draft",
    }
    return data | changes


@pytest.mark.parametrize(
    "make",
    [
        lambda: PriorityFactory().plan,
        lambda: CommitmentFactory().priority,
        lambda: UpdateFactory().commitment,
        ReportingPeriodFactory,
        AssessmentFactory,
        lambda: FootnoteFactory().update,
    ],
    ids=["plan", "priority", "commitment", "period", "assessment", "update"],
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
    for url in [reverse("admin:index"), admin_url(Commitment, "changelist")]:
        response = viewer_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


# Lists: searched and filtered, and as many queries for 20 rows as for 2.


def test_the_plan_list_is_searched_and_filtered_by_organisation(editor_client):
    pfcc = "Police, Fire and Crime Commissioner for Essex"
    wanted = PlanFactory(title="Police and Crime Plan 2021-2024", organisation=pfcc)
    PlanFactory(title="Fire and Rescue Plan 2019-2024", organisation=pfcc)
    PlanFactory(title="Police and Crime Plan 2016-2020")
    found = listed(editor_client, Plan, q='"crime plan"', organisation__exact=pfcc)
    assert found == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_plan_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    PlanFactory.create_batch(rows)
    # The session, the user, the count of plans listed, the count of all plans, the plans
    # with their number of priorities, and the organisations to filter by.
    with django_assert_num_queries(6 + PERMISSION_QUERIES):
        editor_client.get(admin_url(Plan, "changelist"))


def test_the_priority_list_is_searched_and_filtered_by_plan(editor_client):
    wanted = PriorityFactory(title="More local, visible and accessible policing")
    PriorityFactory(title="Crack down on anti-social behaviour", plan=wanted.plan)
    PriorityFactory(title="More local, visible and accessible policing")
    found = listed(editor_client, Priority, q="visible", plan__id__exact=wanted.plan_id)
    assert found == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_priority_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    PriorityFactory.create_batch(rows)
    # The session, the user, the plans to filter by, the count of priorities listed, the
    # count of all priorities, and the priorities with their plan and number of commitments.
    with django_assert_num_queries(6 + PERMISSION_QUERIES):
        editor_client.get(admin_url(Priority, "changelist"))


def test_the_commitment_list_is_searched_and_filtered_to_current_commitments(editor_client):
    wanted = CommitmentFactory(text="Double the Special Constabulary.")
    CommitmentFactory(text="Double the Special Constabulary by 2018.", retired_on="2017-04-01")
    CommitmentFactory(text="Make it easy to contact the police.")
    assert listed(editor_client, Commitment, q="special constabulary", current="yes") == [wanted]


def test_a_commitment_is_found_by_its_reference(editor_client):
    wanted = CommitmentFactory(priority__number=1, order=2)
    CommitmentFactory(priority__number=2, order=1)
    CommitmentFactory(priority=wanted.priority, order=1)
    assert listed(editor_client, Commitment, q="1.2") == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_commitment_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    CommitmentFactory.create_batch(rows)
    # The session, the user, the quarter being written (each row links to it), the plans
    # and the priorities to filter by, the count of commitments listed, the count of all
    # commitments, and the commitments with their priority.
    with django_assert_num_queries(8 + PERMISSION_QUERIES):
        editor_client.get(admin_url(Commitment, "changelist"))


def test_the_period_list_is_searched_and_filtered_by_status(editor_client):
    wanted = ReportingPeriodFactory(published=True, published_on=datetime.date(2017, 10, 5))
    ReportingPeriodFactory(quarter=3, title="Performance report to the PCC, December 2017")
    ReportingPeriodFactory(quarter=1, title="Performance report to the PCC, June 2017")
    found = listed(editor_client, ReportingPeriod, q="september", status__exact="published")
    assert found == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_period_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    for index in range(rows):
        ReportingPeriodFactory(financial_year=2010 + index // 4, quarter=index % 4 + 1)
    # The session, the user, the financial years to filter by, the count of periods listed,
    # the count of all periods, and the periods.
    with django_assert_num_queries(6 + PERMISSION_QUERIES):
        editor_client.get(admin_url(ReportingPeriod, "changelist"))


def test_the_assessment_list_is_searched_and_filtered_by_status_and_year(editor_client):
    period = ReportingPeriodFactory()
    wanted = AssessmentFactory(period=period, status="off_track", reason="Recruitment paused.")
    AssessmentFactory(period=period, status="some_concerns", reason="Recruitment is slow.")
    AssessmentFactory(
        period=ReportingPeriodFactory(financial_year=2016),
        status="off_track",
        reason="Recruitment.",
    )
    AssessmentFactory(period=period)
    found = listed(
        editor_client, Assessment, q="recruitment", status__exact="off_track", year="2017"
    )
    assert found == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_assessment_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    AssessmentFactory.create_batch(rows, period=ReportingPeriodFactory())
    # The session, the user, the periods, the financial years, the plans and the priorities
    # to filter by, the count of assessments listed, the count of all assessments, and the
    # assessments with their commitment, priority and period.
    with django_assert_num_queries(9 + PERMISSION_QUERIES):
        editor_client.get(admin_url(Assessment, "changelist"))


def test_the_update_list_is_searched_and_filtered_by_period_and_section(editor_client):
    period = ReportingPeriodFactory()
    wanted = UpdateFactory(period=period, section="LPA North", text="Specials patrolled.")
    UpdateFactory(period=period, section="LPA South", text="Specials patrolled.")
    UpdateFactory(period=ReportingPeriodFactory(quarter=1), section="LPA North")
    found = listed(
        editor_client,
        Update,
        q="specials",
        period__id__exact=period.pk,
        section__exact="LPA North",
    )
    assert found == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_update_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    UpdateFactory.create_batch(rows, period=ReportingPeriodFactory())
    # The session, the user, the periods, the financial years, the plans and the priorities
    # to filter by, the count of updates listed, the count of all updates, the updates with
    # their commitment, priority and period, and the sections to filter by.
    with django_assert_num_queries(10 + PERMISSION_QUERIES):
        editor_client.get(admin_url(Update, "changelist"))


# Bad input is refused at the field, and nothing is saved.


def test_a_period_that_ends_before_it_starts_is_refused_at_its_end_date(editor_client):
    data = period_data(start_date="2017-09-30", end_date="2017-07-01")
    response = editor_client.post(admin_url(ReportingPeriod, "add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["end_date"] == ["A period must end after it starts."]
    assert not ReportingPeriod.objects.exists()


def test_a_period_left_without_dates_takes_them_and_its_code_from_the_quarter(editor_client):
    data = period_data(code="1999-00-Q9")
    response = editor_client.post(admin_url(ReportingPeriod, "add"), data)
    assert response.status_code == 302
    period = ReportingPeriod.objects.get()
    assert period.code == "2017-18-Q2"
    assert (period.start_date, period.end_date) == (
        datetime.date(2017, 7, 1),
        datetime.date(2017, 9, 30),
    )


def test_a_period_code_is_shown_but_cannot_be_typed(editor_client):
    period = ReportingPeriodFactory()
    response = editor_client.get(admin_url(ReportingPeriod, "change", period.pk))
    assert "code" not in response.context["adminform"].form.fields
    assert "code" in response.context["adminform"].readonly_fields
    assert "2017-18-Q2" in response.text


def test_a_second_period_for_the_same_quarter_is_refused_at_its_quarter(editor_client):
    ReportingPeriodFactory()
    response = editor_client.post(admin_url(ReportingPeriod, "add"), period_data())
    errors = response.context["adminform"].form.errors
    assert errors["quarter"] == ["There is already a period for this quarter."]
    assert ReportingPeriod.objects.count() == 1


def test_an_assessment_not_on_track_without_a_reason_is_refused_at_its_reason(editor_client):
    commitment, period = CommitmentFactory(), ReportingPeriodFactory()
    data = {"commitment": commitment.pk, "period": period.pk, "status": "some_concerns"}
    response = editor_client.post(admin_url(Assessment, "add"), data | {"reason": " "})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["reason"] == ["Give the reason unless the commitment is on track."]
    assert not Assessment.objects.exists()


def test_a_plan_is_not_saved_when_one_of_its_priorities_is_invalid(editor_client):
    data = {
        "title": "Police and Crime Plan 2016-2020",
        "organisation": "Police and Crime Commissioner for Essex",
        "start_date": "2016-04-01",
        "end_date": "2020-03-31",
        "priorities-TOTAL_FORMS": 2,
        "priorities-INITIAL_FORMS": 0,
        "priorities-0-number": 1,
        "priorities-0-title": "More local, visible and accessible policing",
        "priorities-1-number": 0,
        "priorities-1-title": "Crack down on anti-social behaviour",
    }
    response = editor_client.post(admin_url(Plan, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {}
    errors = inline_formset(response, "priorities").errors
    assert errors[0] == {}
    assert "number" in errors[1]
    assert not Plan.objects.exists()
    assert not Priority.objects.exists()


def test_two_current_commitments_of_a_priority_in_one_position_are_refused(editor_client):
    priority = PriorityFactory()
    CommitmentFactory(priority=priority, order=1, text="Double the Special Constabulary.")
    page = editor_client.get(admin_url(Priority, "change", priority.pk))
    data = form_data(page) | {"title": "Renamed", "commitments-1-order": 1}
    data["commitments-1-text"] = "Make it easy to contact the police."
    response = editor_client.post(admin_url(Priority, "change", priority.pk), data)
    assert response.status_code == 200
    errors = inline_formset(response, "commitments").errors
    assert errors[1]["order"] == ["Another current commitment of this priority has this position."]
    priority.refresh_from_db()
    assert priority.title != "Renamed"
    assert priority.commitments.count() == 1


def test_two_new_commitments_of_a_priority_in_one_position_are_refused(editor_client):
    priority = PriorityFactory()
    page = editor_client.get(admin_url(Priority, "change", priority.pk))
    data = form_data(page) | {"commitments-TOTAL_FORMS": 2}
    for index, text in enumerate(["Double the Special Constabulary.", "Answer 101 calls."]):
        data |= {f"commitments-{index}-order": 1, f"commitments-{index}-text": text}
    response = editor_client.post(admin_url(Priority, "change", priority.pk), data)
    assert response.status_code == 200
    errors = inline_formset(response, "commitments").errors
    assert errors[0] == {}
    assert errors[1]["order"] == ["Another current commitment of this priority has this position."]
    assert not Commitment.objects.exists()
