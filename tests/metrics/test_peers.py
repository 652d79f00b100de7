"""A metric's figure for the home force beside its peers': rates, average, ranks and
whether the home force differs from the group (metrics.peers). The group and its
arithmetic are in tests/metrics/peer_helpers.py."""

import datetime
from decimal import Decimal

import pytest

from metrics.models import Metric
from metrics.peers import compare_many, compare_with_peers
from metrics.significance import poisson_test
from tests.factories import MetricFactory, ObservationFactory
from tests.metrics.peer_helpers import AUGUST, JUNE, peer_group
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db


def ranks(comparison):
    return [(force.area.slug, force.rank) for force in comparison.forces]


def test_each_force_has_its_rate_per_thousand_residents_and_the_group_its_average(
    viewer, published
):
    metric, _ = peer_group(period=published)

    comparison = compare_with_peers(viewer, metric, published)

    rates = {force.area.slug: force.rate.shown for force in comparison.forces}
    assert rates == {
        "essex": Decimal("1.50"),
        "kent": Decimal("1.00"),
        "norfolk": Decimal("2.00"),
        "suffolk": Decimal("0.50"),
    }
    # (1.50 + 1.00 + 2.00 + 0.50) / 4 = 1.25
    assert comparison.average == Decimal("1.25")
    assert (comparison.start_date, comparison.end_date) == (JUNE, AUGUST)


def test_a_force_without_a_population_for_the_year_takes_its_latest_earlier_one_and_says_so(
    viewer, published
):
    metric, _ = peer_group(period=published)

    suffolk = next(
        force
        for force in compare_with_peers(viewer, metric, published).forces
        if force.area.slug == "suffolk"
    )

    assert suffolk.rate.population == 250_000
    assert suffolk.rate.note == "Population of 2016: none is held for 2017."


def test_where_up_is_bad_the_lowest_rate_ranks_first(viewer, published):
    metric, _ = peer_group(up_is=Metric.UpIs.BAD, period=published)

    comparison = compare_with_peers(viewer, metric, published)

    # 0.50 < 1.00 < 1.50 < 2.00
    assert ranks(comparison) == [("suffolk", 1), ("kent", 2), ("essex", 3), ("norfolk", 4)]
    assert comparison.direction == "Lowest rate first: lower is better."


def test_where_up_is_good_the_highest_rate_ranks_first(viewer, published):
    metric, _ = peer_group(up_is=Metric.UpIs.GOOD, period=published)

    comparison = compare_with_peers(viewer, metric, published)

    assert ranks(comparison) == [("norfolk", 1), ("essex", 2), ("kent", 3), ("suffolk", 4)]


def test_a_neutral_metric_ranks_highest_first_and_says_no_direction_is_better(viewer, published):
    metric, _ = peer_group(up_is=Metric.UpIs.NEUTRAL, period=published)

    comparison = compare_with_peers(viewer, metric, published)

    assert ranks(comparison)[0] == ("norfolk", 1)
    assert "no better direction" in comparison.direction


def test_equal_rates_share_a_rank(viewer, published):
    # Kent's 150 / 100,000 x 1,000 = 1.50, Essex's rate.
    metric, _ = peer_group(period=published, counts={"kent": 150})

    comparison = compare_with_peers(viewer, metric, published)

    # Suffolk 0.50 first, then Essex and Kent at 1.50 both second, Norfolk 2.00 fourth.
    assert sorted(rank for _, rank in ranks(comparison)) == [1, 2, 2, 4]


def test_the_home_force_above_the_expected_count_is_significantly_different(viewer, published):
    metric, _ = peer_group(period=published)

    significance = compare_with_peers(viewer, metric, published).significance

    # Expected at the average: 1.25 x 200,000 / 1,000 = 250; Essex recorded 300. The normal
    # approximation gives z = (300 - 250) / sqrt(250) = 3.16, p about 0.0016; the exact
    # Poisson test gives about the same.
    assert significance.observed == 300
    assert significance.expected == Decimal(250)
    assert significance.method == "exact Poisson test"
    assert 0.0005 < significance.p_value < 0.005
    assert significance.significant
    assert significance.sentence.startswith("Significantly above the group average: 300")


def test_the_exact_poisson_test_is_twice_the_smaller_tail():
    # Two expected, none seen: P(X <= 0) = e^-2 = 0.1353; twice is 0.2707.
    p_value, method = poisson_test(0, 2.0)
    assert round(p_value, 4) == 0.2707
    assert method == "exact Poisson test"
    # Two expected, six seen: P(X >= 6) = 1 - e^-2 (1 + 2 + 2 + 4/3 + 2/3 + 4/15)
    # = 1 - 0.135335 x 7.266667 = 0.016564; twice is 0.0331.
    p_value, _ = poisson_test(6, 2.0)
    assert round(p_value, 4) == 0.0331


