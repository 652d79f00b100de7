"""The first page of each API list is kept under the data version: a polling system costs
one query a request besides its token, and never reads a row older than the last write."""

import datetime

import pytest
from django.urls import reverse

from essexperf.pagecache import pages as pagecache_pages
from essexperf.pagecache.versions import data_changed
from priorities import workflow
from priorities.models import Update
from tests.api_helpers import token_client
from tests.factories import (
    AreaFactory,
    MetricFactory,
    ReportingPeriodFactory,
    UpdateFactory,
)
from tests.query_counts import DATA_VERSION_QUERIES, TOKEN_QUERIES

pytestmark = pytest.mark.django_db

PERIODS = reverse("api:period-list")
UPDATES = reverse("api:update-list")
OBSERVATIONS = reverse("api:observation-list")


def draft(quarter=3):
    return ReportingPeriodFactory(quarter=quarter, data_to=datetime.date(2017, 11, 30))


def codes(response):
    assert response.status_code == 200, response.content[:500]
    return [row["code"] for row in response.json()["results"]]


def test_a_polled_list_reads_only_the_data_version_once_it_is_cached(
    django_assert_num_queries,
):
    ReportingPeriodFactory(published=True)
    client = token_client()
    first = client.get(PERIODS).json()
    # the token and the data version: the page comes from the cache
    with django_assert_num_queries(TOKEN_QUERIES + DATA_VERSION_QUERIES):
        again = client.get(PERIODS).json()
    assert again == first
    assert again["count"] == 1


def test_a_list_shows_a_row_saved_after_it_was_cached():
    period = ReportingPeriodFactory(published=True)
    client = token_client()
    UpdateFactory(period=period, text="The first update.")
    assert client.get(UPDATES).json()["count"] == 1

    UpdateFactory(period=period, text="The second update.")

    texts = {row["text"] for row in client.get(UPDATES).json()["results"]}
    assert texts == {"The first update.", "The second update."}


def test_a_list_shows_a_change_made_by_a_bulk_update_that_renews_the_version():
    update = UpdateFactory(period=draft(), text="Before.")
    client = token_client(can_read_drafts=True)
    assert client.get(UPDATES).json()["results"][0]["text"] == "Before."

    # A queryset update (of a draft: a published row's is refused) sends no signal: bulk
    # writers renew the version themselves.
    Update.objects.filter(pk=update.pk).update(text="After.")
    data_changed()

    assert client.get(UPDATES).json()["results"][0]["text"] == "After."


def test_a_list_shows_figures_posted_to_the_feed_after_it_was_cached():
    MetricFactory(slug="special-constable-headcount", measure="level")
    AreaFactory()
    reader = token_client()
    assert reader.get(OBSERVATIONS).json()["results"] == []
    item = {
        "metric": "special-constable-headcount",
        "area": "essex",
        "date": "2017-09-30",
        "value": "380",
        "basis": "point_in_time",
    }

    posted = token_client(can_write=True).post(
        OBSERVATIONS, [item], content_type="application/json"
    )

    assert posted.status_code == 201, posted.content
    assert [row["value"] for row in reader.get(OBSERVATIONS).json()["results"]] == ["380"]


def test_a_draft_cached_for_an_editor_is_never_shown_to_a_token(editor_client):
    ReportingPeriodFactory(published=True)
    draft(quarter=3)
    assert codes(editor_client.get(PERIODS)) == ["2017-18-Q3", "2017-18-Q2"]

    assert codes(token_client().get(PERIODS)) == ["2017-18-Q2"]


def test_a_list_cached_for_a_board_member_still_shows_drafts_to_an_editor(
    viewer_client, editor_client
):
    ReportingPeriodFactory(published=True)
    draft(quarter=3)
    assert codes(viewer_client.get(PERIODS)) == ["2017-18-Q2"]

    assert codes(editor_client.get(PERIODS)) == ["2017-18-Q3", "2017-18-Q2"]


def test_publishing_a_period_shows_it_in_a_list_cached_before(approver):
    ReportingPeriodFactory(published=True)
    quarter_three = draft(quarter=3)
    client = token_client()
    assert codes(client.get(PERIODS)) == ["2017-18-Q2"]

    workflow.submit_for_review(quarter_three, approver)
    workflow.publish(quarter_three, approver, reason="Its roads tables follow.")

    assert codes(client.get(PERIODS)) == ["2017-18-Q3", "2017-18-Q2"]


def test_links_name_the_host_each_request_was_sent_to(settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    ReportingPeriodFactory(published=True)
    client = token_client()

    first = client.get(PERIODS, HTTP_HOST="one.example").json()["results"][0]["url"]
    second = client.get(PERIODS, HTTP_HOST="two.example").json()["results"][0]["url"]

    assert first.startswith("http://one.example/api/v1/periods/")
    assert second.startswith("http://two.example/api/v1/periods/")


def test_filters_are_part_of_what_is_kept():
    ReportingPeriodFactory(published=True)
    ReportingPeriodFactory(quarter=1, published=True)
    client = token_client()

    assert codes(client.get(PERIODS, {"code": "2017-18-Q1"})) == ["2017-18-Q1"]
    assert codes(client.get(PERIODS, {"code": "2017-18-Q2"})) == ["2017-18-Q2"]


def test_a_later_page_is_read_from_the_database_each_time(django_assert_num_queries):
    for quarter in (1, 2, 3):
        ReportingPeriodFactory(quarter=quarter, published=True)
    client = token_client()
    client.get(PERIODS, {"page": 2, "page_size": 1})
    # the token, then the page, with the count of every period: not the data version, as a
    # cached page would
    with django_assert_num_queries(TOKEN_QUERIES + 1) as captured:
        assert codes(client.get(PERIODS, {"page": 2, "page_size": 1})) == ["2017-18-Q2"]
    assert "priorities_reportingperiod" in captured[-1]["sql"]


def test_a_list_asked_with_a_parameter_it_does_not_read_is_answered_but_not_kept(monkeypatch):
    """Each made-up parameter would otherwise keep another copy of the page for a day."""
    ReportingPeriodFactory(published=True)
    kept = []
    monkeypatch.setattr(pagecache_pages.cache, "set", lambda key, *args: kept.append(key))
    client = token_client()

    for junk in ("a", "b"):
        assert codes(client.get(PERIODS, {"made_up": junk})) == ["2017-18-Q2"]
    assert kept == []
    assert codes(client.get(PERIODS, {"status": "published", "page_size": 5})) == ["2017-18-Q2"]
    assert len(kept) == 1
