"""The peer comparison's chart: each force's rate as a horizontal bar, best at the top, with
the group average as a line. The home force's bar is another colour and is also named so
in its label, so colour is never the only way to find it; the table beside it holds every
number."""

from html import escape

import plotly.graph_objects as go

from metrics.charts import COLOURS, GRID, TEXT, base_layout, figure_json

PEER_COLOUR = "#505a5f"
HOME_COLOUR = COLOURS[0]
AVERAGE_COLOUR = "#d4351c"
# Room above for the average's label and right of the bars for their values.
MARGIN = {"l": 20, "r": 50, "t": 30, "b": 50}


def bar_label(force):
    name = escape(force.area.name, quote=False)
    return f"{name} (home force)" if force.home else name


def peers_figure(comparison, height=None):
    """The ranked forces as bars with the group average as a dashed line, or None."""
    ranked = comparison.ranked
    if not comparison.has_figures or not ranked:
        return None
    labels = [f"{force.rank}. {bar_label(force)}" for force in ranked]
    scores = [float(force.rate.shown if force.rate else force.score) for force in ranked]
    average = float(comparison.average)
    bars = go.Bar(
        x=scores,
        y=labels,
        orientation="h",
        marker={"color": [HOME_COLOUR if force.home else PEER_COLOUR for force in ranked]},
        texttemplate="%{x}",
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x}<extra></extra>",
    )
    figure = go.Figure(bars)
    figure.update_layout(
        base_layout(height or 80 + 44 * len(ranked), showlegend=False, margin=MARGIN),
        shapes=[average_line(average)],
        annotations=[average_note(average)],
        bargap=0.35,
    )
    figure.update_xaxes(gridcolor=GRID, rangemode="tozero", title_text=axis_title(comparison))
    # Best first, from the top; labels inside the plot's left edge keep a phone's width.
    figure.update_yaxes(autorange="reversed", automargin=True)
    return figure_json(figure)


def axis_title(comparison):
    return "Per 1,000 residents" if comparison.per_thousand else "Value"


def average_line(average):
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": average,
        "x1": average,
        "y0": 0,
        "y1": 1,
        "line": {"color": AVERAGE_COLOUR, "width": 2, "dash": "dash"},
    }


def average_note(average):
    return {
        "x": average,
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "yanchor": "bottom",
        "text": f"Group average {average:,.2f}",
        "showarrow": False,
        "font": {"color": TEXT},
    }
