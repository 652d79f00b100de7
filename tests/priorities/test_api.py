"""The priorities resources of the API: plans, priorities, commitments, periods, updates and
assessments, as JSON pages and as CSV and Excel downloads."""

import datetime
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from essexperf.api.viewsets import EXPORT_CHUNK_ROWS
from priorities.models import (
    Assessment,
    Commitment,
    Footnote,
    Plan,
    Priority,
    ReportingPeriod,
    Update,
)
from priorities.periods import period_code, quarter_bounds
from tests.api_helpers import as_dicts, error_of, parse_csv, parse_xlsx, token_client
from tests.factories import (
    AssessmentFactory,
    CommitmentFactory,
    FootnoteFactory,
    PlanFactory,
    PriorityFactory,
    ReportingPeriodFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db

PUBLISHED = {"status": ReportingPeriod.Status.PUBLISHED, "published_on": datetime.date(2017, 9, 30)}


def url(name, *args, **params):
    path = reverse(f"api:{name}", args=args)
    return f"{path}?{urlencode(params)}" if params else path


def only_sheet(workbook):
    (rows,) = workbook.values()
    return rows


def signed_in(user):
    """A client of its own, for tests comparing what two people see."""
    client = Client()
    client.force_login(user)
    return client


# Rows made in bulk, so that 500 cost little more than 5.


def make_plans(count):
    start, end = datetime.date(2016, 4, 1), datetime.date(2020, 3, 31)
    Plan.objects.bulk_create(
        Plan(title=f"Plan {n}", organisation="PCC", start_date=start, end_date=end)
        for n in range(count)
    )


def make_priorities(count):
    plan = PlanFactory()
    priorities = Priority.objects.bulk_create(
        Priority(plan=plan, number=n + 1, title=f"Priority {n}") for n in range(count)
    )
    Commitment.objects.bulk_create(
        Commitment(priority=priority, text="We will.", order=order)
        for priority in priorities
        for order in (1, 2)
    )


def make_commitments(count):
    priority = PriorityFactory()
    return Commitment.objects.bulk_create(
        Commitment(priority=priority, text=f"Commitment {n}.", order=n + 1) for n in range(count)
    )


def make_periods(count):
    periods = []
    for n in range(count):
        year, quarter = 2000 + n // 4, n % 4 + 1
        start, end = quarter_bounds(year, quarter)
        periods.append(
            ReportingPeriod(
                code=period_code(year, quarter),
                financial_year=year,
                quarter=quarter,
                start_date=start,
                end_date=end,
                data_to=end,
                title=f"Report {n}",
                **PUBLISHED,
            )
        )
    ReportingPeriod.objects.bulk_create(periods)


def make_updates(count):
    commitment, period = CommitmentFactory(), ReportingPeriodFactory(published=True)
    updates = Update.objects.bulk_create(
        Update(commitment=commitment, period=period, order=n + 1, text=f"Item {n}.")
        for n in range(count)
    )
    Footnote.objects.bulk_create(Footnote(update=u, number=1, text="A note.") for u in updates)


def make_assessments(count):
    period = ReportingPeriodFactory(published=True)
    Assessment.objects.bulk_create(
        Assessment(commitment=commitment, period=period, status="on_track")
        for commitment in make_commitments(count)
    )


RESOURCES = {
    "plan": make_plans,
    "priority": make_priorities,
    "commitment": make_commitments,
    "period": make_periods,
    "update": make_updates,
    "assessment": make_assessments,
}
# The queries reading each resource's rows, however many: each list, detail and download
# runs these after the session and the signed-in user. A list counts its rows within the
# first of them (a subquery), and an update's footnotes come with it (as a list, or in a
# download as one text).
ROW_QUERIES = {
    "plan": ["the plans"],
    "priority": ["the priorities with their plan", "their commitments"],
    "commitment": ["the commitments with their priority"],
    "period": ["the periods"],
    "update": ["the updates with commitment, priority, period and footnotes"],
    "assessment": ["the assessments with commitment, priority and period"],
}
SIGNED_IN = ["the session", "the user", "the person's permissions", "their groups' permissions"]


def list_queries(resource):
    return len([*SIGNED_IN, "the data version", *ROW_QUERIES[resource]])


def detail_queries(resource):
    return len([*SIGNED_IN, *ROW_QUERIES[resource]])


# A download reads every row in one chunk (chunks hold 2,000 rows), and counts none.
export_queries = detail_queries


@pytest.mark.parametrize("rows", [5, 500])
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_list_reads_the_same_queries_for_5_and_500_rows(
    viewer_client, django_assert_num_queries, resource, rows
):
    RESOURCES[resource](rows)
    with django_assert_num_queries(list_queries(resource)):
        response = viewer_client.get(url(f"{resource}-list"))
    assert response.json()["count"] == rows
    assert len(response.json()["results"]) == min(rows, settings.API_PAGE_SIZE)


@pytest.mark.parametrize("rows", [5, 500])
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_detail_reads_the_same_queries_for_5_and_500_rows(
    viewer_client, django_assert_num_queries, resource, rows
):
    RESOURCES[resource](rows)
    first = viewer_client.get(url(f"{resource}-list")).json()["results"][0]
    with django_assert_num_queries(detail_queries(resource)):
        response = viewer_client.get(url(f"{resource}-detail", first["id"]))
    assert response.json() == first


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("rows", [5, 500])
@pytest.mark.parametrize("resource", RESOURCES)
def test_an_export_reads_the_same_queries_for_5_and_500_rows(
    viewer_client, django_assert_num_queries, resource, rows, fmt
):
    RESOURCES[resource](rows)
    with django_assert_num_queries(export_queries(resource)):
        response = viewer_client.get(url(f"{resource}-list", format=fmt))
        table = parse_csv(response) if fmt == "csv" else only_sheet(parse_xlsx(response))
    assert response.streaming
    assert len(table) == rows + 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_of_more_updates_than_a_chunk_reads_no_more_queries(
    viewer_client, django_assert_num_queries, fmt
):
    make_updates(EXPORT_CHUNK_ROWS + 1)
    with django_assert_num_queries(export_queries("update")):
        response = viewer_client.get(url("update-list", format=fmt))
        table = parse_csv(response) if fmt == "csv" else only_sheet(parse_xlsx(response))
    assert len(table) == EXPORT_CHUNK_ROWS + 2
    assert as_dicts(table)[-1]["Footnotes"] == "[1] A note."


def test_a_priority_holds_its_commitments_in_order(viewer_client):
    priority = PriorityFactory(number=3, title="Reverse the trend in serious violence")
    second = CommitmentFactory(priority=priority, order=2)
    first = CommitmentFactory(priority=priority, order=1)
    body = viewer_client.get(url("priority-detail", priority.pk)).json()
    assert body["number"] == 3
    assert body["plan"] == priority.plan_id
    assert [c["id"] for c in body["commitments"]] == [first.pk, second.pk]
    assert [c["reference"] for c in body["commitments"]] == ["3.1", "3.2"]


def test_an_update_holds_its_commitment_priority_period_and_footnotes(viewer_client):
    footnote = FootnoteFactory(
        update__period=ReportingPeriodFactory(published=True), update__section="LPA North"
    )
    update = footnote.update
    body = viewer_client.get(url("update-detail", update.pk)).json()
    assert body["commitment"]["reference"] == update.commitment.reference
    assert body["priority_number"] == update.commitment.priority.number
    assert body["period"]["code"] == "2017-18-Q2"
    assert body["section"] == "LPA North"
    assert body["footnotes"] == [
        {"number": 1, "text": footnote.text, "amended": False, "amendments": []}
    ]


def test_a_period_is_found_by_its_code_too(viewer_client):
    period = ReportingPeriodFactory(published=True)
    by_code = viewer_client.get(url("period-detail", "2017-18-Q2")).json()
    assert by_code == viewer_client.get(url("period-detail", period.pk)).json()
    for unknown in ("2030-31-Q1", "²", "99999999999999999999"):
        error_of(viewer_client.get(url("period-detail", unknown)), 404)


# Filters


@pytest.fixture
def updates():
    """Updates across two periods and two priorities, named for what tells them apart."""
    q2, q3 = (
        ReportingPeriodFactory(published=True),
        ReportingPeriodFactory(quarter=3, published=True),
    )
    one, two = CommitmentFactory(priority__number=1), CommitmentFactory(priority__number=2)
    return {
        "north": UpdateFactory(commitment=one, period=q2, section="LPA North", text="Specials."),
        "roads": UpdateFactory(commitment=two, period=q2, style="paragraph", text="Roads."),
        "later": UpdateFactory(commitment=one, period=q3, text="Cadets."),
        "draft": UpdateFactory(commitment=two, period=ReportingPeriodFactory(quarter=4)),
    }


def listed(client, name, **params):
    response = client.get(url(name, **params))
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("param", "value", "expected"),
    [
        ("period", "2017-18-Q2", {"north", "roads"}),
        ("priority", "1", {"north", "later"}),
        ("section", "lpa north", {"north"}),
        ("status", "draft", {"draft"}),
        ("style", "paragraph", {"roads"}),
        ("q", "CADETS", {"later"}),
        ("q", "lpa", {"north"}),
    ],
)
def test_updates_are_filtered_by_each_parameter(editor_client, updates, param, value, expected):
    found = listed(editor_client, "update-list", **{param: value})
    assert sorted(found) == sorted(updates[name].pk for name in expected)


