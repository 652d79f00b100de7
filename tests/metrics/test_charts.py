"""The rules a chart follows: enough points to draw a line, gaps left as gaps, and a value
axis that shows the change. Expected values are worked out by hand in the comments."""

import datetime
from decimal import Decimal

import pytest

from metrics.charts import (
    MIN_CHART_POINTS,
    date_range,
    metric_figure,
    starts_at_zero,
    trend_figure,
    usual_step,
    value_axis,
    with_gaps,
)
from metrics.models import Area, Metric, Observation, Target
from metrics.series import Series

Unit, Measure = Metric.Unit, Metric.Measure


def figure(end, value, days=91):
    end_date = datetime.date.fromisoformat(end)
    start_date = end_date - datetime.timedelta(days=days)
    return Observation(start_date=start_date, end_date=end_date, value=Decimal(value))


def line(*ends):
    return [figure(end, 100 + n) for n, end in enumerate(ends)]


def hours_metric():
    return Metric(name="Hours", unit=Unit.HOURS, measure=Measure.TOTAL)


def essex_series(observations):
    return Series(Area(name="Essex"), Observation.Basis.THREE_MONTHS, observations)


def test_the_least_points_worth_a_chart_is_three():
    assert MIN_CHART_POINTS == 3


def test_a_line_of_two_figures_is_not_charted():
    two = essex_series(line("2016-08-31", "2017-08-31"))

    assert metric_figure(hours_metric(), [two]) is None


def test_a_line_of_three_figures_is_charted_with_a_shorter_line_beside_it():
    three = essex_series(line("2017-02-28", "2017-05-31", "2017-08-31"))
    one = Series(Area(name="LPA North"), Observation.Basis.MONTH, line("2017-08-31"))

    chart = metric_figure(hours_metric(), [three, one])

    assert [trace["y"] for trace in chart["data"]] == [[100.0, 101.0, 102.0], [100.0]]


def test_a_headline_trend_needs_three_figures():
    assert trend_figure(line("2017-05-31", "2017-08-31")) is None
    trend = trend_figure(line("2017-02-28", "2017-05-31", "2017-08-31"))
    assert trend["data"][0]["y"] == [100.0, 101.0, 102.0]


def test_the_usual_step_is_the_lower_middle_step_so_a_long_gap_does_not_set_it():
    # Steps of 92 (to 31 May), 92 (to 31 Aug) and 273 days (to 31 May 2017): the middle, 92.
    dates = [datetime.date.fromisoformat(d) for d in ("2016-02-29", "2016-05-31", "2016-08-31")]
    assert usual_step([*dates, datetime.date(2017, 5, 31)]) == 92
    # Steps of 31 and 92: the lower of the two middle ones, 31.
    two_steps = [datetime.date(2017, 1, 31), datetime.date(2017, 3, 3), datetime.date(2017, 6, 3)]
    assert usual_step(two_steps) == 31
    assert usual_step([datetime.date(2017, 8, 31)]) is None


def test_a_quarterly_line_breaks_across_nine_months_without_a_figure():
    # Steps of 92, 91, 274 and 91 days: usually 91, and 274 is more than 1.5 times 91 (136.5).
    quarters = line("2016-05-31", "2016-08-31", "2016-11-30", "2017-08-31", "2017-11-30")

    shown = with_gaps(quarters)

    assert shown == [*quarters[:3], None, *quarters[3:]]


def test_a_monthly_line_breaks_at_a_missing_month_but_not_at_a_short_february():
    # Steps of 28, 31 and 61 days: usually 31; 61 is more than 46.5, 28 and 31 are not.
    months = line("2017-01-31", "2017-02-28", "2017-03-31", "2017-05-31")

    assert with_gaps(months) == [*months[:3], None, months[3]]
    assert None not in with_gaps(line("2017-01-31", "2017-02-28", "2017-03-31", "2017-04-30"))


def test_a_gap_is_drawn_as_a_break_in_the_line():
    quarters = line("2016-05-31", "2016-08-31", "2016-11-30", "2017-08-31")

    trace = metric_figure(hours_metric(), [essex_series(quarters)])["data"][0]

    assert trace["y"] == [100.0, 101.0, 102.0, None, 103.0]
    assert trace["x"][3] is None
    assert trace["connectgaps"] is False


