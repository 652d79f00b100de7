"""Figures as pages show them: a metric's latest value, change, chart and table; KSI totals.

A metric may hold figures for dozens of areas over many years. A panel charts one area's
(the headline area: that of the latest figure, force-wide where there is one) newest
figures on every basis, and tables the same; the metric's page lets the reader choose the
area, and its downloads hold every figure.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from metrics.charts import metric_figure
from metrics.models import Area, KsiTotal, Metric, Target
from metrics.presentation import change_summary, ksi_summary, not_updated_since
from metrics.process import headline_processes
from metrics.series import (
    known_figures,
    latest_observations,
    newest_of_each_metric,
    observations_by_metric,
    on_lines,
    split_into_series,
)
from priorities.amendments import attach_amendments, with_amendment

# Figures a panel of a priority's page charts: about two years of monthly and quarterly ones.
PANEL_FIGURES = 24


@dataclass(frozen=True)
class Panel:
    """One metric in a period: what its chart, table and headline sentence need."""

    metric: Metric
    latest: object
    change: object
    previous: object
    series: list
    targets: list
    figure: dict
    # The area charted, and whether it has older figures than those charted.
    area: Area | None = None
    more: bool = False
    # The earlier edition the latest figure is from, when the period has none of its own.
    stale: object = None
    # The process chart of the latest figure's line (metrics.spc), where asked for.
    process: object = None

    @property
    def chart_id(self):
        return f"chart-{self.metric.slug}"

    @property
    def rows(self):
        """Every plotted figure with its change in words, newest first, for the table."""
        plotted = [o for line in self.series for o in line.observations]
        plotted.sort(key=lambda o: (o.end_date, o.start_date), reverse=True)
        return [(o, self.summary(o)) for o in plotted]

    def summary(self, observation):
        return change_summary(observation, self.metric)


@dataclass(frozen=True)
class Chart:
    """What a panel draws: its area, the figures (newest first, one more than drawn when
    there are older ones) and the targets."""

    area: Area | None
    figures: list
    targets: list
    size: int


def build_panel(metric, chart, latest, earlier, height, selection, process=None):
    series = split_into_series(chart.figures[: chart.size])
    return Panel(
        metric=metric,
        latest=latest,
        change=change_summary(latest) if latest else None,
        previous=earlier if earlier and latest and earlier.pk != latest.pk else None,
        series=series,
        targets=chart.targets,
        figure=metric_figure(metric, series, chart.targets, height=height),
        area=chart.area,
        more=len(chart.figures) > chart.size,
        stale=not_updated_since(latest, selection.period, selection.periods),
        process=process,
    )


def chart_figures(user, period, areas, size):
    """{metric id: its newest figures on the area given for it (one more than `size` when
    there are older ones)}, with their area, comparison and edition: two queries, the
    figures and their amendments (none without an area)."""
    lines = [{"metric_id": metric_id, "area_id": area.pk} for metric_id, area in areas.items()]
    figures = (
        known_figures(user, period)
        .filter(on_lines(lines))
        .select_related("area", "compared_with", "reported_in", "data_import")
        .order_by("-end_date", "-start_date", "-pk")
    )
    newest = list(newest_of_each_metric(figures, size + 1))
    attach_amendments(newest)
    return observations_by_metric(newest)


def metric_panels(
    user, selection, metrics, height=280, size=PANEL_FIGURES, area=None, processes=True
):
    """{commitment id (None for the priority's own): [Panel]} for a queryset of metrics, each
    charting its headline area, or `area` where given.

    Five queries, or six with a previous period: the metrics, the latest observation of
    each in the period (and the previous one), their charts' figures, those figures'
    amendments and the metrics' targets; and three more for the process charts of the
    latest figures' lines (metrics.process.headline_processes) unless `processes` is False.
    """
    period, previous = selection.period, selection.previous
    listed = list(metrics)
    # Subqueries rather than lists of ids, so that no metric at all costs the same queries.
    latest = latest_observations(user, period, metrics)
    before = latest_observations(user, previous, metrics) if previous else {}
    areas = {m.pk: area or latest[m.pk].area for m in listed if area or m.pk in latest}
    figures = chart_figures(user, period, areas, size)
    targets = defaultdict(list)
    for target in Target.objects.visible_to(user).filter(metric__in=metrics).select_related("area"):
        targets[target.metric_id].append(target)
    charts = headline_processes(user, period, latest.values()) if processes else {}
    panels = defaultdict(list)
    for metric in listed:
        chosen = areas.get(metric.pk)
        shown = [t for t in targets[metric.pk] if chosen is None or t.area_id == chosen.pk]
        chart = Chart(chosen, figures[metric.pk], shown, size)
        earlier = before.get(metric.pk)
        panel = build_panel(
            metric,
            chart,
            latest.get(metric.pk),
            earlier,
            height,
            selection,
            charts.get(metric.pk),
        )
        panels[metric.commitment_id].append(panel)
    return panels


def ksi_totals(user, selection):
    """The period's KSI totals, each with its change on the year before in words and its
    latest amendment, and the previous period's totals by area for the comparison: one
    query."""
    if selection.period is None:
        return []
    periods = [p for p in (selection.period, selection.previous) if p is not None]
    totals = KsiTotal.objects.visible_to(user).filter(period__in=periods)
    # The import a computed total came from, which the roads page names.
    totals = totals.select_related("area", "computed_from")
    totals = with_amendment(totals)
    current, previous = [], {}
    for total in totals:
        total.summary = ksi_summary(total)
        if total.period_id == selection.period.pk:
            current.append(total)
        else:
            previous[total.area_id] = total
    for total in current:
        total.previous = previous.get(total.area_id)
    return current


# What the roads page says of KSI figures computed from road casualty records, by basis.
KSI_BASIS_WORDS = {
    "raw": "KSI counted on the raw severity: as recorded by the police.",
    "adjusted": "KSI counted on the DfT's adjusted severity: the probability that a casualty "
    "was seriously injured, used since forces moved to injury-based reporting.",
}


@dataclass
class KsiSource:
    """Where a period's computed KSI figures come from: the basis they were counted on, in
    words, and when the records were last imported."""

    words: str
    imported_at: object


def ksi_source(totals, routes):
    """The KsiSource of the period's figures computed from imported records; None when they
    were all typed in. Reads no more than the rows carry (their computed_from joined)."""
    computed = [row for row in [*totals, *routes] if row.computed_from_id is not None]
    if not computed:
        return None
    latest = max(
        (row.computed_from for row in computed),
        key=lambda record: record.finished_at or record.started_at,
    )
    # The basis a total was counted on is stored with it; routes are computed with totals.
    stored = [total.ksi_basis for total in totals if total.computed_from_id and total.ksi_basis]
    basis = stored[0] if stored else settings.STATS19_KSI_BASIS
    return KsiSource(KSI_BASIS_WORDS[basis], latest.finished_at or latest.started_at)