def test_updates_are_filtered_by_period_id_and_by_commitment(viewer_client, updates):
    period = updates["later"].period_id
    assert listed(viewer_client, "update-list", period=period) == [updates["later"].pk]
    commitment = updates["roads"].commitment_id
    assert listed(viewer_client, "update-list", commitment=commitment) == [updates["roads"].pk]


@pytest.mark.parametrize(
    ("param", "value"),
    [("period", "2017-18-Q9"), ("period", "2017-19-Q2"), ("status", "lost"), ("style", "x")],
)
def test_an_unknown_period_code_or_choice_is_a_400_naming_the_parameter(
    viewer_client, param, value
):
    error = error_of(viewer_client.get(url("update-list", **{param: value})), 400)
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [param]


def test_assessments_are_filtered_by_status_priority_period_and_text(viewer_client):
    period = ReportingPeriodFactory(published=True)
    off = AssessmentFactory(period=period, status="off_track", reason="Behind plan.")
    on = AssessmentFactory(period=period, commitment__priority__number=5)
    assert listed(viewer_client, "assessment-list", status="off_track") == [off.pk]
    assert listed(viewer_client, "assessment-list", priority=5) == [on.pk]
    assert len(listed(viewer_client, "assessment-list", period="2017-18-Q2")) == 2
    assert listed(viewer_client, "assessment-list", q="behind") == [off.pk]