@pytest.mark.parametrize(
    ("unit", "measure", "from_zero"),
    [
        (Unit.COUNT, Measure.TOTAL, True),
        (Unit.COUNT, Measure.LEVEL, False),
        (Unit.HOURS, Measure.TOTAL, False),
        (Unit.POUNDS, Measure.TOTAL, False),
        (Unit.PERCENT, Measure.AVERAGE, False),
        (Unit.PERCENT_CHANGE, Measure.TOTAL, False),
        (Unit.SECONDS, Measure.AVERAGE, False),
    ],
)
def test_only_counts_of_events_over_a_period_start_at_zero(unit, measure, from_zero):
    assert starts_at_zero(Metric(unit=unit, measure=measure)) is from_zero


def test_an_eight_percent_rise_in_hours_fills_an_axis_that_says_it_starts_above_zero():
    # 27,292 to 29,620 hours: a spread of 2,328, and a tenth of it (232.8) either side.
    axis = value_axis(hours_metric(), [27292.0, 29620.0])

    assert axis["range"] == pytest.approx([27059.2, 29852.8])
    assert axis["title"]["text"] == "Hours (axis starts above 0)"


def test_a_count_of_events_keeps_its_axis_from_zero():
    axis = value_axis(Metric(unit=Unit.COUNT, measure=Measure.TOTAL), [5.0, 7.0])

    assert axis["rangemode"] == "tozero"
    assert "range" not in axis
    assert axis["title"]["text"] == "Number"


def test_a_percentage_axis_stops_at_a_hundred():
    # 60% to 100%: a tenth of the spread is 4, so 56 below; 104 above is cut to 100.
    axis = value_axis(Metric(unit=Unit.PERCENT, measure=Measure.AVERAGE), [60.0, 100.0])

    assert axis["range"] == pytest.approx([56.0, 100.0])
    assert axis["ticksuffix"] == "%"


def test_a_change_axis_crossing_zero_is_not_said_to_start_above_it():
    # -5% to 3%: a spread of 8, so 0.8 either side.
    metric = Metric(unit=Unit.PERCENT_CHANGE, measure=Measure.TOTAL)

    axis = value_axis(metric, [-5.0, 3.0])

    assert axis["range"] == pytest.approx([-5.8, 3.8])
    assert axis["title"]["text"] == "Change (%)"


def test_a_flat_level_is_given_a_tenth_of_its_value_either_side():
    axis = value_axis(Metric(unit=Unit.COUNT, measure=Measure.LEVEL), [220.0, 220.0])

    assert axis["range"] == pytest.approx([198.0, 242.0])
    assert axis["title"]["text"] == "Number (axis starts above 0)"


def test_the_axis_reaches_a_target_above_the_figures():
    metric = Metric(name="Cadets", unit=Unit.COUNT, measure=Measure.LEVEL)
    cadets = Series(Area(name="Essex"), Observation.Basis.POINT_IN_TIME, [])
    for end, value in (("2017-02-28", 190), ("2017-05-31", 205), ("2017-08-31", 220)):
        cadets.observations.append(figure(end, value, days=0))
    target = Target(value=Decimal(300), due_date=datetime.date(2018, 12, 31))

    chart = metric_figure(metric, [cadets], [target])

    # 190 to 300: a spread of 110, so 11 either side.
    assert chart["layout"]["yaxis"]["range"] == pytest.approx([179.0, 311.0])


def test_the_date_axis_of_a_figure_at_the_calendars_ends_stops_at_them():
    # A margin of 45 days: 2 January in the year 1 plus 45 days is 16 February; 31 December
    # 9999 less 45 days is 16 November, and no day follows it.
    first, second = datetime.date(1, 1, 1), datetime.date(1, 1, 2)
    assert date_range([first, second]) == ["0001-01-01", "0001-02-16"]
    assert date_range([datetime.date.max]) == ["9999-11-16", "9999-12-31"]


def test_a_target_due_out_of_range_is_left_out_of_the_chart():
    metric = Metric(name="Cadets", unit=Unit.COUNT, measure=Measure.LEVEL)
    cadets = essex_series(line("2017-02-28", "2017-05-31", "2017-08-31"))
    target = Target(value=Decimal(300), due_date=datetime.date.max)

    chart = metric_figure(metric, [cadets], [target])

    assert [trace["name"] for trace in chart["data"]] == ["Essex, three months"]