def test_large_counts_take_the_normal_approximation():
    # 5,000 expected, 5,200 seen: z = 200 / sqrt(5,000) = 2.828; p = erfc(2.828 / sqrt 2)
    # = 0.00468.
    p_value, method = poisson_test(5200, 5000.0)

    assert method == "normal approximation"
    assert round(p_value, 4) == 0.0047


def test_only_the_span_of_the_home_forces_newest_figure_is_compared(viewer, published):
    metric, areas = peer_group(period=published)
    # A peer's newer quarter, which Essex has no figure for, is not compared.
    ObservationFactory(
        metric=metric,
        area=areas["kent"],
        start_date=datetime.date(2017, 7, 1),
        end_date=datetime.date(2017, 9, 30),
        value=Decimal(1),
        reported_in=published,
    )

    comparison = compare_with_peers(viewer, metric, published)

    kent = next(force for force in comparison.forces if force.area.slug == "kent")
    assert kent.value == Decimal(100)


def test_a_metric_without_peer_figures_has_none_to_show(viewer, published):
    metric, _ = peer_group(
        period=published, counts={"kent": None, "norfolk": None, "suffolk": None}
    )

    comparison = compare_with_peers(viewer, metric, published)

    assert not comparison.has_figures
    assert comparison.significance is None


def test_the_comparison_takes_three_queries(viewer, published, django_assert_num_queries):
    metric, _ = peer_group(period=published)

    # The reader's permissions, the group with its members, the figures, the populations.
    with django_assert_num_queries(PERMISSION_QUERIES + 3):
        compare_with_peers(viewer, metric, published)


def test_a_figure_that_is_not_a_count_is_compared_as_it_is(viewer, published):
    metric, _ = peer_group(period=published)
    metric.unit, metric.measure = Metric.Unit.PERCENT, Metric.Measure.AVERAGE
    metric.save()

    comparison = compare_with_peers(viewer, metric, published)

    # The figures are ranked as they stand, with no population: up is bad, so lowest first,
    # Kent's 100 < Suffolk's 125 < Essex's 300 < Norfolk's 800.
    assert [force.score for force in comparison.forces] == [100, 125, 300, 800]
    # (100 + 125 + 300 + 800) / 4 = 331.25
    assert comparison.average == Decimal("331.25")
    assert comparison.significance is None
    assert comparison.direction == "Lowest figure first: lower is better."


def second_metric(areas, period):
    """A second count over the same span, every force's figure doubled: the same rates
    doubled, the same ranks."""
    metric = MetricFactory(name="Robberies", slug="robberies", up_is=Metric.UpIs.BAD)
    counts = {"essex": 600, "kent": 200, "norfolk": 1600, "suffolk": 250}
    for slug, count in counts.items():
        ObservationFactory(
            metric=metric,
            area=areas[slug],
            start_date=JUNE,
            end_date=AUGUST,
            value=Decimal(count),
            reported_in=period,
        )
    return metric


def test_many_metrics_compared_at_once_answer_as_each_compared_alone(viewer, published):
    burglaries, areas = peer_group(period=published)
    robberies = second_metric(areas, published)

    many = compare_many(viewer, [burglaries, robberies], published)

    for metric in (burglaries, robberies):
        alone = compare_with_peers(viewer, metric, published)
        assert ranks(many[metric.pk]) == ranks(alone)
        assert many[metric.pk].average == alone.average
        assert many[metric.pk].significance == alone.significance
    # Robberies: essex 600 / 200,000 x 1,000 = 3.00, kent 2.00, norfolk 4.00, suffolk
    # 250 / 250,000 x 1,000 = 1.00; average (3 + 2 + 4 + 1) / 4 = 2.50.
    assert many[robberies.pk].average == Decimal("2.50")


@pytest.mark.parametrize("extra", [0, 5])
def test_comparing_many_metrics_reads_three_queries_however_many(
    viewer, published, django_assert_num_queries, extra
):
    burglaries, areas = peer_group(period=published)
    metrics = [burglaries, second_metric(areas, published)]
    for number in range(extra):
        metrics.append(MetricFactory(name=f"Other {number}", slug=f"other-{number}"))

    # 1 the peer group with its members, 2 the figures of every metric, 3 the populations.
    with django_assert_num_queries(3 + PERMISSION_QUERIES):
        comparisons = compare_many(viewer, metrics, published)

    assert len(comparisons) == 2 + extra