def test_commitments_are_filtered_by_priority_and_whether_current(viewer_client):
    current = CommitmentFactory(priority__number=4)
    retired = CommitmentFactory(priority=current.priority, retired_on=datetime.date(2018, 1, 1))
    assert sorted(listed(viewer_client, "commitment-list", priority=4)) == [current.pk, retired.pk]
    assert listed(viewer_client, "commitment-list", current="true") == [current.pk]


def test_periods_and_plans_are_filtered(viewer_client):
    q2, q3 = (
        ReportingPeriodFactory(published=True),
        ReportingPeriodFactory(quarter=3, published=True),
    )
    assert listed(viewer_client, "period-list", code="2017-18-Q3") == [q3.pk]
    assert listed(viewer_client, "period-list", financial_year=2017) == [q3.pk, q2.pk]
    plan = PlanFactory(title="Police and Crime Plan 2016-2020")
    PlanFactory(title="Another plan")
    assert listed(viewer_client, "plan-list", q="2016-2020") == [plan.pk]


# Ordering and pagination


def test_ordering_reverses_the_order(viewer_client, updates):
    ids = listed(viewer_client, "update-list", ordering="-order", period="2017-18-Q2")
    orders = [Update.objects.get(pk=pk).order for pk in ids]
    assert orders == sorted(orders, reverse=True)


def test_page_size_is_honoured(viewer_client):
    make_plans(7)
    body = viewer_client.get(url("plan-list", page_size=3, page=3)).json()
    assert body["count"] == 7
    assert len(body["results"]) == 1
    assert body["next"] is None
    assert "page=2" in body["previous"]


def test_a_page_past_the_last_is_not_found_and_an_empty_list_counts_none(viewer_client):
    make_plans(3)

    beyond = viewer_client.get(url("plan-list", page_size=2, page=3))
    # Further than any database could skip to.
    far_beyond = viewer_client.get(url("plan-list", page=2**70))
    last = viewer_client.get(url("plan-list", page_size=2, page="last")).json()
    Plan.objects.all().delete()
    empty = viewer_client.get(url("plan-list")).json()

    assert error_of(beyond, 404)["code"] == error_of(far_beyond, 404)["code"] == "not_found"
    assert (last["count"], len(last["results"]), last["next"]) == (3, 1, None)
    assert (empty["count"], empty["results"], empty["previous"]) == (0, [], None)


def test_a_page_size_above_the_maximum_is_capped(viewer_client):
    make_plans(settings.API_MAX_PAGE_SIZE + 1)
    page_size = settings.API_MAX_PAGE_SIZE * 10
    body = viewer_client.get(url("plan-list", page_size=page_size)).json()
    assert len(body["results"]) == settings.API_MAX_PAGE_SIZE
    assert body["next"] is not None


# Downloads


