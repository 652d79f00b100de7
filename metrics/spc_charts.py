"""A metric's process (XmR) chart as a plotly figure (see metrics.charts for the house style).

The figures are one line; each segment's mean is a solid line and its process limits dashed
ones; a special-cause point is marked by a shape and a colour of its own, with the signal and
the rules that fired in its hover and in the table below the chart, so that colour is never
the only way to tell one from another.
"""

from html import escape
from operator import attrgetter

import plotly.graph_objects as go

from metrics.charts import TARGET_COLOUR, base_layout, figure_json, time_axes
from metrics.presentation import format_value
from metrics.spc import Variation

LINE_COLOUR = "#505a5f"
MEAN_COLOUR = "#0b0c0c"
LIMIT_COLOUR = "#6f777b"
# Each signal's marker: colour (3:1 or more on white) and shape, as Making Data Count draws
# them: blue for improvement, orange-red for concern, purple where no direction is judged.
MARKERS = {
    Variation.IMPROVEMENT: ("#1d70b8", "diamond"),
    Variation.CONCERN: ("#d4351c", "square"),
    Variation.NEITHER: ("#4c2c92", "triangle-up"),
}


def values_trace(points, unit):
    return go.Scatter(
        x=[p.date.isoformat() for p in points],
        y=[float(p.value) for p in points],
        customdata=[[format_value(p.value, unit), p.signal_label] for p in points],
        name="Figures",
        mode="lines+markers",
        line={"color": LINE_COLOUR, "width": 2},
        marker={"symbol": "circle", "size": 7, "color": LINE_COLOUR},
        hovertemplate="%{customdata[0]}, %{x|%-d %b %Y}<br>%{customdata[1]}<extra></extra>",
    )


def signal_trace(points, signal, unit):
    colour, symbol = MARKERS[signal]
    # plotly.js reads tags in hover text; the rule names are ours, escaped all the same.
    reasons = [escape("; ".join(p.rule_names), quote=False) for p in points]
    return go.Scatter(
        x=[p.date.isoformat() for p in points],
        y=[float(p.value) for p in points],
        customdata=[
            [format_value(p.value, unit), reason] for p, reason in zip(points, reasons, strict=True)
        ],
        name=Variation(signal).label,
        mode="markers",
        marker={"symbol": symbol, "size": 13, "color": colour, "line": {"width": 1}},
        hovertemplate=f"%{{customdata[0]}}, %{{x|%-d %b %Y}}<br>{Variation(signal).label}"
        "<br>%{customdata[1]}<extra></extra>",
    )


def level_trace(segments, read, name, colour, dash, unit):
    """A level line per segment (the mean or a limit), broken between segments."""
    x, y, text = [], [], []
    for segment in segments:
        value = read(segment)
        x += [segment.start.isoformat(), segment.end.isoformat(), None]
        y += [float(value), float(value), None]
        text += [format_value(value, unit)] * 2 + [None]
    return go.Scatter(
        x=x,
        y=y,
        customdata=text,
        name=name,
        mode="lines",
        connectgaps=False,
        line={"color": colour, "dash": dash, "width": 2},
        hovertemplate=f"{name}: %{{customdata}}<extra></extra>",
    )


def target_line(target, first, last, unit):
    label = f"Target: {format_value(target.value, unit)} by {target.due_date:%-d %b %Y}"
    return go.Scatter(
        x=[first.isoformat(), last.isoformat()],
        y=[float(target.value)] * 2,
        name=label,
        mode="lines",
        line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
        hovertemplate=f"{label}<extra></extra>",
    )


def process_figure(process, height=420):
    """The process chart of a metrics.process.Process; None without limits (too few
    points), where the page says so and keeps to the comparison with the previous figure."""
    chart, unit = process.chart, process.metric.unit
    if not chart.enough:
        return None
    segments, points = chart.segments, chart.points
    figure = go.Figure(layout=base_layout(height))
    figure.add_trace(values_trace(points, unit))
    mean = attrgetter("mean")
    figure.add_trace(level_trace(segments, mean, "Mean", MEAN_COLOUR, "solid", unit))
    for name, read in (("Upper process limit", "upper"), ("Lower process limit", "lower")):
        limit = attrgetter(read)
        figure.add_trace(level_trace(segments, limit, name, LIMIT_COLOUR, "dash", unit))
    for signal in MARKERS:
        marked = [p for p in points if p.signal == signal]
        if marked:
            figure.add_trace(signal_trace(marked, signal, unit))
    values = [float(p.value) for p in points]
    values += [float(level) for s in segments for level in (s.lower, s.upper)]
    if process.target is not None:
        figure.add_trace(target_line(process.target, points[0].date, points[-1].date, unit))
        values.append(float(process.target.value))
    figure.update_layout(
        showlegend=True,
        legend={"orientation": "h", "y": -0.18, "x": 0},
        margin={"b": 90},
        hovermode="closest",
        **time_axes(process.metric, [p.date for p in points], values),
    )
    return figure_json(figure)
