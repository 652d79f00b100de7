"""Plotly figures for the pages, built here and drawn in the browser by static/js/charts.js.

Each function returns the figure as JSON-ready data (data, layout and config). Lines differ
in colour, marker and dash, and every figure's values are also printed in a table on its
page, so no chart depends on colour alone.
"""

import datetime
import functools
import itertools
import json
from html import escape

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from essexperf.dates import is_within_range, moved
from metrics.models import Metric
from metrics.presentation import format_value, span
from metrics.series import Series

TEXT = "#0b0c0c"
GRID = "#dddddd"
# Contrast at least 3:1 on white for each, as lines and markers need.
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#912b88", "#505a5f"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star"]
DASHES = ["solid", "dot", "dashdot", "longdash", "dash", "longdashdot"]
COMPARISON_COLOUR = "#505a5f"
TARGET_COLOUR = "#00703c"
# No mode bar: its buttons would sit inside the chart's role="img", where keyboard and screen
# reader users meet controls they cannot name; zooming and panning add nothing the table lacks.
CONFIG = {"displayModeBar": False, "responsive": True}
# Days on a short axis, months on a long one: "%b %Y" alone repeats a month's name.
DATE_TICKS = [
    {"dtickrange": [None, "M1"], "value": "%-d %b %Y"},
    {"dtickrange": ["M1", None], "value": "%b %Y"},
]
VALUE_TICKS = {
    Metric.Unit.POUNDS: {"tickprefix": "£"},
    Metric.Unit.PERCENT: {"ticksuffix": "%"},
    Metric.Unit.PERCENT_CHANGE: {"ticksuffix": "%"},
}
# A line needs three points to show a direction: with one or two, the figure and its
# comparison, in words beside it, say all a chart would, in a fraction of the page.
MIN_CHART_POINTS = 3
# Figures further apart than this many times their line's usual step (a missing quarter in
# a quarterly line) are not joined: the line breaks, so that no change is drawn across a gap.
GAP_FACTOR = 1.5
# A fitted value axis reaches this share of its figures' spread beyond them on each side.
AXIS_MARGIN = 0.1
AXIS_TITLES = {
    Metric.Unit.COUNT: "Number",
    Metric.Unit.PERCENT: "Percent",
    Metric.Unit.PERCENT_CHANGE: "Change (%)",
    Metric.Unit.SECONDS: "Seconds",
    Metric.Unit.HOURS: "Hours",
    Metric.Unit.POUNDS: "Pounds (£)",
}


def figure_json(figure, **config):
    """The figure as plain JSON data, with the page-wide plotly.js config."""
    data = json.loads(figure.to_json())
    data["config"] = {**CONFIG, **config}
    return data


def base_layout(height, **layout):
    return {
        "template": "none",
        "height": height,
        "font": {"family": "Arial, Helvetica, sans-serif", "size": 14, "color": TEXT},
        "margin": {"l": 60, "r": 20, "t": 20, "b": 40},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        **layout,
    }


def charted(observations):
    """The observations a chart draws: those dated within the range the site keeps. One
    stored before that range was checked (0001-01-01) would stretch the axis over centuries;
    the table beside the chart still shows it."""
    return [o for o in observations if is_within_range(o.end_date)]


def enough_points(series_list):
    """Whether any line has enough figures to be worth a chart."""
    return any(len(series.observations) >= MIN_CHART_POINTS for series in series_list)


