"""The significance of a change between two figures, against examples worked by hand or
published; each expected value is worked out in the comment beside it."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from metrics.change import Change
from metrics.models import Metric
from metrics.presentation import summarise_change
from metrics.significance import (
    NOT_TESTED,
    Method,
    binomial_cdf,
    significance_of,
    two_counts,
    two_proportions,
)

Unit, Measure = Metric.Unit, Metric.Measure


def figure(start, end, denominator=None):
    return SimpleNamespace(start_date=start, end_date=end, denominator=denominator)


def metric(unit, measure=Measure.TOTAL):
    return SimpleNamespace(unit=unit, measure=measure)


def change(current, previous):
    return Change.of(Decimal(current), Decimal(previous))


def test_the_binomial_tail_is_summed_exactly():
    # P(X <= 2 | n = 12, p = 1/2) = (1 + 12 + 66) / 4096 = 79 / 4096.
    assert binomial_cdf(2, 12, 0.5) == pytest.approx(79 / 4096, rel=1e-12)
    # P(X <= 9 | n = 12, p = 1/2) = 1 - 79 / 4096, from the upper tail.
    assert binomial_cdf(9, 12, 0.5) == pytest.approx(1 - 79 / 4096, rel=1e-12)


def test_ten_against_two_over_the_same_days_is_significant_by_the_exact_test():
    result = two_counts(10, 2)

    # Given n = 12, X ~ Binomial(12, 1/2): P(X >= 10) = (66 + 12 + 1) / 4096 = 79 / 4096,
    # doubled: 158 / 4096 = 0.0386.
    assert result.test == Method.EXACT_COUNTS
    assert result.p_value == pytest.approx(158 / 4096, rel=1e-12)
    assert result.significant
    # Clopper-Pearson for 10 of 12 (published: 0.5159 to 0.9791) as a rate ratio:
    # 0.5159 / 0.4841 = 1.066, a rise of 6.6% at least.
    assert result.interval_low == pytest.approx(6.6, abs=0.1)


def test_none_against_three_is_not_significant():
    result = two_counts(0, 3)

    # P(X <= 0 | n = 3, p = 1/2) = 1/8, doubled: 0.25.
    assert result.p_value == pytest.approx(0.25)
    assert not result.significant
    # From zero the rate can only have fallen 100%; the upper end solves (1 - s)^3 = 0.025:
    # s = 1 - 0.025^(1/3) = 1 - 0.29240 = 0.70760, a ratio of 0.70760 / 0.29240 = 2.4200,
    # a rise of 142.0% at most.
    assert result.interval_low == pytest.approx(-100)
    assert result.interval_high == pytest.approx(142.0, abs=0.05)


def test_three_against_none_has_no_upper_bound():
    result = two_counts(3, 0)

    # s^3 = 0.025 at the lower end: s = 0.29240, a ratio of 0.29240 / 0.70760 = 0.4132.
    assert result.p_value == pytest.approx(0.25)
    assert result.interval_low == pytest.approx(-58.7, abs=0.05)
    assert result.interval_high is None


def test_none_against_none_is_no_change():
    result = two_counts(0, 0)

    assert result.p_value == 1
    assert not result.significant
    words = summarise_change(change(0, 0), "bad", Unit.COUNT, result).words
    assert words == "no change"


def test_a_longer_span_is_allowed_for_by_its_days():
    result = two_counts(10, 2, 2, 1)

    # Over 2 days against 1, an unchanged rate gives x1 ~ Binomial(12, 2/3):
    # P(X >= 10) = (66 * 2^10 + 12 * 2^11 + 2^12) / 3^12 = (67,584 + 24,576 + 4,096) /
    # 531,441 = 96,256 / 531,441 = 0.18112; doubled, 0.36225: 5 a day against 2 is chance.
    assert result.p_value == pytest.approx(2 * 96256 / 531441, rel=1e-9)
    assert not result.significant


def test_large_counts_use_the_normal_approximation_racial_hate_crimes():
    result = two_counts(1529, 1061)

    # n = 2,590, expected 1,295 each; z = (|1,529 - 1,295| - 0.5) / sqrt(2,590 / 4)
    # = 233.5 / 25.446 = 9.18: p is about 4e-20.
    assert result.test == Method.NORMAL_COUNTS
    assert result.p_value < 1e-15
    assert result.significant
    # ln(1,529 / 1,061) = ln 1.44109 = 0.36540; sqrt(1/1,529 + 1/1,061) = sqrt(0.00065402
    # + 0.00094251) = 0.039957, times 1.96 = 0.078314: exp(0.28709) = 1.3325 and
    # exp(0.44371) = 1.5585, a rise of 33.3% to 55.8%.
    assert result.interval_low == pytest.approx(33.3, abs=0.05)
    assert result.interval_high == pytest.approx(55.8, abs=0.05)


def test_a_modest_rise_in_large_counts_is_within_normal_variation():
    result = two_counts(120, 100)

    # z = (|120 - 110| - 0.5) / sqrt(220 / 4) = 9.5 / 7.4162 = 1.281: p = 0.2002.
    assert result.p_value == pytest.approx(0.2002, abs=0.0001)
    assert not result.significant


def test_two_proportions_the_physicians_health_study():
    # Agresti, Categorical Data Analysis, table 2.3: heart attacks in 104 of 11,037 on
    # aspirin against 189 of 11,034 on placebo. 104 / 11,037 = 0.0094228 and 189 / 11,034
    # = 0.0171289, a difference of -0.0077061; pooled 293 / 22,071 = 0.0132753:
    # sqrt(0.0132753 * 0.9867247 * (1/11,037 + 1/11,034)) = 0.0015408, z = -5.001
    # (Agresti's chi-squared 25.01 is z squared): p = 5.7e-7.
    result = two_proportions(104 / 11037, 11037, 189 / 11034, 11034)

    assert result.test == Method.TWO_PROPORTIONS
    assert result.p_value == pytest.approx(5.7e-7, rel=0.01)
    assert result.significant
    # sqrt(0.0094228 * 0.9905772 / 11,037 + 0.0171289 * 0.9828711 / 11,034) = 0.0015400,
    # times 1.96 = 0.0030183: -0.77 ± 0.30 points, -1.07 to -0.47 (Agresti: -0.011 to -0.005).
    assert result.interval_low == pytest.approx(-1.07, abs=0.005)
    assert result.interval_high == pytest.approx(-0.47, abs=0.005)


def test_equal_proportions_are_not_significant():
    assert two_proportions(0.0, 100, 0.0, 200).p_value == 1


DAY = datetime.date
QUARTER = figure(DAY(2017, 6, 1), DAY(2017, 8, 31))
YEAR_BEFORE = figure(DAY(2016, 6, 1), DAY(2016, 8, 31))


def test_a_total_counted_is_two_poisson_counts_over_its_days():
    counted = significance_of(change(10, 2), metric(Unit.COUNT), QUARTER, YEAR_BEFORE)
    hours = significance_of(change("10.4", "2.2"), metric(Unit.HOURS), QUARTER, YEAR_BEFORE)

    # 92 days each; hours counted whole: 10 against 2, as above.
    assert counted.p_value == pytest.approx(158 / 4096)
    assert hours.p_value == counted.p_value


def test_a_percentage_with_both_denominators_is_two_proportions():
    now = figure(DAY(2017, 8, 1), DAY(2017, 8, 31), 11037)
    before = figure(DAY(2016, 8, 1), DAY(2016, 8, 31), 11034)

    result = significance_of(change("0.9423", "1.7129"), metric(Unit.PERCENT), now, before)

    assert result.test == Method.TWO_PROPORTIONS
    assert result.p_value == pytest.approx(5.7e-7, rel=0.01)


@pytest.mark.parametrize(
    ("unit", "measure", "denominators"),
    [
        (Unit.COUNT, Measure.LEVEL, (None, None)),
        (Unit.SECONDS, Measure.AVERAGE, (None, None)),
        (Unit.POUNDS, Measure.TOTAL, (None, None)),
        (Unit.PERCENT, Measure.AVERAGE, (None, None)),
        (Unit.PERCENT, Measure.AVERAGE, (500, None)),
        (Unit.PERCENT_CHANGE, Measure.TOTAL, (500, 500)),
    ],
)
def test_other_figures_have_no_test_that_applies(unit, measure, denominators):
    now = figure(DAY(2017, 8, 31), DAY(2017, 8, 31), denominators[0])
    before = figure(DAY(2016, 8, 31), DAY(2016, 8, 31), denominators[1])

    assert significance_of(change(20, 10), metric(unit, measure), now, before) == NOT_TESTED


def test_a_stored_value_no_test_can_take_has_none():
    negative = significance_of(change(-3, 5), metric(Unit.COUNT), QUARTER, YEAR_BEFORE)
    over_100 = significance_of(
        change(150, 50),
        metric(Unit.PERCENT),
        figure(QUARTER.start_date, QUARTER.end_date, 10),
        figure(YEAR_BEFORE.start_date, YEAR_BEFORE.end_date, 10),
    )

    assert negative == NOT_TESTED
    assert over_100 == NOT_TESTED


def test_no_change_has_no_significance():
    assert significance_of(None, metric(Unit.COUNT), QUARTER, None) is None


@pytest.mark.parametrize(
    ("current", "previous", "up_is", "unit", "result", "words"),
    [
        # 1,529 against 1,061: 468 / 1,061 = 44.1% up.
        (1529, 1061, "neutral", Unit.COUNT, two_counts(1529, 1061), "up 44.1% (significant)"),
        # 403 against 450 KSI casualties: 47 / 450 = 10.4% down; z = (23.5 - 0.5) /
        # sqrt(853 / 4) = 23 / 14.603 = 1.575, p = 0.115.
        (403, 450, "bad", Unit.COUNT, two_counts(403, 450), "down 10.4% (within normal variation)"),
        # 29,620 against 27,292 hours: 2,328 / 27,292 = 8.5% up.
        (
            29620,
            27292,
            "good",
            Unit.HOURS,
            two_counts(29620, 27292),
            "up 8.5% (better, significant)",
        ),
        (380, 340, "good", Unit.COUNT, NOT_TESTED, "up 11.8% (better, no test applies)"),
        (5, 3, "bad", Unit.COUNT, two_counts(5, 3), "up 66.7% (within normal variation)"),
    ],
)
def test_the_words_say_the_significance(current, previous, up_is, unit, result, words):
    summary = summarise_change(change(current, previous), up_is, unit, result)

    assert summary.words == words


def test_a_move_within_normal_variation_is_judged_neither_better_nor_worse():
    summary = summarise_change(change(5, 3), "bad", Unit.COUNT, two_counts(5, 3))

    assert summary.judgement == "neutral"
