"""The XmR chart's arithmetic and rules (metrics.spc), on series worked out by hand."""

import datetime
from decimal import Decimal

from metrics.spc import Assurance, Rule, Variation, process_chart

D = Decimal


def months(count, first=datetime.date(2020, 1, 1)):
    """The first day of `count` months in a row."""
    return [
        datetime.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


def series(*values):
    return list(zip(months(len(values)), [D(v) for v in values], strict=True))


def rules_of(chart):
    return [point.rules for point in chart.points]


# 10, 20 in turn for eleven months, then 80.
# Mean: (6 x 10 + 5 x 20 + 80) / 12 = 240 / 12 = 20.
# Moving ranges: ten of 10, then 80 - 10 = 70: 170 / 11 = 15.4545...
# Limits: 20 -/+ 2.66 x 170 / 11 = 20 -/+ 41.109: -21.1 and 61.1 (one place more than
# the whole numbers given). 80 is above 61.1; the 10s and 20s are below or on the mean in
# turn (no run), and nothing else comes within 2/3 of the way to a limit (above 47.4).
OUTSIDE = series(10, 20, 10, 20, 10, 20, 10, 20, 10, 20, 10, 80)


def test_a_point_above_the_upper_limit_is_special_cause_improvement_when_up_is_good():
    chart = process_chart(OUTSIDE, "good")

    [segment] = chart.segments
    assert (segment.mean, segment.lower, segment.upper) == (D("20.0"), D("-21.1"), D("61.1"))
    assert rules_of(chart) == [()] * 11 + [(Rule.OUTSIDE,)]
    assert chart.points[-1].signal == Variation.IMPROVEMENT
    assert [p.signal for p in chart.points[:11]] == [Variation.COMMON] * 11
    assert chart.variation == Variation.IMPROVEMENT
    assert chart.points[-1].rule_names == ["Outside the process limits"]


def test_a_point_outside_the_limits_is_a_concern_when_up_is_bad():
    assert process_chart(OUTSIDE, "bad").variation == Variation.CONCERN


# 10, 20 in turn for seven months, then 16, 18, 16, 18, 16, 18, 16.
# Mean: (4 x 10 + 3 x 20 + 4 x 16 + 3 x 18) / 14 = 218 / 14 = 15.571...
# The last seven (16 and 18) are all above 15.57: a shift of seven.
# Moving ranges: six of 10, 16 - 10 = 6, six of 2: 78 / 13 = 6; limits 15.571 -/+ 15.96:
# -0.4 and 31.5. No point is outside, none beyond 2/3 of the way (26.2 or 4.9), and no
# more than two rise or fall in a row.
SHIFT = series(10, 20, 10, 20, 10, 20, 10, 16, 18, 16, 18, 16, 18, 16)


def test_seven_points_in_a_row_above_the_mean_are_each_a_shift():
    chart = process_chart(SHIFT, "bad")

    [segment] = chart.segments
    assert (segment.mean, segment.lower, segment.upper) == (D("15.6"), D("-0.4"), D("31.5"))
    assert rules_of(chart) == [()] * 7 + [(Rule.SHIFT,)] * 7
    # Up is bad: a run above the mean is a concern.
    assert [p.signal for p in chart.points[7:]] == [Variation.CONCERN] * 7
    assert chart.variation == Variation.CONCERN


def test_six_points_in_a_row_above_the_mean_are_no_shift():
    # Mean (5 x 10 + 4 x 20 + 3 x 16 + 3 x 18) / 15 = 232 / 15 = 15.47: six above it after a 10.
    chart = process_chart(series(10, 20, 10, 20, 10, 20, 10, 20, 10, 16, 18, 16, 18, 16, 18), "bad")

    assert all(Rule.SHIFT not in point.rules for point in chart.points)


# 10, 20, 10, 20, then 10, 11, 12, ..., 17: eight points each higher than the one before.
# Mean: (10 + 20 + 10 + 20 + 10 + 11 + ... + 17) / 12 = (70 + 98) / 12 = 14.
# Moving ranges: four of 10, seven of 1: 47 / 11 = 4.2727; limits 14 -/+ 2.66 x 47 / 11
# = 14 -/+ 11.3655: 2.6 and 25.4; 2/3 of the way is above 21.58 or below 6.42: no point.
# Below the mean: 10, 11, 12, 13 in a row, four: no shift.
TREND = series(10, 20, 10, 20, 10, 11, 12, 13, 14, 15, 16, 17)


def test_seven_or_more_rising_points_are_each_a_trend_without_direction_when_up_is_neither():
    chart = process_chart(TREND, "neutral")

    [segment] = chart.segments
    assert (segment.mean, segment.lower, segment.upper) == (D("14.0"), D("2.6"), D("25.4"))
    assert rules_of(chart) == [()] * 4 + [(Rule.TREND,)] * 8
    assert [p.signal for p in chart.points[4:]] == [Variation.NEITHER] * 8
    assert chart.variation == Variation.NEITHER


def test_a_rising_trend_is_improvement_when_up_is_good():
    assert process_chart(TREND, "good").variation == Variation.IMPROVEMENT


# 10, 14, 10, 12, 10, 12, 12, 12, 14, 5, 5, 10.
# Mean: 126 / 12 = 10.5. Moving ranges: 4, 4, 2, 2, 2, 0, 0, 2, 9, 0, 5 = 30; 30 / 11.
# Limits: 10.5 -/+ 2.66 x 30 / 11 = 10.5 -/+ 7.2545: 3.2 and 17.8. 2/3 of the way down:
# 10.5 - 4.8364 = 5.66. The two 5s are beyond it, within three points: both flagged; the
# 10 after them is not. No point outside, no run of seven on a side or in a direction.
TWO_OF_THREE = series(10, 14, 10, 12, 10, 12, 12, 12, 14, 5, 5, 10)


def test_two_of_three_points_close_to_the_lower_limit_are_flagged_and_the_series_reads_its_last():
    chart = process_chart(TWO_OF_THREE, "good")

    [segment] = chart.segments
    assert (segment.mean, segment.lower, segment.upper) == (D("10.5"), D("3.2"), D("17.8"))
    assert rules_of(chart) == [()] * 9 + [(Rule.TWO_OF_THREE,)] * 2 + [()]
    assert [p.signal for p in chart.points[9:11]] == [Variation.CONCERN] * 2
    # The latest point, 10, is common cause: so is the series.
    assert chart.variation == Variation.COMMON


# 10, 14 in turn for a year, then 20, 24 in turn for a year, recalculated from the 13th.
# First segment: mean (6 x 10 + 6 x 14) / 12 = 12; moving ranges all 4; limits
# 12 -/+ 2.66 x 4 = 12 -/+ 10.64: 1.4 and 22.6.
# Second: mean (6 x 20 + 6 x 24) / 12 = 22; limits 22 -/+ 10.64: 11.4 and 32.6.
# As one segment, the mean (17) would have the first twelve all below: a shift.
STEP = series(*[10, 14] * 6 + [20, 24] * 6)
RECALCULATED_FROM = months(13)[-1]


def test_a_recalculation_point_starts_a_segment_with_its_own_mean_and_limits():
    chart = process_chart(STEP, "good", recalculations=[RECALCULATED_FROM])

    first, second = chart.segments
    assert (first.start, first.end) == (months(1)[0], months(12)[-1])
    assert (first.mean, first.lower, first.upper) == (D("12.0"), D("1.4"), D("22.6"))
    assert (second.start, second.count) == (RECALCULATED_FROM, 12)
    assert (second.mean, second.lower, second.upper) == (D("22.0"), D("11.4"), D("32.6"))
    assert [p.segment for p in chart.points] == [0] * 12 + [1] * 12
    assert rules_of(chart) == [()] * 24
    assert chart.waiting == ()


def test_without_the_recalculation_the_step_is_a_shift():
    chart = process_chart(STEP, "good")

    assert len(chart.segments) == 1
    assert chart.points[0].rules == (Rule.SHIFT,)


def test_a_recalculation_with_fewer_than_twelve_points_after_it_waits():
    too_soon = months(20)[-1]

    chart = process_chart(STEP, "good", recalculations=[too_soon])

    # From the 20th month: the 20th to the 24th, five points.
    assert len(chart.segments) == 1
    assert chart.waiting == ((too_soon, "5 of the 12 points needed after it so far."),)


# 20, 24 in turn for a year: mean 22, limits 22 -/+ 2.66 x 4 = 11.36 and 32.64 (11.4, 32.6).
STEADY = series(*[20, 24] * 6)


def test_a_target_below_the_lower_limit_is_consistently_passed_when_up_is_good():
    chart = process_chart(STEADY, "good", target=D("10"))

    assert chart.assurance == Assurance.PASSING
    assert chart.assurance_label == "Consistently passing the target"


def test_a_target_within_the_limits_is_hit_and_miss():
    assert process_chart(STEADY, "good", target=D("25")).assurance == Assurance.HIT_AND_MISS


def test_a_target_above_the_upper_limit_is_consistently_failed_when_up_is_good():
    assert process_chart(STEADY, "good", target=D("40")).assurance == Assurance.FAILING


def test_a_target_above_the_upper_limit_is_consistently_passed_when_up_is_bad():
    assert process_chart(STEADY, "bad", target=D("40")).assurance == Assurance.PASSING
    assert process_chart(STEADY, "bad", target=D("10")).assurance == Assurance.FAILING


def test_no_target_or_no_direction_gives_no_assurance():
    assert process_chart(STEADY, "good").assurance is None
    assert process_chart(STEADY, "neutral", target=D("40")).assurance is None


def test_fewer_than_twelve_points_give_no_limits_and_say_so():
    chart = process_chart(STEADY[:11], "good", target=D("10"))

    assert chart.segments == ()
    assert not chart.enough
    assert chart.shortfall == "Not enough points for a process chart: 11 of the 12 needed."
    assert chart.variation is None
    assert chart.assurance is None
    assert [p.value for p in chart.points] == [D(v) for v in [20, 24] * 5 + [20]]


def test_points_given_in_any_order_are_charted_oldest_first():
    chart = process_chart(list(reversed(OUTSIDE)), "good")

    assert [p.date for p in chart.points] == months(12)