def usual_step(dates):
    """A line's usual spacing in days: the lower median of the steps between its dates, so
    that one long gap does not pass for the usual step (None for fewer than two dates)."""
    steps = sorted((later - earlier).days for earlier, later in itertools.pairwise(dates))
    steps = [step for step in steps if step > 0]
    return steps[(len(steps) - 1) // 2] if steps else None


def with_gaps(observations):
    """The observations, oldest first, with None wherever the line must break: between two
    figures further apart than GAP_FACTOR times the line's usual step."""
    step = usual_step([o.end_date for o in observations])
    shown = observations[:1]
    for earlier, observation in itertools.pairwise(observations):
        if step and (observation.end_date - earlier.end_date).days > GAP_FACTOR * step:
            shown.append(None)
        shown.append(observation)
    return shown


def line_points(observations):
    """x and y of a line, None at each gap, which plotly.js leaves undrawn."""
    points = with_gaps(observations)
    x = [o.end_date.isoformat() if o else None for o in points]
    y = [float(o.value) if o else None for o in points]
    return points, x, y


def series_trace(series, index, unit):
    points, x, y = line_points(series.observations)
    style = index % len(COLOURS)
    return go.Scatter(
        x=x,
        y=y,
        connectgaps=False,
        customdata=[
            [format_value(o.value, unit), span(o.start_date, o.end_date)] if o else None
            for o in points
        ],
        # plotly.js reads tags in names, so staff-typed area names are escaped.
        name=escape(series.label, quote=False),
        mode="lines+markers",
        line={"color": COLOURS[style], "dash": DASHES[style], "width": 3},
        marker={"symbol": SYMBOLS[style], "size": 9, "color": COLOURS[style]},
        hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra>%{fullData.name}</extra>",
    )


def comparison_trace(series_list):
    """Dotted links from a figure to the earlier one it is reported against, where that one
    lies on another line of the chart (the month against the year to date); on the same
    line, the line itself shows the comparison, and one not charted is in the table."""
    line_of = {o.pk: index for index, line in enumerate(series_list) for o in line.observations}
    x, y = [], []
    for index, series in enumerate(series_list):
        for observation in series.observations:
            earlier = observation.compared_with
            if earlier is None or line_of.get(earlier.pk, index) == index:
                continue
            x += [earlier.end_date.isoformat(), observation.end_date.isoformat(), None]
            y += [float(earlier.value), float(observation.value), None]
    if not x:
        return None
    return go.Scatter(
        x=x,
        y=y,
        name="Compared with",
        mode="lines",
        line={"color": COMPARISON_COLOUR, "dash": "dot", "width": 2},
        hoverinfo="skip",
    )


def target_trace(target, start, unit):
    label = f"Target: {format_value(target.value, unit)} by {target.due_date:%-d %b %Y}"
    return go.Scatter(
        x=[start.isoformat(), target.due_date.isoformat()],
        y=[float(target.value)] * 2,
        name=label,
        mode="lines+markers",
        line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
        # A star marks the due date; the line's start is no point of its own.
        marker={"symbol": "star", "size": [0, 14], "color": TARGET_COLOUR},
        hovertemplate="%{fullData.name}<extra></extra>",
    )


def date_range(dates):
    """The x-axis range: every date with a margin, and months wide for a single date, which
    plotly.js would otherwise spread over a millisecond."""
    if not dates:
        return None
    first, last = min(dates), max(dates)
    margin = max(datetime.timedelta(days=45), (last - first) / 20)
    return [moved(first, -margin).isoformat(), moved(last, margin).isoformat()]


def starts_at_zero(metric):
    """Whether a metric's value axis starts at zero: only for counts of events over a period
    (arrests, collisions), small numbers a quiet quarter may bring to zero, where a baseline of
    zero is honest. Hours, money, levels (a headcount), averages, rates and percentages fit
    their figures instead: from zero, an 8% rise in Specials' hours drew a level line."""
    return metric.measure == Metric.Measure.TOTAL and metric.unit == Metric.Unit.COUNT


def fitted_range(metric, values):
    """The value axis's range fitted to the values: AXIS_MARGIN of their spread beyond them
    on each side (of the value itself for a flat line), within the metric's possible range."""
    lowest, highest = min(values), max(values)
    margin = (highest - lowest) * AXIS_MARGIN or abs(highest) * AXIS_MARGIN or 1
    low, high = metric.value_range()
    bottom = lowest - margin if low is None else max(float(low), lowest - margin)
    top = highest + margin if high is None else min(float(high), highest + margin)
    return [bottom, top]


def value_axis(metric, values):
    """The y axis in the metric's unit, from zero or fitted to the values (see
    starts_at_zero); its title names the unit, and says when the axis starts above zero."""
    title = AXIS_TITLES[metric.unit]
    if starts_at_zero(metric) or not values:
        low, _ = metric.value_range()
        fit = {"rangemode": "tozero" if low is not None and low >= 0 else "normal"}
    else:
        value_range = fitted_range(metric, values)
        fit = {"range": value_range, "autorange": False}
        if value_range[0] > 0:
            title = f"{title} (axis starts above 0)"
    return {
        "title": {"text": title},
        "tickformat": ",",
        **VALUE_TICKS.get(metric.unit, {}),
        "gridcolor": GRID,
        "automargin": True,
        **fit,
    }


def time_axes(metric, dates, values=()):
    """The x axis over every date shown, and the y axis over every value (see value_axis)."""
    return {
        "xaxis": {
            "type": "date",
            "range": date_range(dates),
            "tickformatstops": DATE_TICKS,
            "gridcolor": GRID,
            "automargin": True,
        },
        "yaxis": value_axis(metric, list(values)),
    }


def metric_figure(metric, series_list, targets=(), height=360):
    """A metric's figures over time, a line per area and basis, with comparisons and targets;
    None where no line has MIN_CHART_POINTS figures within the range (see charted)."""
    series_list = [Series(s.area, s.basis, charted(s.observations)) for s in series_list]
    targets = [target for target in targets if is_within_range(target.due_date)]
    if not enough_points(series_list):
        return None
    figure = go.Figure(layout=base_layout(height))
    for index, series in enumerate(series_list):
        figure.add_trace(series_trace(series, index, metric.unit))
    comparison = comparison_trace(series_list)
    if comparison is not None:
        figure.add_trace(comparison)
    shown = [o for series in series_list for o in series.observations]
    dates = [o.end_date for o in shown]
    values = [float(o.value) for o in shown] + [float(target.value) for target in targets]
    for target in targets:
        figure.add_trace(target_trace(target, min(dates, default=target.due_date), metric.unit))
    figure.update_layout(
        showlegend=True,
        legend={"orientation": "h", "y": -0.18, "x": 0},
        margin={"b": 70},
        hovermode="closest",
        **time_axes(metric, dates + [target.due_date for target in targets], values),
    )
    return figure_json(figure)


@functools.cache
def trend_layout(height):
    """A trend line's layout, as plotly writes it, made once: building a plotly figure checks
    every property, which for the overview's dozens of trend lines took most of its time."""
    layout = base_layout(
        height,
        margin={"l": 6, "r": 6, "t": 6, "b": 6},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        showlegend=False,
        xaxis={"visible": False},
        yaxis={"visible": False},
    )
    return figure_json(go.Figure(layout=layout))["layout"]


def trend_figure(observations, height=56):
    """A small line without axes: the direction of a headline figure at a glance; None for
    fewer than MIN_CHART_POINTS figures within the range (see charted), whose change the words
    beside it give."""
    observations = charted(observations)
    if len(observations) < MIN_CHART_POINTS:
        return None
    colour = COLOURS[0]
    _, x, y = line_points(observations)
    trace = {
        "type": "scatter",
        "x": x,
        "y": y,
        "connectgaps": False,
        "mode": "lines+markers",
        "line": {"color": colour, "width": 2},
        "marker": {"size": 6, "color": colour},
    }
    return {
        "data": [trace],
        "layout": trend_layout(height),
        "config": {**CONFIG, "staticPlot": True},
    }


def routes_figure(routes, height=420):
    """The KSI routes: collisions in the last three months, and the rise on the 5-year average."""
    roads = [escape(route.road, quote=False) for route in routes]
    figure = make_subplots(
        rows=2,
        cols=1,
        subplot_titles=["Collisions in the last 3 months", "Increase on the 5-year average (%)"],
        vertical_spacing=0.18,
    )
    collisions = [route.collisions_last_3_months for route in routes]
    increases = [float(route.increase_on_5_year_average) for route in routes]
    figure.add_trace(bar_trace(roads, collisions, "Collisions", "%{x}", COLOURS[0]), 1, 1)
    figure.add_trace(bar_trace(roads, increases, "Increase", "%{x}%", COLOURS[3]), 2, 1)
    figure.update_layout(base_layout(height, showlegend=False, margin={"l": 70, "t": 40}))
    figure.update_xaxes(gridcolor=GRID, rangemode="tozero")
    figure.update_yaxes(autorange="reversed")
    return figure_json(figure)


def bar_trace(roads, values, name, text, colour):
    return go.Bar(
        x=values,
        y=roads,
        name=name,
        orientation="h",
        marker={"color": colour},
        texttemplate=text,
        textposition="outside",
        cliponaxis=False,
        hovertemplate=f"%{{y}}: {text}<extra></extra>",
    )
