"""Which figures make a metric's process chart (metrics.spc), read for a reader and a period.

A process chart's points are figures of one metric, one area, one basis and one span: a
month, a quarter and a rolling twelve months are different processes, and so are the three
months to August and the year to August, even on the same basis. The figures are those the
reader may see as known by the period (metrics.series.known_figures), so that an older
period's page charts what was known then. The metric page and the API both read a chart
through process_of, so both give the same numbers; the headline figures read theirs through
headline_processes, in a fixed number of queries however many metrics.
"""

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q

from essexperf.dates import is_within_range
from metrics.models import Metric, Observation, Recalculation, Target
from metrics.series import known_figures, latest_observations, newest_of_each_metric, on_lines
from metrics.spc import ProcessChart, process_chart

# The most figures a chart reads, newest first: twenty years of monthly figures on four
# bases, for a metric page; a headline reads as many of its own line.
MAX_POINTS = 1000
FIELDS = ("basis", "start_date", "end_date", "value")


def span_of(start, end):
    """How long a figure's dates last, in words: "at a date", "1 month", "3 months", or
    days where they are not whole calendar months."""
    if start == end:
        return "at a date"
    whole = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return "1 month" if months == 1 else f"{months} months"
    return f"{(end - start).days + 1} days"


def most_common(keys):
    """The key given most often; of keys given as often, the one given first (the newest
    when the keys are read newest first)."""
    counts = Counter(keys)
    first = {key: index for index, key in reversed(list(enumerate(keys)))}
    return max(counts, key=lambda key: (counts[key], -first[key]), default=None)


def target_for(targets, last_date):
    """The target a process is judged by: the soonest due on or after its latest figure,
    or else the one due last; None without targets."""
    ahead = [t for t in targets if t.due_date >= last_date]
    if ahead:
        return min(ahead, key=lambda t: t.due_date)
    return max(targets, key=lambda t: t.due_date, default=None)


@dataclass(frozen=True)
class Process:
    """A metric's process chart for one area, basis and span, with what it was drawn from."""

    metric: object
    area: object
    basis: str
    span: str
    chart: ProcessChart
    target: object = None
    recalculations: tuple = ()
    # The bases the area has figures on, most figures first.
    bases: tuple = ()

    @property
    def basis_label(self):
        return Observation.Basis(self.basis).label if self.basis else ""

    @property
    def basis_choices(self):
        return [(code, Observation.Basis(code).label) for code in self.bases]

    @property
    def segment_rows(self):
        """Each segment with the reasons of the recalculations that started it."""
        rows, previous_end = [], None
        for segment in self.chart.segments:
            reasons = [
                r.reason
                for r in self.recalculations
                if previous_end is not None and previous_end < r.date <= segment.start
            ]
            rows.append((segment, "; ".join(reasons)))
            previous_end = segment.end
        return rows


def headline_area(user, period, metric):
    """The area a metric's page charts unless another is chosen (metrics.panels)."""
    latest = latest_observations(user, period, Metric.objects.filter(pk=metric.pk))
    return latest[metric.pk].area if metric.pk in latest else None


def area_recalculations(metric, area):
    return tuple(
        Recalculation.objects.filter(metric=metric)
        .filter(Q(area=area) | Q(area__isnull=True))
        .order_by("date")
    )


def area_figures(user, period, metric, area):
    """(basis, start, end, value) of the area's newest MAX_POINTS figures of every basis
    dated within the site's range, newest first: one query."""
    rows = (
        known_figures(user, period)
        .filter(metric=metric, area=area)
        .order_by("-end_date", "-start_date")
        .values_list(*FIELDS)[:MAX_POINTS]
    )
    return [row for row in rows if is_within_range(row[2])]


def one_line(rows, basis):
    """The basis (the one asked for, or the one with the most figures), its span (the one
    with the most figures) and their (date, value) points, newest first."""
    basis = basis or most_common([row[0] for row in rows])
    rows = [row for row in rows if row[0] == basis]
    span = most_common([span_of(start, end) for _, start, end, _ in rows])
    points = [(end, value) for _, start, end, value in rows if span_of(start, end) == span]
    return basis, span or "", points


def process_of(user, period, metric, area, basis=None, targets=None):
    """The process chart of `metric` in `area` on `basis` (by default the basis with the
    most figures there; a chart of no points where it has none), or None without an area:
    two queries, the figures and the recalculations, and a third for the targets unless
    given (the metric's)."""
    if area is None:
        return None
    rows = area_figures(user, period, metric, area)
    bases = tuple(code for code, _ in Counter(row[0] for row in rows).most_common())
    basis, span, points = one_line(rows, basis)
    recalculations = area_recalculations(metric, area)
    if targets is None:
        targets = Target.objects.filter(metric=metric)
    mine = [t for t in targets if t.area_id == area.pk]
    target = target_for(mine, points[0][0]) if points else None
    chart = process_chart(
        points,
        metric.up_is,
        [r.date for r in recalculations],
        None if target is None else target.value,
    )
    return Process(metric, area, basis, span, chart, target, recalculations, bases)


def headline_processes(user, period, observations):
    """{metric id: ProcessChart} of the line of each observation given (its metric, area,
    basis and span): three queries however many, the figures, the recalculations and the
    targets."""
    observations = [o for o in observations if is_within_range(o.end_date)]
    lines = [
        {"metric_id": o.metric_id, "area_id": o.area_id, "basis": o.basis} for o in observations
    ]
    metric_ids = [o.metric_id for o in observations]
    known = known_figures(user, period).filter(on_lines(lines))
    figures = newest_of_each_metric(known, MAX_POINTS).values_list("metric_id", *FIELDS)
    points = defaultdict(list)
    for metric_id, _, start, end, value in figures:
        points[metric_id].append((start, end, value))
    recalculations, targets = recalculations_and_targets(metric_ids)
    return {
        o.metric_id: headline_chart(o, points[o.metric_id], recalculations, targets)
        for o in observations
    }


def recalculations_and_targets(metric_ids):
    """({metric id: its recalculations}, {metric id: its targets}) of every area: two
    queries however many metrics, for headline_chart."""
    recalculations = defaultdict(list)
    for recalculation in Recalculation.objects.filter(metric_id__in=metric_ids).order_by():
        recalculations[recalculation.metric_id].append(recalculation)
    targets = defaultdict(list)
    for target in Target.objects.filter(metric_id__in=metric_ids).order_by():
        targets[target.metric_id].append(target)
    return recalculations, targets


def headline_chart(observation, figures, recalculations, targets):
    """The process chart of one headline observation's line, from the rows read for all."""
    span = span_of(observation.start_date, observation.end_date)
    points = [
        (end, value)
        for start, end, value in figures
        if is_within_range(end) and span_of(start, end) == span
    ]
    area_id, metric_id = observation.area_id, observation.metric_id
    dates = [r.date for r in recalculations[metric_id] if r.area_id in (None, area_id)]
    mine = [t for t in targets[metric_id] if t.area_id == area_id]
    target = target_for(mine, observation.end_date)
    return process_chart(
        points, observation.metric.up_is, dates, None if target is None else target.value
    )
