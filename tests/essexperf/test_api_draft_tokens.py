"""Tokens that read drafts: the office's own systems read a period before it is published,
exactly as office staff who see drafts do; every other token sees published periods only."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from essexperf.api.authentication import TokenReader
from essexperf.api.models import ApiToken
from metrics.models import Metric, Observation
from priorities.models import ReportingPeriod
from priorities.visibility import can_see_drafts
from tests.api_helpers import as_dicts, csv_sections, error_of, parse_csv, read_body, token_client
from tests.factories import (
    AssessmentFactory,
    KsiRouteFactory,
    KsiTotalFactory,
    MetricFactory,
    ObservationFactory,
    ReportingPeriodFactory,
    UpdateFactory,
)
from tests.query_counts import DATA_VERSION_QUERIES, TOKEN_QUERIES

pytestmark = pytest.mark.django_db

Q3 = "2017-18-Q3"
# The list of each resource whose rows belong to a period, and how a row names its period.
LISTS = {
    "api:update-list": lambda row: row["period"]["code"],
    "api:assessment-list": lambda row: row["period"]["code"],
    "api:observation-list": lambda row: row["reported_in"],
    "api:ksi-total-list": lambda row: row["period"]["code"],
    "api:ksi-route-list": lambda row: row["period"]["code"],
}


@pytest.fixture
def q3():
    """A draft period holding one row of each kind."""
    period = ReportingPeriodFactory(quarter=3, data_to=datetime.date(2017, 11, 30))
    UpdateFactory(period=period, text="Draft progress.")
    AssessmentFactory(period=period)
    ObservationFactory(metric=MetricFactory(slug="calls"), reported_in=period)
    KsiTotalFactory(period=period)
    KsiRouteFactory(period=period)
    return period


def drafts_client():
    return token_client(can_read_drafts=True)


@pytest.mark.parametrize("name", list(LISTS))
def test_a_draft_reading_token_lists_a_draft_periods_rows(q3, name):
    rows = drafts_client().get(reverse(name)).json()["results"]

    assert [LISTS[name](row) for row in rows] == [Q3]


@pytest.mark.parametrize("name", list(LISTS))
def test_any_other_token_lists_none_of_a_draft_periods_rows(q3, name):
    assert token_client(can_write=True).get(reverse(name)).json()["results"] == []


@pytest.mark.parametrize(("reader", "seen"), [(drafts_client, [Q3]), (token_client, [])])
def test_a_period_in_review_is_read_only_by_a_token_that_reads_drafts(q3, reader, seen):
    q3.status = ReportingPeriod.Status.IN_REVIEW
    q3.save()

    rows = reader().get(reverse("api:update-list")).json()["results"]
    periods = reader().get(reverse("api:period-list")).json()["results"]

    assert [row["period"]["code"] for row in rows] == seen
    assert [(period["code"], period["status"]) for period in periods] == [
        (code, "in_review") for code in seen
    ]


def test_a_draft_reading_token_reads_a_draft_row_and_the_draft_period(q3):
    reader = drafts_client()
    update = q3.updates.get()

    assert reader.get(reverse("api:update-detail", args=[update.pk])).json()["text"] == (
        "Draft progress."
    )
    assert reader.get(reverse("api:period-detail", args=[Q3])).json()["status"] == "draft"


def test_any_other_token_is_answered_404_for_a_draft_row_and_period(q3):
    reader = token_client()
    update = q3.updates.get()

    error_of(reader.get(reverse("api:update-detail", args=[update.pk])), 404)
    error_of(reader.get(reverse("api:period-detail", args=[Q3])), 404)


def test_a_draft_reading_token_downloads_a_draft_periods_rows(q3):
    rows = as_dicts(parse_csv(drafts_client().get(reverse("api:update-list"), {"format": "csv"})))
    hidden = parse_csv(token_client().get(reverse("api:update-list"), {"format": "csv"}))

    assert [row["Text"] for row in rows] == ["Draft progress."]
    assert hidden[1:] == []


def test_a_draft_reading_token_downloads_the_draft_periods_report(q3):
    url = reverse("api:period-export", args=[Q3])

    response = drafts_client().get(url, {"format": "csv"})
    sections = csv_sections(parse_csv(response))

    assert [row["Text"] for row in as_dicts(sections["Updates"])] == ["Draft progress."]
    assert len(as_dicts(sections["Observations"])) == 1
    error_of(token_client().get(url, {"format": "csv"}), 404)


def test_a_first_page_cached_for_a_draft_reader_is_never_handed_to_another_token(q3):
    reader, other = drafts_client(), token_client()
    reader.get(reverse("api:update-list"))

    assert other.get(reverse("api:update-list")).json()["results"] == []
    assert len(reader.get(reverse("api:update-list")).json()["results"]) == 1


def test_the_one_rule_answers_for_a_tokens_reader():
    granted, _ = ApiToken.issue("Office dashboard", can_read_drafts=True)
    plain, _ = ApiToken.issue("Public dashboard")

    assert can_see_drafts(TokenReader(granted))
    assert not can_see_drafts(TokenReader(plain))
    assert not TokenReader(granted).is_authenticated


def test_granting_drafts_in_the_admin_takes_effect_at_once(q3, administrator_client):
    token, secret = ApiToken.issue("Office dashboard")
    reader = token_client()
    reader.defaults["HTTP_AUTHORIZATION"] = f"Token {secret}"
    assert reader.get(reverse("api:update-list")).json()["results"] == []

    change = reverse("admin:api_apitoken_change", args=[token.pk])
    posted = administrator_client.post(
        change, {"name": token.name, "can_read_drafts": "on", "_save": "Save"}
    )

    assert posted.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).can_read_drafts
    assert len(reader.get(reverse("api:update-list")).json()["results"]) == 1


def test_the_admin_lists_whether_each_token_reads_drafts(administrator_client):
    ApiToken.issue("Office dashboard", can_read_drafts=True)
    ApiToken.issue("Public dashboard")

    response = administrator_client.get(reverse("admin:api_apitoken_changelist"))
    listed = response.context["cl"]

    assert "can_read_drafts" in listed.list_display
    assert [token.can_read_drafts for token in listed.result_list] == [True, False]


def test_the_admin_filters_tokens_that_read_drafts(administrator_client):
    ApiToken.issue("Office dashboard", can_read_drafts=True)
    ApiToken.issue("Public dashboard")

    response = administrator_client.get(
        reverse("admin:api_apitoken_changelist"), {"can_read_drafts__exact": "1"}
    )

    assert [token.name for token in response.context["cl"].result_list] == ["Office dashboard"]


def run_apitoken(*args):
    out = StringIO()
    call_command("apitoken", *args, stdout=out)
    return out.getvalue()


def test_create_with_read_drafts_issues_a_token_that_reads_drafts():
    output = run_apitoken("create", "Office dashboard", "--read-drafts")

    token = ApiToken.objects.get(name="Office dashboard")
    assert token.can_read_drafts
    assert not token.can_write
    assert "(read, drafts too)" in output


def test_create_without_read_drafts_issues_a_token_that_does_not():
    run_apitoken("create", "Public dashboard")

    assert not ApiToken.objects.get(name="Public dashboard").can_read_drafts


def test_list_shows_which_tokens_read_drafts():
    ApiToken.issue("Office dashboard", can_read_drafts=True)
    ApiToken.issue("Public dashboard")

    header, office, public = run_apitoken("list").splitlines()

    assert header.split()[:4] == ["NAME", "PREFIX", "ACCESS", "DRAFTS"]
    assert office.split("  ")[0] == "Office dashboard"
    assert [cell for cell in office.split("  ") if cell.strip()][3].strip() == "yes"
    assert [cell for cell in public.split("  ") if cell.strip()][3].strip() == "no"


# Writing a draft's figures

FIGURE = {
    "metric": "calls",
    "area": "essex",
    "date": "2017-11-30",
    "value": "12",
    "basis": "point_in_time",
    "reported_in": Q3,
}


def test_a_write_token_that_reads_drafts_gets_an_address_it_can_read(q3):
    writer = token_client(can_write=True, can_read_drafts=True)

    response = writer.post(reverse("api:observation-list"), FIGURE, content_type="application/json")
    [entry] = response.json()["observations"]

    assert response.status_code == 201
    assert "note" not in entry
    assert writer.get(entry["url"]).json()["value"] == "12"


DRAFT_NOTE = (
    "Reported in a period that is not yet published: reading it needs a token that may read drafts."
)
# What a writer that cannot read drafts is told of any item written into one: the same
# whether the figure was new, changed or already so.
WRITTEN_UNSEEN = {
    "created": 0,
    "updated": 0,
    "unchanged": 0,
    "observations": [
        {"index": 0, "id": None, "url": None, "outcome": "written", "note": DRAFT_NOTE}
    ],
}


def test_a_write_token_that_cannot_read_drafts_is_told_why_it_gets_no_address(q3):
    writer = token_client(can_write=True)

    response = writer.post(reverse("api:observation-list"), FIGURE, content_type="application/json")

    assert response.status_code == 201
    assert response.json() == WRITTEN_UNSEEN
    written = q3.observations.get(end_date=datetime.date(2017, 11, 30))
    error_of(writer.get(reverse("api:observation-detail", args=[written.pk])), 404)


@pytest.fixture
def draft_figure(q3):
    """A figure of the draft period as a feed item states it, stored at version 1."""
    ObservationFactory(
        metric=q3.observations.get().metric,
        start_date=datetime.date(2017, 11, 30),
        end_date=datetime.date(2017, 11, 30),
        value=12,
        basis="point_in_time",
        source="Force systems",
        reported_in=q3,
    )
    return FIGURE | {"source": "Force systems"}


def post(writer, item):
    return writer.post(reverse("api:observation-list"), item, content_type="application/json")


@pytest.mark.parametrize("value", ["12", "13"], ids=["the same", "another"])
def test_writing_a_draft_figure_it_cannot_read_tells_a_writer_nothing_of_it(draft_figure, value):
    stored = post(token_client(can_write=True), draft_figure | {"value": value})
    absent = post(token_client(can_write=True), draft_figure | {"date": "2017-10-31"})

    assert (stored.status_code, stored.json()) == (201, WRITTEN_UNSEEN)
    assert (absent.status_code, absent.json()) == (201, WRITTEN_UNSEEN)


@pytest.mark.parametrize("version", [1, 2])
def test_a_version_of_a_draft_figure_is_refused_as_for_a_figure_that_is_not_there(
    draft_figure, version
):
    stored = post(token_client(can_write=True), draft_figure | {"version": version})
    absent = post(
        token_client(can_write=True), draft_figure | {"date": "2017-10-31", "version": version}
    )

    assert error_of(stored, 400)["fields"] == {
        "items": [
            {
                "index": 0,
                "field": "version",
                "reason": "There is no observation you may read with this metric, area and "
                "dates: send it without a version.",
            }
        ]
    }
    assert absent.json() == stored.json()


def test_a_writer_that_reads_drafts_is_told_a_draft_figure_is_unchanged(draft_figure):
    response = post(token_client(can_write=True, can_read_drafts=True), draft_figure)

    assert response.status_code == 200
    assert [entry["outcome"] for entry in response.json()["observations"]] == ["unchanged"]


def test_a_writer_that_reads_drafts_is_told_the_version_of_a_draft_figure(draft_figure):
    writer = token_client(can_write=True, can_read_drafts=True)

    error = error_of(post(writer, draft_figure | {"version": 2}), 409)

    assert error["fields"]["items"][0]["reason"].startswith(
        "The observation is at version 1, not 2"
    )


def test_moving_a_figure_into_a_draft_answers_the_figure_rather_than_failing(q3):
    loose = ObservationFactory(
        metric=q3.observations.get().metric, end_date=datetime.date(2017, 9, 30)
    )
    writer = token_client(can_write=True)

    response = writer.patch(
        reverse("api:observation-detail", args=[loose.pk]),
        {"reported_in": Q3},
        content_type="application/json",
    )

    assert response.status_code == 200, read_body(response)[:300]
    assert response.json()["reported_in"] == Q3


def test_a_first_page_for_a_draft_reader_costs_the_data_version_and_its_own_queries(
    q3, django_assert_max_num_queries
):
    reader = drafts_client()
    reader.get(reverse("api:update-list"))
    # Cached: the token and the data version alone.
    with django_assert_max_num_queries(TOKEN_QUERIES + DATA_VERSION_QUERIES):
        reader.get(reverse("api:update-list"))


def test_the_schema_says_which_tokens_read_drafts_and_why_a_write_may_get_no_address(client):
    schema = client.get("/api/v1/schema/?format=json").json()

    scheme = schema["components"]["securitySchemes"]["tokenAuth"]["description"]
    written = schema["components"]["schemas"]["Written"]["properties"]
    assert "--read-drafts" in scheme
    assert "read-only" in scheme
    assert written["url"]["nullable"] is True
    assert "token that may read" in written["note"]["description"]


def compared_with(day):
    """A figure outside any period, compared with the figure at `day`."""
    loose = {name: value for name, value in FIGURE.items() if name != "reported_in"}
    return loose | {"date": "2017-12-31", "compared_with": {"date": day}}


def test_a_draft_figure_it_cannot_read_is_not_there_to_compare_with(draft_figure):
    writer = token_client(can_write=True)

    stored = error_of(post(writer, compared_with("2017-11-30")), 400)
    absent = error_of(post(writer, compared_with("2017-10-31")), 400)

    assert [item["reason"] for item in stored["fields"]["items"]] == [
        "There is no calls observation for 'essex' from 2017-11-30 to 2017-11-30 to compare "
        "with: send that one first."
    ]
    assert [item["reason"] for item in absent["fields"]["items"]] == [
        "There is no calls observation for 'essex' from 2017-10-31 to 2017-10-31 to compare "
        "with: send that one first."
    ]


def test_a_writer_that_reads_drafts_compares_with_a_draft_figure(draft_figure):
    writer = token_client(can_write=True, can_read_drafts=True)

    response = post(writer, compared_with("2017-11-30"))

    assert response.status_code == 201, response.content
    [entry] = response.json()["observations"]
    earlier = Observation.objects.get(end_date=datetime.date(2017, 11, 30))
    assert writer.get(entry["url"]).json()["compared_with"] == earlier.pk


@pytest.fixture
def loose(draft_figure):
    """A figure outside any period, compared with nothing, which any token reads."""
    return ObservationFactory(
        metric=Metric.objects.get(slug="calls"),
        start_date=datetime.date(2017, 12, 31),
        end_date=datetime.date(2017, 12, 31),
        basis="point_in_time",
    )


def patch(writer, observation, changes):
    url = reverse("api:observation-detail", args=[observation.pk])
    return writer.patch(url, changes, content_type="application/json")


def test_a_change_cannot_compare_with_a_draft_figure_its_writer_cannot_read(loose):
    writer = token_client(can_write=True)

    stored = error_of(patch(writer, loose, {"compared_with": {"date": "2017-11-30"}}), 400)
    absent = error_of(patch(writer, loose, {"compared_with": {"date": "2017-10-31"}}), 400)

    assert [item["reason"] for item in stored["fields"]["items"]] == [
        "There is no calls observation for 'essex' from 2017-11-30 to 2017-11-30 to compare "
        "with: send that one first."
    ]
    assert [item["reason"] for item in absent["fields"]["items"]] == [
        "There is no calls observation for 'essex' from 2017-10-31 to 2017-10-31 to compare "
        "with: send that one first."
    ]


def test_a_change_keeps_a_comparison_its_writer_cannot_read_without_naming_it(loose):
    loose.compared_with = Observation.objects.get(end_date=datetime.date(2017, 11, 30))
    loose.save()

    response = patch(token_client(can_write=True), loose, {"value": "15"})

    assert response.status_code == 200, response.content
    assert response.json()["compared_with"] is None
    loose.refresh_from_db()
    assert (loose.value, loose.compared_with.end_date) == (15, datetime.date(2017, 11, 30))
