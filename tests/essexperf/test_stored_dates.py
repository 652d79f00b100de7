"""Rows stored with dates far outside the range the site accepts, as an older release or a
change made directly in the database could leave them: every page, report and API list
still answers, each such figure left out of the charts while its table still shows it. They
are written with each model's plain manager, below the app's rules, as such a change is."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from inspections.models import Finding, Inspection
from metrics.models import KsiTotal, Metric, Observation, Recalculation, Target
from priorities.models import Commitment, Plan, ReportingPeriod
from priorities.quarter import quarter_url
from tests.admin_helpers import admin_url
from tests.factories import ObservationFactory, ReportingPeriodFactory, TargetFactory
from tests.page_helpers import add_earlier_hours

pytestmark = pytest.mark.django_db

HOURS = "special-constable-hours"
PERIOD = "2017-18-Q2"
PAGES = [
    reverse("site:overview"),
    reverse("priorities:priority_list"),
    reverse("site:priority_detail", args=[1]),
    reverse("site:search") + "?q=Special",
    reverse("metrics:metric_detail", args=[HOURS]),
    reverse("metrics:roads"),
    reverse("inspections:inspection_list"),
    reverse("reports:report", args=[PERIOD]),
    reverse("reports:report_pdf", args=[PERIOD]),
]
API_LISTS = [
    "api:plan-list",
    "api:commitment-list",
    "api:period-list",
    "api:target-list",
    "api:observation-list",
    "api:ksi-total-list",
    "api:inspection-list",
    "api:finding-list",
]
EXTREMES = [datetime.date.min, datetime.date.max]


def store_everywhere(day):
    """The demo with `day` written, past every check, into each kind of date it holds."""
    add_earlier_hours()
    period = ReportingPeriod.objects.get(code=PERIOD)
    hours = Observation.objects.filter(metric__slug=HOURS).order_by("end_date")
    # The oldest of the charted hours becomes a figure of the period on `day` alone (a start
    # after the end is refused by the database itself).
    Observation._base_manager.filter(pk=hours.first().pk).update(
        start_date=day, end_date=day, data_to=day, reported_in=period
    )
    Target._base_manager.update(due_date=day)
    Recalculation.objects.bulk_create(
        [Recalculation(metric=hours.first().metric, date=day, reason="Stored as it was")]
    )
    KsiTotal._base_manager.update(start_date=day, end_date=day)
    Inspection._base_manager.update(published_on=day, next_inspection_due=day)
    inspection = Inspection.objects.first()
    Finding.objects.bulk_create(
        [Finding(inspection=inspection, kind=Finding.Kind.RECOMMENDATION, text="Act", due_date=day)]
    )
    ReportingPeriod._base_manager.update(published_on=day)
    Commitment.objects.filter(priority__number=1, order=1).update(introduced_on=day)
    if day == datetime.date.max:
        Plan.objects.update(end_date=day)
    else:
        Plan.objects.update(start_date=day)


@pytest.mark.parametrize("day", EXTREMES, ids=str)
@pytest.mark.parametrize("url", PAGES)
def test_a_date_stored_out_of_range_leaves_every_page_answering(viewer_client, demo, day, url):
    store_everywhere(day)

    assert viewer_client.get(url).status_code == 200


@pytest.mark.parametrize("day", EXTREMES, ids=str)
@pytest.mark.parametrize("name", API_LISTS)
def test_a_date_stored_out_of_range_leaves_every_api_list_answering(viewer_client, demo, day, name):
    store_everywhere(day)

    for file_format in ("json", "csv", "xlsx"):
        response = viewer_client.get(reverse(name), {"format": file_format})
        assert response.status_code == 200, file_format


@pytest.mark.parametrize("day", EXTREMES, ids=str)
def test_a_figure_stored_out_of_range_is_left_out_of_the_chart_and_kept_in_the_table(
    viewer_client, demo, day
):
    store_everywhere(day)

    content = viewer_client.get(reverse("metrics:metric_detail", args=[HOURS])).content.decode()

    data = re.search(r'id="chart-special-constable-hours-data"[^>]*>(.*?)</script>', content, re.S)
    # The 25,000 hours to November 2015 moved to `day`; the line keeps the rest, breaking
    # across the nine months without a figure before August 2017.
    assert json.loads(data.group(1))["data"][0]["y"] == [25900.0, 26400.0, 27292.0, None, 29620.0]
    assert content.count('<td class="numeric" data-label="Value">25,000 hours</td>') == 1


@pytest.mark.parametrize("day", EXTREMES, ids=str)
def test_a_date_stored_out_of_range_leaves_the_quarter_page_answering(editor_client, demo, day):
    store_everywhere(day)
    draft = ReportingPeriodFactory(quarter=3, data_to=datetime.date(2017, 11, 30))
    # The draft's cut-off and its figure of the hours, which the page offers dates from.
    ReportingPeriod._base_manager.filter(pk=draft.pk).update(data_to=day)
    Observation._base_manager.filter(end_date=day).update(reported_in=draft)
    hours = Metric.objects.get(slug=HOURS)

    assert editor_client.get(quarter_url(hours.commitment, draft)).status_code == 200


@pytest.mark.parametrize("day", EXTREMES, ids=str)
@pytest.mark.parametrize(("model", "field"), [(Observation, "end_date"), (Target, "due_date")])
def test_the_admins_drill_down_to_a_date_stored_out_of_range_answers(
    editor_client, model, field, day
):
    ObservationFactory()
    TargetFactory()
    Observation._base_manager.update(start_date=day, end_date=day)
    Target._base_manager.update(due_date=day)
    drill_down = {
        f"{field}__year": day.year,
        f"{field}__month": day.month,
        f"{field}__day": day.day,
    }

    for depth in (1, 2, 3):
        chosen = dict(list(drill_down.items())[:depth])
        response = editor_client.get(admin_url(model, "changelist"), chosen, follow=True)
        assert response.status_code == 200, chosen
