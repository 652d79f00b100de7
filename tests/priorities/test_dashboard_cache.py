"""Pages keep what they compute in the cache, and never show a figure older than the last
write: through the admin, a data feed, an amendment or publishing."""

import datetime
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from metrics.feeds import write_observations
from metrics.models import Metric, Observation
from priorities import workflow
from priorities.amendments import amend
from priorities.models import Commitment, ReportingPeriod, Update
from tests.admin_helpers import admin_url
from tests.page_helpers import LATER_HOURS, add_later_period, text_of
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("site:overview")
PRIORITY_1 = reverse("site:priority_detail", args=[1])
HOURS = reverse("metrics:metric_detail", args=["special-constable-hours"])
REPORT = reverse("reports:report", args=["2017-18-Q2"])
REPORT_PDF = reverse("reports:report_pdf", args=["2017-18-Q2"])
# A request whose page is in the cache reads the session, the user, the periods to choose
# from and the data version; the report pages choose no period.
CACHED_PAGE_QUERIES = 4 + PERMISSION_QUERIES
CACHED_REPORT_QUERIES = 3 + PERMISSION_QUERIES
# The later quarter added here lacks most of its items, so it is published with a reason.
LATE_ITEMS = "The rest of the quarter follows."


def without_csrf_token(response):
    """The page, less the sign-out form's token, which differs on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def hours_in(period_code):
    return Observation.objects.get(
        metric__slug="special-constable-hours",
        area__slug="essex",
        reported_in__code=period_code,
        compared_with__isnull=False,
    )


@pytest.mark.parametrize(
    ("url", "uncached"),
    [
        # As counted query by query in each app's test_pages.
        (OVERVIEW, 14 + PERMISSION_QUERIES),
        (reverse("priorities:priority_list"), 6 + PERMISSION_QUERIES),
        (PRIORITY_1, 17 + PERMISSION_QUERIES),
        (HOURS, 13 + PERMISSION_QUERIES),
        (reverse("metrics:roads"), 9 + PERMISSION_QUERIES),
        (reverse("inspections:inspection_list"), 7 + PERMISSION_QUERIES),
    ],
)
def test_a_second_request_for_a_page_reads_its_data_from_the_cache(
    viewer_client, demo, django_assert_num_queries, url, uncached
):
    with django_assert_num_queries(uncached):
        first = viewer_client.get(url)
    with django_assert_num_queries(CACHED_PAGE_QUERIES):
        second = viewer_client.get(url)

    assert second.status_code == 200
    assert without_csrf_token(second) == without_csrf_token(first)


@pytest.mark.parametrize("url", [REPORT, REPORT_PDF])
def test_a_second_request_for_the_report_reads_it_from_the_cache(
    viewer_client, demo, django_assert_num_queries, url
):
    first = viewer_client.get(url)

    # 1 the session, 2 the user, 3 the data version.
    with django_assert_num_queries(CACHED_REPORT_QUERIES):
        second = viewer_client.get(url)

    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second.get("Content-Disposition") == first.get("Content-Disposition")


def test_readers_who_see_drafts_and_readers_who_do_not_never_share_a_page(
    viewer_client, editor_client, demo
):
    add_later_period(status=ReportingPeriod.Status.DRAFT)

    staff = text_of(editor_client.get(OVERVIEW, {"period": "2017-18-Q3"}))
    board = text_of(viewer_client.get(OVERVIEW, {"period": "2017-18-Q3"}))

    assert f"{LATER_HOURS:,} hours" in staff
    assert f"{LATER_HOURS:,} hours" not in board


def change_form_data(response, **changes):
    """What the browser would post back: the form's initial values, with some changed."""
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in data.items()} | changes


def test_a_figure_changed_in_the_admin_shows_at_once(editor_client, demo):
    add_later_period(status=ReportingPeriod.Status.DRAFT)
    assert f"{LATER_HOURS:,} hours" in text_of(editor_client.get(OVERVIEW))
    url = admin_url(Observation, "change", hours_in("2017-18-Q3").pk)

    data = change_form_data(editor_client.get(url), value="32000")
    assert editor_client.post(url, data).status_code == 302

    page = text_of(editor_client.get(OVERVIEW))
    assert "32,000 hours" in page
    assert f"{LATER_HOURS:,} hours" not in page


def test_a_figure_sent_by_a_feed_shows_at_once(viewer_client, demo):
    assert "Latest 29,620 hours" in text_of(viewer_client.get(HOURS))

    write_observations(
        [
            {
                "metric": "special-constable-hours",
                "area": "essex",
                "start_date": "2017-07-01",
                "end_date": "2017-09-30",
                "value": "30500",
                "basis": "three_months",
            }
        ]
    )

    assert "Latest 30,500 hours" in text_of(viewer_client.get(HOURS))