def test_the_updates_csv_holds_each_update(viewer_client):
    footnote = FootnoteFactory(
        update__period=ReportingPeriodFactory(published=True), update__text="=1+1 in text"
    )
    update = footnote.update
    response = viewer_client.get(url("update-list", format="csv"))
    assert response["Content-Disposition"] == 'attachment; filename="updates.csv"'
    (row,) = as_dicts(parse_csv(response))
    assert row["Id"] == str(update.pk)
    assert row["Period"] == "2017-18-Q2"
    assert row["Commitment"] == update.commitment.reference
    assert row["Priority"] == str(update.commitment.priority.number)
    assert row["Text"] == "'=1+1 in text"  # kept from running as a formula
    assert row["Footnotes"] == f"[1] {footnote.text}"


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_an_updates_footnotes_come_in_their_order_whatever_order_they_were_written(
    viewer_client, fmt
):
    update = UpdateFactory(period=ReportingPeriodFactory(published=True), order=1)
    FootnoteFactory(update=update, number=2, text="Second.")
    FootnoteFactory(update=update, number=1, text="First.")
    UpdateFactory(period=update.period, order=2)
    response = viewer_client.get(url("update-list", format=fmt, ordering="order"))

    if fmt == "json":
        footnotes = [row["footnotes"] for row in response.json()["results"]]
    else:
        table = parse_csv(response) if fmt == "csv" else only_sheet(parse_xlsx(response))
        footnotes = [row["Footnotes"] for row in as_dicts(table)]

    assert footnotes[0] in (
        [
            {"number": 1, "text": "First.", "amended": False, "amendments": []},
            {"number": 2, "text": "Second.", "amended": False, "amendments": []},
        ],
        "[1] First. [2] Second.",
    )
    assert footnotes[1] in ([], "", None)


def test_the_assessments_xlsx_holds_numbers_as_numbers(viewer_client):
    assessment = AssessmentFactory(
        period=ReportingPeriodFactory(published=True), commitment__priority__number=7
    )
    response = viewer_client.get(url("assessment-list") + "?format=xlsx")
    workbook = parse_xlsx(response)
    assert list(workbook) == ["Assessment List"]
    (row,) = as_dicts(workbook["Assessment List"])
    assert row["Id"] == assessment.pk
    assert row["Priority"] == 7
    assert (row["Status"], row["Status label"]) == ("on_track", "On track")
    assert row["Commitment"] == assessment.commitment.reference


def test_the_periods_xlsx_holds_dates_as_dates(viewer_client):
    ReportingPeriodFactory(published=True)
    response = viewer_client.get("/api/v1/periods.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="reporting-periods.xlsx"'
    (row,) = as_dicts(only_sheet(parse_xlsx(response)))
    assert row["Code"] == "2017-18-Q2"
    assert row["Start date"] == datetime.datetime(2017, 7, 1)
    assert row["Published on"] == datetime.datetime(2017, 9, 30)


def test_one_object_as_csv_is_its_json_flattened(viewer_client):
    plan = PlanFactory(title="Police and Crime Plan 2016-2020")
    (header, row) = parse_csv(viewer_client.get(url("plan-detail", plan.pk, format="csv")))
    assert dict(zip(header, row, strict=True))["title"] == plan.title


# Who sees what


def test_a_draft_periods_updates_are_seen_by_the_editor_only(editor, viewer, updates):
    draft = updates["draft"].pk
    viewer_client = signed_in(viewer)
    assert draft in listed(signed_in(editor), "update-list")
    assert draft not in listed(viewer_client, "update-list")
    assert draft not in listed(token_client(), "update-list")
    error_of(viewer_client.get(url("update-detail", draft)), 404)
    rows = as_dicts(parse_csv(viewer_client.get(url("update-list", format="csv"))))
    assert str(draft) not in [row["Id"] for row in rows]


def test_a_draft_period_is_seen_by_the_editor_only(editor, viewer):
    draft = ReportingPeriodFactory()
    assert listed(signed_in(editor), "period-list") == [draft.pk]
    assert listed(signed_in(viewer), "period-list") == []
    assert listed(token_client(), "period-list") == []


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/updates/", "/api/v1/updates/?format=csv"])
def test_someone_not_signed_in_gets_401_with_the_error_shape(client, path):
    assert error_of(client.get(path), 401)["code"] == "not_authenticated"


def test_a_signed_in_reader_may_not_write_and_gets_403(viewer_client):
    assert error_of(viewer_client.post(url("plan-list"), {}), 403)["code"] == "permission_denied"


def test_an_unknown_format_is_a_404_naming_the_formats(viewer_client):
    error = error_of(viewer_client.get(url("update-list", format="pdf")), 404)
    assert "csv" in error["message"]
