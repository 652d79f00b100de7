"""The metric page's peer comparison and its rates per 1,000 residents. The group and its
arithmetic are in tests/metrics/peer_helpers.py."""

import json
import re

import pytest
from django.urls import reverse

from metrics.models import AreaPopulation, Metric
from tests.factories import AreaFactory, MetricFactory, ObservationFactory
from tests.metrics.peer_helpers import peer_group
from tests.page_helpers import text_of

pytestmark = pytest.mark.django_db


def page_of(client, metric, **params):
    return client.get(reverse("metrics:metric_detail", args=[metric.slug]), params)


def peers_chart(response):
    found = re.search(
        r'<script id="chart-peers-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.DOTALL,
    )
    return json.loads(found.group(1))


def test_the_page_says_the_home_forces_rank_in_words(viewer_client, published):
    metric, _ = peer_group(period=published)

    page = text_of(page_of(viewer_client, metric))

    # Up is bad: Suffolk 0.50, Kent 1.00, Essex 1.50, Norfolk 2.00.
    assert "Essex ranks 3 of 4 at 1.50 per 1,000 residents, against a group average of 1.25" in page
    assert "Lowest rate first: lower is better." in page
    assert "Significantly above the group average: 300 against 250.0 expected" in page


def test_the_peer_table_lists_each_force_best_first_with_its_population(viewer_client, published):
    metric, _ = peer_group(period=published)

    page = text_of(page_of(viewer_client, metric))

    assert "1 Suffolk 125 250,000 (2016) 0.50 2 Kent 100 100,000 1.00" in page
    assert "3 Essex Home force 300 200,000 1.50 4 Norfolk 800 400,000 2.00" in page
    assert "Group average 1.25" in page
    assert "Suffolk: Population of 2016: none is held for 2017." in page


def test_the_chart_ranks_the_bars_and_names_the_home_force_in_words(viewer_client, published):
    metric, _ = peer_group(period=published)

    figure = peers_chart(page_of(viewer_client, metric))

    bars = figure["data"][0]
    assert bars["y"] == ["1. Suffolk", "2. Kent", "3. Essex (home force)", "4. Norfolk"]
    assert bars["x"] == [0.5, 1.0, 1.5, 2.0]
    assert figure["layout"]["shapes"][0]["x0"] == 1.25


def test_a_period_without_peer_figures_says_so(viewer_client, published):
    metric, _ = peer_group(
        period=published, counts={"kent": None, "norfolk": None, "suffolk": None}
    )

    page = text_of(page_of(viewer_client, metric))

    assert "No peer figures for this period." in page
    assert 'id="chart-peers"' not in page_of(viewer_client, metric).content.decode()


def test_a_count_shows_its_rate_beside_it_in_the_table(viewer_client, published):
    metric, _ = peer_group(period=published)

    page = text_of(page_of(viewer_client, metric))

    # 300 / 200,000 x 1,000 = 1.50
    assert "Value Per 1,000 residents Compared with" in page
    assert "Essex Three months 300 1.50 None" in page


def test_a_figure_of_a_metric_that_is_not_a_count_has_no_rate(viewer_client, published):
    metric = MetricFactory(unit=Metric.Unit.PERCENT, measure=Metric.Measure.AVERAGE)
    essex = AreaFactory()
    AreaPopulation.objects.create(area=essex, year=2017, population=200_000)
    ObservationFactory(metric=metric, area=essex, value=50, reported_in=published)

    page = text_of(page_of(viewer_client, metric))

    assert "Per 1,000 residents" not in page