def test_an_amended_figure_shows_at_once_on_every_page(viewer_client, approver, demo):
    for url in (OVERVIEW, PRIORITY_1, HOURS):
        assert "29,620 hours" in text_of(viewer_client.get(url))

    amend(hours_in("2017-18-Q2"), approver, "The force corrected its return.", value="29700")

    assert "29,620 hours" not in text_of(viewer_client.get(OVERVIEW))
    assert "Hours of service by Special Constables 29,700 hours" in text_of(
        viewer_client.get(OVERVIEW)
    )
    assert "Latest: 29,700 hours" in text_of(viewer_client.get(PRIORITY_1))
    page = text_of(viewer_client.get(HOURS))
    assert "Latest 29,700 hours" in page
    assert "29,620 hours" not in page
    assert "The force corrected its return." in page


def test_an_amended_update_shows_at_once_in_the_report_and_its_pdf(viewer_client, approver, demo):
    update = Update.objects.filter(commitment__priority__number=1).first()
    before_html = viewer_client.get(REPORT).content
    before_pdf = viewer_client.get(REPORT_PDF).content

    amend(update, approver, "A typo.", text="Corrected wording of the first update.")

    assert "Corrected wording of the first update." in text_of(viewer_client.get(REPORT))
    assert viewer_client.get(REPORT).content != before_html
    assert viewer_client.get(REPORT_PDF).content != before_pdf


def test_a_period_shows_to_the_board_as_soon_as_it_is_published(viewer_client, approver, demo):
    later = add_later_period(status=ReportingPeriod.Status.IN_REVIEW)
    assert f"{LATER_HOURS:,} hours" not in text_of(viewer_client.get(OVERVIEW))

    workflow.publish(later, approver, on=datetime.date(2017, 12, 20), reason=LATE_ITEMS)

    page = text_of(viewer_client.get(OVERVIEW))
    assert "Showing 2017-18-Q3" in page
    assert f"{LATER_HOURS:,} hours" in page


def test_the_staffs_report_is_marked_published_as_soon_as_it_is(editor_client, approver, demo):
    later = add_later_period(status=ReportingPeriod.Status.IN_REVIEW)
    report = reverse("reports:report", args=[later.code])
    assert "Not yet published" in text_of(editor_client.get(report))

    workflow.publish(later, approver, on=datetime.date(2017, 12, 20), reason=LATE_ITEMS)

    page = text_of(editor_client.get(report))
    assert "Published 20 December 2017" in page
    assert "Not yet published" not in page


def test_a_commitment_reworded_in_the_admin_shows_at_once(viewer_client, demo):
    commitment = Commitment.objects.get(priority__number=1, order=1)
    viewer_client.get(PRIORITY_1)

    commitment.text = "Recruit many more Special Constables."
    commitment.save()

    assert "Recruit many more Special Constables." in text_of(viewer_client.get(PRIORITY_1))


def test_a_metric_deleted_leaves_no_panel_behind(viewer_client, demo):
    metric = Metric.objects.create(
        name="Extra figure", slug="extra-figure", unit="count", measure="total"
    )
    metric.priority_id = Commitment.objects.get(priority__number=1, order=1).priority_id
    metric.save()
    assert "Extra figure" in text_of(viewer_client.get(PRIORITY_1))

    metric.delete()

    assert "Extra figure" not in text_of(viewer_client.get(PRIORITY_1))


def test_pages_are_computed_without_the_cache_when_it_cannot_be_reached(viewer_client, demo):
    down = RedisConnectionError("Connection refused")
    with (
        mock.patch.object(cache, "get", side_effect=down),
        mock.patch.object(cache, "set", side_effect=down),
    ):
        response = viewer_client.get(HOURS)

    assert response.status_code == 200
    assert "Latest 29,620 hours" in text_of(response)


def test_the_inspections_page_of_one_day_is_not_shown_the_next(viewer_client, demo):
    url = reverse("inspections:inspection_list")
    # The PCC's response to the Legitimacy 2016 report was due on 2 February 2017.
    due = datetime.date(2017, 2, 2)
    with mock.patch("django.utils.timezone.localdate", return_value=due):
        assert "2 February 2017 Upcoming" in text_of(viewer_client.get(url))

    with mock.patch("django.utils.timezone.localdate", return_value=due + datetime.timedelta(1)):
        assert "2 February 2017 Upcoming" not in text_of(viewer_client.get(url))
