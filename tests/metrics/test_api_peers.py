"""A metric's peer comparison through the API: /api/v1/metrics/<slug>/peers/?period=.
The group and its arithmetic are in tests/metrics/peer_helpers.py."""

import datetime

import pytest
from django.urls import reverse

from metrics.models import Metric
from tests.api_helpers import error_of
from tests.factories import ObservationFactory, ReportingPeriodFactory
from tests.metrics.peer_helpers import peer_group
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db


def peers_url(slug="burglaries"):
    return reverse("api:metric-peers", args=[slug])


def test_the_api_answers_each_forces_rate_rank_and_the_group_average(viewer_client, published):
    peer_group(period=published)

    body = viewer_client.get(peers_url(), {"period": "2017-18-Q2"}).json()

    assert body["period"] == "2017-18-Q2"
    assert (body["start_date"], body["end_date"], body["basis"]) == (
        "2017-06-01",
        "2017-08-31",
        "three_months",
    )
    assert body["per_1000_residents"] is True
    # (1.50 + 1.00 + 2.00 + 0.50) / 4 = 1.25; up is bad, so the lowest rate ranks first.
    assert body["average"] == "1.25"
    rows = [
        (f["area"]["slug"], f["value"], f["population"], f["rate_per_1000"], f["rank"], f["home"])
        for f in body["forces"]
    ]
    assert rows == [
        ("suffolk", "125", 250_000, "0.50", 1, False),
        ("kent", "100", 100_000, "1.00", 2, False),
        ("essex", "300", 200_000, "1.50", 3, True),
        ("norfolk", "800", 400_000, "2.00", 4, False),
    ]
    assert body["forces"][0]["population_note"] == "Population of 2016: none is held for 2017."


def test_the_api_says_whether_the_home_force_differs_significantly(viewer_client, published):
    peer_group(period=published)

    significance = viewer_client.get(peers_url(), {"period": "2017-18-Q2"}).json()["significance"]

    # 1.25 x 200,000 / 1,000 = 250 expected; 300 recorded.
    assert significance["observed"] == 300
    assert significance["expected"] == "250.0"
    assert significance["significant"] is True
    assert significance["method"] == "exact Poisson test"


def test_a_neutral_metric_says_no_direction_is_better(viewer_client, published):
    peer_group(up_is=Metric.UpIs.NEUTRAL, period=published)

    body = viewer_client.get(peers_url(), {"period": "2017-18-Q2"}).json()

    assert body["direction"] == (
        "Highest rate first: no better direction, so a rank is not a judgement."
    )


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("", "Give the reporting period's code, such as 2017-18-Q2."),
        ("Q2 2017", "'Q2 2017' is not a period code: write it as 2017-18-Q2."),
        ("2031-32-Q1", "2031-32-Q1 names no reporting period you may read."),
    ],
)
def test_a_bad_or_unknown_period_is_refused_naming_the_parameter(
    viewer_client, published, period, message
):
    peer_group(period=published)

    error = error_of(viewer_client.get(peers_url(), {"period": period}), 400)

    assert error["fields"] == {"period": [message]}


def test_a_draft_period_is_unknown_to_a_board_member(viewer_client, published):
    ReportingPeriodFactory(quarter=3, data_to="2017-11-30")
    peer_group(period=published)

    error = error_of(viewer_client.get(peers_url(), {"period": "2017-18-Q3"}), 400)

    assert error["fields"] == {"period": ["2017-18-Q3 names no reporting period you may read."]}


def test_an_unknown_metric_is_not_found(viewer_client, published):
    assert (
        viewer_client.get(peers_url("no-such-metric"), {"period": "2017-18-Q2"}).status_code == 404
    )


def test_a_metric_without_peer_figures_answers_with_the_home_force_alone(viewer_client, published):
    peer_group(period=published, counts={"kent": None, "norfolk": None, "suffolk": None})

    body = viewer_client.get(peers_url(), {"period": "2017-18-Q2"}).json()

    assert body["significance"] is None
    assert [f["value"] for f in body["forces"]] == ["300", None, None, None]


@pytest.mark.parametrize("older", [0, 40])
def test_the_peers_answer_takes_a_fixed_number_of_queries(
    viewer_client, published, django_assert_num_queries, older
):
    metric, areas = peer_group(period=published)
    for months in range(1, older + 1):
        day = datetime.date(2017, 8, 31) - datetime.timedelta(days=30 * months)
        for area in areas.values():
            ObservationFactory(metric=metric, area=area, start_date=day, end_date=day)

    # session, user, the reader's permissions; the metric, the period, the group with its
    # members, the figures, the populations
    with django_assert_num_queries(2 + PERMISSION_QUERIES + 5):
        response = viewer_client.get(peers_url(), {"period": "2017-18-Q2"})

    assert response.status_code == 200
    assert len(response.json()["forces"]) == 4
