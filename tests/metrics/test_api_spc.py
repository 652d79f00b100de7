"""A metric's process chart through the API: the numbers its page shows, in fixed queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metrics.models import Metric, Recalculation
from tests.api_helpers import error_of
from tests.factories import AreaFactory, MetricFactory, TargetFactory
from tests.page_helpers import text_of
from tests.process_helpers import month_starts, monthly_series
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

# 10, 14 in turn for a year, then 20, 24 in turn, recalculated from the 13th month
# (October 2016): means 12 and 22, each with limits 2.66 x 4 = 10.64 either side (1.4 to
# 22.6, 11.4 to 32.6); nothing special. A target of 10 lies below 11.4 and up is good:
# consistently passing.
STEP = [10, 14] * 6 + [20, 24] * 6


@pytest.fixture
def metric(published):
    metric = MetricFactory(name="Volunteer hours", slug="volunteer-hours", up_is=Metric.UpIs.GOOD)
    essex = AreaFactory()
    monthly_series(metric, essex, STEP)
    Recalculation.objects.create(
        metric=metric, date=month_starts(24)[12], reason="New crime recording."
    )
    TargetFactory(metric=metric, area=essex, value=Decimal(10), due_date=datetime.date(2018, 3, 31))
    return metric


def spc_url(slug):
    return reverse("api:metric-spc", kwargs={"slug": slug})


def test_the_api_gives_the_segments_points_variation_and_assurance(viewer_client, metric):
    answer = viewer_client.get(spc_url(metric.slug)).json()

    assert (answer["area"], answer["basis"], answer["span"]) == ("essex", "month", "1 month")
    assert [(s["mean"], s["lower_limit"], s["upper_limit"]) for s in answer["segments"]] == [
        ("12", "1.4", "22.6"),
        ("22", "11.4", "32.6"),
    ]
    assert answer["segments"][1]["recalculated_because"] == "New crime recording."
    assert answer["segments"][1]["start"] == "2016-10-31"
    assert [p["value"] for p in answer["points"]] == [str(v) for v in STEP]
    assert {p["signal"] for p in answer["points"]} == {"common_cause"}
    assert (answer["variation"], answer["assurance"]) == ("common_cause", "passing")
    assert answer["target"] == {"value": "10", "due_date": "2018-03-31"}
    assert answer["message"] == ""


def test_the_api_answers_the_numbers_the_page_shows(viewer_client, metric):
    answer = viewer_client.get(spc_url(metric.slug)).json()
    page = text_of(viewer_client.get(reverse("metrics:metric_detail", args=[metric.slug])))

    for segment in answer["segments"]:
        row = " ".join(
            [str(segment["count"]), segment["mean"], segment["lower_limit"], segment["upper_limit"]]
        )
        assert row in page
    assert answer["variation_label"] in page
    assert answer["assurance_label"] in page


def test_too_few_points_give_the_message_and_no_segments(viewer_client, published):
    metric = MetricFactory(slug="few")
    monthly_series(metric, AreaFactory(), [5, 6, 7])

    answer = viewer_client.get(spc_url("few")).json()

    assert answer["segments"] == []
    assert len(answer["points"]) == 3
    assert answer["message"] == "Not enough points for a process chart: 3 of the 12 needed."
    assert answer["variation"] is None


def test_an_unknown_area_is_refused_naming_the_parameter(viewer_client, metric):
    response = viewer_client.get(spc_url(metric.slug), {"area": "atlantis"})

    assert error_of(response, 400)["fields"] == {"area": ['No area has the slug "atlantis".']}


def test_an_unknown_basis_is_refused_naming_the_parameter(viewer_client, metric):
    response = viewer_client.get(spc_url(metric.slug), {"basis": "fortnight"})

    assert "basis" in error_of(response, 400)["fields"]


def test_an_unknown_metric_is_not_found(viewer_client, published):
    assert viewer_client.get(spc_url("no-such-metric")).status_code == 404


@pytest.mark.parametrize("months", [24, 96])
def test_the_query_count_does_not_grow_with_the_figures(
    viewer_client, published, django_assert_num_queries, months
):
    metric = MetricFactory(slug="long")
    monthly_series(metric, AreaFactory(), [10, 14] * (months // 2))

    # 1 the session, 2 the user, then their permissions, 3 the metric, 4 the periods, 5 the
    # area asked for, 6 the area's figures (every basis), 7 the recalculation points,
    # 8 the targets.
    with django_assert_num_queries(8 + PERMISSION_QUERIES):
        response = viewer_client.get(spc_url("long"), {"area": "essex", "basis": "month"})

    assert len(response.json()["points"]) == months
