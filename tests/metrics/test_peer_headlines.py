"""A peer force's figures are compared with, never the home force's own: not its headline,
not among its areas, not a figure of its quarter (Observation.objects.without_peers)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metrics.completion import missing_metrics
from metrics.models import Observation
from metrics.series import latest_observations
from metrics.views import chart_areas
from tests.factories import ObservationFactory
from tests.metrics.peer_helpers import peer_group
from tests.page_helpers import text_of

pytestmark = pytest.mark.django_db

SEPTEMBER = datetime.date(2017, 9, 30)


def newer_peer_figure(metric, area, period):
    """A peer's figure ending after the home force's newest (31 August)."""
    return ObservationFactory(
        metric=metric,
        area=area,
        start_date=datetime.date(2017, 7, 1),
        end_date=SEPTEMBER,
        value=Decimal(999),
        reported_in=period,
    )


def test_a_peers_newer_figure_does_not_become_the_headline(viewer, published):
    metric, areas = peer_group(period=published)
    newer_peer_figure(metric, areas["kent"], published)

    latest = latest_observations(viewer, published, type(metric).objects.filter(pk=metric.pk))

    assert latest[metric.pk].area.slug == "essex"
    assert latest[metric.pk].value == Decimal(300)


def test_peer_forces_are_not_among_the_areas_a_metric_page_offers(viewer, published):
    metric, _ = peer_group(period=published)

    areas = chart_areas(viewer, published, type(metric).objects.filter(pk=metric.pk))

    assert [area.slug for area in areas] == ["essex"]


def test_the_metric_page_headlines_the_home_force_and_not_a_peers_newer_figure(
    viewer_client, published
):
    metric, areas = peer_group(period=published)
    newer_peer_figure(metric, areas["kent"], published)

    page = text_of(viewer_client.get(reverse("metrics:metric_detail", args=[metric.slug])))

    assert "Latest 300 (1 Jun to 31 Aug 2017, Essex)" in page
    assert "999" not in page.split("Compared with forces like Essex")[0]


def test_a_peer_area_asked_for_shows_the_home_forces_figures(viewer_client, published):
    metric, _ = peer_group(period=published)

    url = reverse("metrics:metric_detail", args=[metric.slug])
    page = text_of(viewer_client.get(url, {"area": "kent"}))

    assert "Over time in Essex" in page


def test_the_api_gives_the_home_forces_figure_as_a_metrics_latest(viewer_client, published):
    metric, areas = peer_group(period=published)
    newer_peer_figure(metric, areas["kent"], published)

    body = viewer_client.get(reverse("api:metric-detail", args=[metric.pk])).json()

    assert body["latest_observation"]["area"]["slug"] == "essex"
    assert body["latest_observation"]["value"] == "300"


def test_a_peers_figure_reported_in_a_period_does_not_complete_the_home_forces(published):
    metric, _ = peer_group(period=None, counts={"essex": None})
    Observation.objects.filter(metric=metric).update(reported_in=published)

    missing = [item.label for item in missing_metrics(published)]

    assert f"Figure: {metric.name}" in missing
