"""Figures as pages show them: a metric's latest value, change, chart and table; KSI totals."""

from collections import defaultdict
from dataclasses import dataclass

from metrics.charts import metric_figure
from metrics.models import KsiTotal, Metric, Target
from metrics.presentation import observation_change, summarise_change
from metrics.series import (
    known_observations,
    latest_observations,
    observations_by_metric,
    split_into_series,
)

# Casualties are harms: fewer is better.
KSI_UP_IS = Metric.UpIs.BAD


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
        change = observation.change()
        if change is None:
            return None
        return summarise_change(change, self.metric.up_is, self.metric.unit)


def build_panel(metric, observations, targets, latest, earlier, height):
    series = split_into_series(observations)
    return Panel(
        metric=metric,
        latest=latest,
        change=observation_change(latest) if latest else None,
        previous=earlier if earlier and latest and earlier.pk != latest.pk else None,
        series=series,
        targets=targets,
        figure=metric_figure(metric, series, targets, height=height),
    )


def metric_panels(user, selection, metrics, height=280):
    """{commitment id (None for the priority's own): [Panel]} for a queryset of metrics.

    Four queries, or five with a previous period: the metrics, their known observations,
    their targets, and the latest observation of each in the period (and the previous one).
    """
    period, previous = selection.period, selection.previous
    # Subqueries rather than lists of ids, so that no metric at all still costs the same queries.
    observations = observations_by_metric(
        known_observations(user, period)
        .filter(metric__in=metrics)
        .select_related("area", "compared_with", "reported_in")
    )
    targets = defaultdict(list)
    for target in Target.objects.visible_to(user).filter(metric__in=metrics).select_related("area"):
        targets[target.metric_id].append(target)
    latest = latest_observations(user, period, metrics)
    before = latest_observations(user, previous, metrics) if previous else {}
    panels = defaultdict(list)
    for metric in metrics:
        panel = build_panel(
            metric,
            observations[metric.pk],
            targets[metric.pk],
            latest.get(metric.pk),
            before.get(metric.pk),
            height,
        )
        panels[metric.commitment_id].append(panel)
    return panels


def ksi_totals(user, selection):
    """The period's KSI totals, each with its change on the year before in words, and the
    previous period's totals by area for the comparison: one query."""
    if selection.period is None:
        return []
    periods = [p for p in (selection.period, selection.previous) if p is not None]
    totals = KsiTotal.objects.visible_to(user).filter(period__in=periods).select_related("area")
    current, previous = [], {}
    for total in totals:
        total.summary = summarise_change(total.change(), KSI_UP_IS)
        if total.period_id == selection.period.pk:
            current.append(total)
        else:
            previous[total.area_id] = total
    for total in current:
        total.previous = previous.get(total.area_id)
    return current
