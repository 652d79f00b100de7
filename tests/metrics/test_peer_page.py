"""The metric page's peer comparison and its rates per 1,000 residents. The group and its
arithmetic are in tests/metrics/peer_helpers.py."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from metrics.models import AreaPopulation, Metric, Recalculation
from tests.factories import AreaFactory, MetricFactory, ObservationFactory
from tests.metrics.peer_helpers import peer_group
from tests.page_helpers import text_of
from tests.process_helpers import month_starts, monthly_series
from tests.query_counts import PERMISSION_QUERIES

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


def test_a_home_force_without_a_population_is_not_ranked_and_says_why(viewer_client, published):
    metric, areas = peer_group(period=published)
    AreaPopulation.objects.filter(area=areas["essex"]).delete()

    page = text_of(page_of(viewer_client, metric))

    assert "Essex has no population for this year, so it is not ranked." in page
    # Kent 1.00, Norfolk 2.00 and Suffolk 0.50 are still ranked, Suffolk first.
    assert "1 Suffolk 125 250,000 (2016) 0.50" in page
    assert "Not ranked Essex Home force 300 None held" in page


@pytest.mark.parametrize("older", [0, 30])
def test_the_metric_page_with_peers_reads_a_fixed_number_of_queries(
    viewer_client, published, django_assert_num_queries, older
):
    metric, areas = peer_group(period=published)
    for months in range(1, older + 1):
        day = datetime.date(2017, 5, 31) - datetime.timedelta(days=30 * months)
        for area in areas.values():
            ObservationFactory(metric=metric, area=area, start_date=day, end_date=day)

    # 1 the session, 2 the user, 3 the periods, 4 the data version, 5 the areas, 6 the
    # metric, 7 its latest figure, 8 the figures charted, 9 their amendments, 10 its
    # targets, 11 the figures of its process chart, 12 the chart's recalculation points,
    # 13 the populations of the table's rates, 14 the peer group with its members, 15 the
    # peers' figures, 16 their populations.
    with django_assert_num_queries(16 + PERMISSION_QUERIES):
        response = page_of(viewer_client, metric)

    assert response.status_code == 200


@pytest.mark.parametrize("months", [24, 96])
def test_the_metric_page_with_a_process_chart_and_peers_reads_a_fixed_number_of_queries(
    viewer_client, published, django_assert_num_queries, months
):
    metric, areas = peer_group(period=published)
    for area in areas.values():
        monthly_series(metric, area, [10, 14] * (months // 2))
    Recalculation.objects.create(
        metric=metric, date=month_starts(months)[12], reason="A new way of recording."
    )

    # 1 the session, 2 the user, 3 the periods, 4 the data version, 5 the areas, 6 the
    # metric, 7 its latest figure, 8 the figures charted, 9 their amendments, 10 its
    # targets, 11 the figures of its process chart, 12 the chart's recalculation points,
    # 13 the populations of the table's rates, 14 the peer group with its members, 15 the
    # peers' figures, 16 their populations.
    with django_assert_num_queries(16 + PERMISSION_QUERIES):
        response = page_of(viewer_client, metric)

    assert response.status_code == 200
    # Both charts are drawn: the process chart in two segments, and September 2017's
    # figures (14 in each force) compared among the four forces.
    content = response.content.decode()
    assert 'id="chart-process-data"' in content
    assert 'id="chart-peers-data"' in content
    assert len(response.context["process"].chart.segments) == 2
    assert [force.value for force in response.context["peers"].forces] == [Decimal(14)] * 4
