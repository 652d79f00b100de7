"""What a figure given on a commitment's quarter page is compared with: as the figure before
it was (the same dates a year before, or the figure before it), or what staff choose."""

import datetime

import pytest

from essexperf.site.quarter import year_before
from metrics.models import Observation
from priorities.models import Commitment
from priorities.quarter import quarter_url
from tests.factories import (
    AreaFactory,
    CommitmentFactory,
    MetricFactory,
    ObservationFactory,
    ReportingPeriodFactory,
)
from tests.page_helpers import text_of
from tests.site.test_admin_quarter import page_data

pytestmark = pytest.mark.django_db

day = datetime.date
SUMMER_2016 = (day(2016, 6, 1), day(2016, 8, 31))
AUTUMN_2016 = (day(2016, 9, 1), day(2016, 11, 30))
SUMMER_2017 = (day(2017, 6, 1), day(2017, 8, 31))
COMPARE_ERROR = (
    "There is no Headcount figure in this area from 2016-12-01 to 2016-12-01, a year before: "
    "choose another comparison, or give that figure first."
)


@pytest.fixture
def url():
    """The quarter page of a commitment with its hours (a total) and its headcount (a
    level), each with a figure of autumn 2016 and of summer 2017, in 2017-18-Q3, a draft
    with data to 30 November: summer's hours are compared with the summer before, summer's
    headcount with the headcount before it."""
    q3 = ReportingPeriodFactory(quarter=3, data_to=day(2017, 11, 30))
    commitment = CommitmentFactory()
    essex = AreaFactory()
    hours = MetricFactory(slug="hours", name="Hours", commitment=commitment, measure="total")
    headcount = MetricFactory(
        slug="headcount", name="Headcount", commitment=commitment, measure="level"
    )
    hours_figures = {
        span: ObservationFactory(metric=hours, area=essex, start_date=span[0], end_date=span[1])
        for span in (SUMMER_2016, AUTUMN_2016)
    }
    ObservationFactory(
        metric=hours,
        area=essex,
        start_date=SUMMER_2017[0],
        end_date=SUMMER_2017[1],
        compared_with=hours_figures[SUMMER_2016],
    )
    earlier = None
    for date in (day(2016, 11, 30), day(2017, 8, 31)):
        earlier = ObservationFactory(
            metric=headcount,
            area=essex,
            start_date=date,
            end_date=date,
            basis="point_in_time",
            compared_with=earlier,
        )
    return quarter_url(commitment, q3)


def give(client, url, slug, value, **changes):
    """Post the quarter page as rendered, with a value for one figure and other changes
    to its fields; the response."""
    page = client.get(url)
    form = figure_form(page, slug)
    fields = {form.add_prefix(name): text for name, text in {"value": value, **changes}.items()}
    return client.post(url, page_data(page, **fields, _save="Save"))


def figure_form(response, slug):
    """The quarter page's form for the metric's figure."""
    return next(f for f in response.context["page"].figure_forms if f.metric.slug == slug)


def compared_dates(slug):
    """The dates of the figure Q3's figure of the metric is compared with, or None."""
    written = Observation.objects.get(metric__slug=slug, reported_in__code="2017-18-Q3")
    earlier = written.compared_with
    return earlier and (earlier.start_date, earlier.end_date)


def test_a_figure_compared_a_year_before_last_time_is_compared_so_again(editor_client, url):
    assert give(editor_client, url, "hours", "25000").status_code == 302
    assert compared_dates("hours") == (day(2016, 9, 1), day(2016, 11, 30))


def test_a_figure_compared_with_the_one_before_last_time_is_compared_so_again(editor_client, url):
    assert give(editor_client, url, "headcount", "380").status_code == 302
    assert compared_dates("headcount") == (day(2017, 8, 31), day(2017, 8, 31))


def test_staff_may_compare_a_total_with_the_figure_before_it_or_with_nothing(editor_client, url):
    give(editor_client, url, "hours", "25000", compare="previous")
    assert compared_dates("hours") == (day(2017, 6, 1), day(2017, 8, 31))
    give(editor_client, url, "hours", "25100", compare="nothing")
    assert compared_dates("hours") is None


def test_a_comparison_with_no_figure_is_refused_at_its_field_with_nothing_written(
    editor_client, url
):
    # No headcount was stored at 30 November 2016 plus a day: a year before 1 December 2017.
    response = give(
        editor_client,
        url,
        "headcount",
        "380",
        start_date="2017-12-01",
        end_date="2017-12-01",
        compare="year_before",
    )
    assert response.status_code == 200
    form = figure_form(response, "headcount")
    assert form.errors["compare"] == [COMPARE_ERROR]
    assert not Observation.objects.filter(reported_in__code="2017-18-Q3").exists()


def test_a_figure_dated_out_of_range_is_refused_at_its_dates_with_nothing_written(
    editor_client, url
):
    response = give(
        editor_client,
        url,
        "headcount",
        "380",
        start_date="0001-01-01",
        end_date="0001-01-01",
        compare="year_before",
    )

    assert response.status_code == 200
    form = figure_form(response, "headcount")
    reason = (
        "0001-01-01 is outside the dates this site accepts: give one from 1990-01-01 to 2100-12-31."
    )
    assert form.errors["start_date"] == form.errors["end_date"] == [reason]
    assert not Observation.objects.filter(reported_in__code="2017-18-Q3").exists()


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (day(2017, 11, 30), day(2016, 11, 30)),
        (day(2017, 2, 28), day(2016, 2, 29)),
        (day(2016, 2, 29), day(2015, 2, 28)),
        (day(2017, 9, 1), day(2016, 9, 1)),
    ],
)
def test_a_year_before_keeps_a_months_last_day_its_last(date, expected):
    assert year_before(date) == expected


def test_a_metrics_first_figure_is_offered_to_be_compared_with_nothing(editor_client, url):
    MetricFactory(slug="cadets", name="Cadets", commitment=Commitment.objects.get())
    forms = editor_client.get(url).context["page"].figure_forms
    offered = {form.metric.slug: form["compare"].value() for form in forms}
    assert offered == {"cadets": "nothing", "headcount": "previous", "hours": "year_before"}


def test_the_page_says_whether_a_figure_s_change_is_more_than_chance(editor_client, url):
    give(editor_client, url, "hours", "130")

    page = text_of(editor_client.get(url))

    # 130 hours from September to November 2017 against 100 a year before, 91 days each:
    # z = (|130 - 115| - 0.5) / sqrt(230 / 4) = 14.5 / 7.583 = 1.91, p = 0.056; 30 / 100 up.
    # The latest value (read with the metric) and the one reported in Q3 say the same.
    said = "130 (Essex, 1 Sep to 30 Nov 2017): up 30% (within normal variation) on the figure"
    assert f"Latest value: {said} it is compared with." in page
    assert f"Reported in 2017-18-Q3: {said} it is compared with." in page
    # The headcount's latest, 100 against 100.
    assert "(Essex, at 31 Aug 2017): no change on the figure it is compared with." in page
