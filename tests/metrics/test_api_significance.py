"""Each change's significance through the API and its downloads, in the same words as the
pages; expected values are worked out by hand in the comments."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metrics.models import Metric
from tests.api_helpers import as_dicts, parse_csv, parse_xlsx
from tests.factories import MetricFactory, ObservationFactory, ReportingPeriodFactory
from tests.query_counts import DATA_VERSION_QUERIES, PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

LIST = reverse("api:observation-list")
DAY = datetime.date


def detail(pk):
    return reverse("api:observation-detail", args=[pk])


def compared(metric, before, now, **fields):
    """Two figures of the metric: `before` over a span, `now` over the next one, compared."""
    (start, end, value), (later_start, later_end, later_value) = before, now
    period = ReportingPeriodFactory(published=True)
    earlier = ObservationFactory(
        metric=metric,
        start_date=start,
        end_date=end,
        value=Decimal(value),
        basis="other",
        denominator=fields.get("denominator_before"),
    )
    return ObservationFactory(
        metric=metric,
        start_date=later_start,
        end_date=later_end,
        value=Decimal(later_value),
        basis="other",
        compared_with=earlier,
        reported_in=period,
        denominator=fields.get("denominator"),
    )


@pytest.fixture
def hate_crimes():
    """The seed's racial hate crimes: 1,529 from August 2016 to July 2017 (365 days)
    against 1,061 from August 2015 to July 2016 (366 days, with 29 February)."""
    metric = MetricFactory(
        slug="racial-hate-crimes", name="Racial hate crimes reported", up_is="neutral"
    )
    return compared(
        metric,
        (DAY(2015, 8, 1), DAY(2016, 7, 31), 1061),
        (DAY(2016, 8, 1), DAY(2017, 7, 31), 1529),
    )


@pytest.fixture
def answered():
    """82.5% of 1,200 calls answered in time in August, against 78% of 1,000 in July."""
    metric = MetricFactory(
        slug="answered-in-time",
        name="Calls answered in time",
        unit=Metric.Unit.PERCENT,
        measure=Metric.Measure.AVERAGE,
        up_is="good",
    )
    return compared(
        metric,
        (DAY(2017, 7, 1), DAY(2017, 7, 31), "78"),
        (DAY(2017, 8, 1), DAY(2017, 8, 31), "82.5"),
        denominator_before=1000,
        denominator=1200,
    )


# 1,529 over 365 days against 1,061 over 366: unchanged, the later count's share of n =
# 2,590 would be 365 / 731 = 0.49932, expected 1,293.23; sd sqrt(2,590 * 0.49932 * 0.50068)
# = 25.446; z = (235.77 - 0.5) / 25.446 = 9.25, p about 2e-20. Rates 4.18904 and 2.89891 a
# day: ln(1.44504) = 0.36814 ± 1.96 * sqrt(1/1,529 + 1/1,061) = ± 0.07831, so exp(0.28983)
# = 1.3362 to exp(0.44645) = 1.5628: up 33.6% to 56.3%. 468 / 1,061 = 44.1% up.
HATE_CRIMES = {
    "test": "normal_counts",
    "significant": True,
    "interval_low": "33.6",
    "interval_high": "56.3",
    "words": "up 44.1% (significant)",
}
# 82.5% of 1,200 against 78% of 1,000: pooled (990 + 780) / 2,200 = 0.80455; sqrt(0.80455
# * 0.19545 * (1/1,200 + 1/1,000)) = 0.016979, z = 0.045 / 0.016979 = 2.650: p = 0.008045.
# sqrt(0.825 * 0.175 / 1,200 + 0.78 * 0.22 / 1,000) = 0.017086, * 1.96 = 0.03349: 4.5 ±
# 3.35 points, 1.2 to 7.8.
ANSWERED = {
    "test": "two_proportions",
    "significant": True,
    "interval_low": "1.2",
    "interval_high": "7.8",
    "words": "up 4.5 percentage points (better, significant)",
}


def without_p_value(significance):
    return {key: value for key, value in significance.items() if key != "p_value"}


def test_a_count_s_change_carries_its_significance(viewer_client, hate_crimes):
    row = viewer_client.get(detail(hate_crimes.pk)).json()

    assert without_p_value(row["change_significance"]) == HATE_CRIMES
    assert row["change_significance"]["p_value"] < 1e-15


def test_a_percentage_with_its_denominators_is_two_proportions(viewer_client, answered):
    row = viewer_client.get(detail(answered.pk)).json()

    assert row["denominator"] == 1200
    assert without_p_value(row["change_significance"]) == ANSWERED
    assert row["change_significance"]["p_value"] == pytest.approx(0.008045, abs=0.000005)


def test_a_level_has_no_test_that_applies(viewer_client):
    metric = MetricFactory(measure=Metric.Measure.LEVEL, up_is="good")
    level = compared(metric, (DAY(2017, 5, 31),) * 2 + (332,), (DAY(2017, 8, 31),) * 2 + (374,))

    significance = viewer_client.get(detail(level.pk)).json()["change_significance"]

    # 42 / 332 = 12.7% up.
    assert significance == {
        "test": "none",
        "p_value": None,
        "significant": False,
        "interval_low": None,
        "interval_high": None,
        "words": "up 12.7% (better, no test applies)",
    }


def test_a_figure_compared_with_none_has_no_significance(viewer_client, hate_crimes):
    row = viewer_client.get(detail(hate_crimes.compared_with_id)).json()

    assert (row["change"], row["change_significance"]) == (None, None)


def test_the_metric_s_latest_figure_carries_the_same_significance(viewer_client, hate_crimes):
    url = reverse("api:metric-detail", args=[hate_crimes.metric_id])

    latest = viewer_client.get(url).json()["latest_observation"]

    assert without_p_value(latest["change_significance"]) == HATE_CRIMES


def test_the_metric_page_says_the_same_words(viewer_client, hate_crimes):
    url = reverse("metrics:metric_detail", args=["racial-hate-crimes"])

    page = viewer_client.get(url).content.decode()

    assert "▲</span> up 44.1% (significant)" in page


def test_the_downloads_have_the_significance_columns(viewer_client, hate_crimes, answered):
    params = {"ordering": "end_date"}
    rows = as_dicts(parse_csv(viewer_client.get(LIST, params | {"format": "csv"})))
    [sheet] = parse_xlsx(viewer_client.get(LIST, params | {"format": "xlsx"})).values()
    cells = as_dicts(sheet)

    hate, answered_row = rows[1], rows[3]
    assert hate["Change in words"] == "up 44.1% (significant)"
    assert (hate["Test"], hate["Significant"]) == ("normal_counts", "yes")
    assert (hate["Interval low"], hate["Interval high"]) == ("33.6", "56.3")
    assert answered_row["Denominator"] == "1200"
    assert answered_row["Change in words"] == ANSWERED["words"]
    assert float(answered_row["P value"]) == pytest.approx(0.008045, abs=0.000005)
    assert (answered_row["Interval low"], answered_row["Interval high"]) == ("1.2", "7.8")
    assert rows[0]["Significant"] == ""
    assert cells[3]["P value"] == pytest.approx(0.008045, abs=0.000005)
    assert cells[3]["Interval high"] == pytest.approx(7.8)


@pytest.mark.parametrize("pairs", [2, 20])
def test_a_list_of_compared_counts_reads_a_fixed_number_of_queries(
    viewer_client, django_assert_num_queries, pairs
):
    metric = MetricFactory()
    for year in range(2000, 2000 + pairs):
        compared(
            metric,
            (DAY(year, 6, 1), DAY(year, 8, 31), 10),
            (DAY(year, 9, 1), DAY(year, 11, 30), 2),
        )

    # session, user, and the page of observations with, in subqueries, the value, dates and
    # denominator of the figure each is compared with, and their amendments
    with django_assert_num_queries(3 + PERMISSION_QUERIES + DATA_VERSION_QUERIES):
        rows = viewer_client.get(LIST, {"page_size": 100}).json()["results"]

    # 2 over 91 days against 10 over 92: exact, p = 2 * P(X <= 2 | 12, 91 / 183) = 0.04.
    tested = [row["change_significance"] for row in rows if row["change_significance"]]
    assert len(tested) == pairs
    assert {significance["test"] for significance in tested} == {"exact_counts"}
