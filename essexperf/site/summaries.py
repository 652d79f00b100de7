"""What the overview shows of each priority, counted in the database in a fixed number of queries.

A priority's card gives its commitments, how many are on track, of some concern, off track
or not assessed (a commitment without an assessment is not assessed), the period's updates
and its headline figures: the figures the report compares with an earlier one.
"""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from metrics.charts import trend_figure
from metrics.models import Metric
from metrics.presentation import change_summary, format_value, not_updated_since, span
from metrics.process import headline_processes
from metrics.series import (
    known_figures,
    latest_observations,
    newest_of_each_metric,
    observations_by_metric,
    on_lines,
)
from priorities.models import Assessment, Commitment, Priority, Update
from priorities.models.plan import current_in

Status = Assessment.Status
ASSESSED = [Status.ON_TRACK, Status.SOME_CONCERNS, Status.OFF_TRACK]
# A headline's trend line draws its newest figures: a year of months, three of quarters.
TREND_POINTS = 12


def count_of(rows, priority_path):
    """How many of the rows belong to the outer query's priority, as a subquery."""
    per_priority = rows.filter(**{priority_path: OuterRef("pk")}).order_by().values(priority_path)
    return Coalesce(Subquery(per_priority.annotate(count=Count("pk")).values("count")), 0)


def count_annotations(period, key):
    """Counts for one period, named `<key>_<count>`: commitments current in it, their
    assessments by status, and the period's updates. Each is a subquery rather than a join,
    so that rows do not multiply and each count is made once per priority."""
    commitments = Commitment.objects.current_in(period)
    assessments = Assessment.objects.filter(current_in(period, "commitment__"), period=period)
    counts = {f"{key}_commitments": count_of(commitments, "priority")}
    for status in ASSESSED:
        counts[f"{key}_{status}"] = count_of(
            assessments.filter(status=status), "commitment__priority"
        )
    updates = Update.objects.filter(period=period)
    counts[f"{key}_updates"] = count_of(updates, "commitment__priority")
    return counts


@dataclass(frozen=True)
class StatusCount:
    """How many commitments hold a status in the period, and in the one before."""

    status: str
    label: str
    count: int
    previous: int | None


def status_counts(priority, has_previous):
    """The four statuses of a priority's commitments, read from its annotations."""
    rows = []
    for key in ("now", "before") if has_previous else ("now",):
        assessed = {status: getattr(priority, f"{key}_{status}") for status in ASSESSED}
        assessed[Status.NOT_ASSESSED] = getattr(priority, f"{key}_commitments") - sum(
            assessed.values()
        )
        rows.append(assessed)
    return [
        StatusCount(
            status, status.label, rows[0][status], rows[1][status] if has_previous else None
        )
        for status in [*ASSESSED, Status.NOT_ASSESSED]
    ]


def annotated_priorities(priorities, period, previous):
    """The priorities with their counts for both periods: one query."""
    if period is not None:
        priorities = priorities.annotate(**count_annotations(period, "now"))
    if previous is not None:
        priorities = priorities.annotate(**count_annotations(previous, "before"))
    return priorities


@dataclass(frozen=True)
class Headline:
    """A headline figure: its latest value, change, trend and the previous period's value."""

    observation: object
    change: object
    trend: dict | None
    trend_label: str
    previous: object
    # The earlier edition the figure is from, when the period has no figure of its own.
    stale: object = None
    # The process chart of the figure's line (metrics.spc): its variation and assurance.
    process: object = None


def headlines(user, selection, priorities, trends=True):
    """{priority id: [Headline]} and {priority id: count of other figures}: five queries,
    or six with a previous period; one fewer without the trend lines (the printed report).
    Three of them are the headlines' process charts (metrics.process.headline_processes)."""
    period, previous = selection.period, selection.previous
    metrics = Metric.objects.filter(priority__in=priorities.values("pk"))
    latest = latest_observations(user, period, metrics)
    before = latest_observations(user, previous, metrics) if previous else {}
    compared = [o for o in latest.values() if o.compared_with_id is not None]
    lines = trend_lines(user, period, compared) if trends else {}
    processes = headline_processes(user, period, compared)
    chosen, others = {}, {}
    for observation in sorted(latest.values(), key=lambda o: o.metric.name):
        priority_id = observation.metric.priority_id
        if observation.compared_with_id is None:
            others[priority_id] = others.get(priority_id, 0) + 1
            continue
        earlier = before.get(observation.metric_id)
        line = lines.get(observation.metric_id, [])
        unit = observation.metric.unit
        chosen.setdefault(priority_id, []).append(
            Headline(
                observation=observation,
                change=change_summary(observation),
                trend=trend_figure(line) if len(line) > 1 else None,
                trend_label=", then ".join(
                    f"{format_value(o.value, unit)} ({span(o.start_date, o.end_date)})"
                    for o in line
                ),
                previous=earlier if earlier and earlier.pk != observation.pk else None,
                stale=not_updated_since(observation, period, selection.periods),
                process=processes.get(observation.metric_id),
            )
        )
    return chosen, others


def trend_lines(user, period, latest):
    """{metric id: the newest TREND_POINTS figures of the line of each observation given (same
    metric, area and basis), oldest first}: one query."""
    lines = [{"metric_id": o.metric_id, "area_id": o.area_id, "basis": o.basis} for o in latest]
    fields = ("metric_id", "area_id", "basis", "start_date", "end_date", "value")
    known = known_figures(user, period).filter(on_lines(lines)).only(*fields)
    newest = newest_of_each_metric(known, TREND_POINTS).order_by("end_date", "start_date")
    return observations_by_metric(newest)


def priority_cards(user, selection):
    """The overview's priorities, each with its status counts and headline figures."""
    period, previous = selection.period, selection.previous
    in_force = Priority.objects.visible_to(user).in_force(period)
    chosen, others = headlines(user, selection, in_force) if period else ({}, {})
    cards = list(annotated_priorities(in_force, period, previous))
    for priority in cards:
        if period is not None:
            priority.statuses = status_counts(priority, previous is not None)
        priority.headlines = chosen.get(priority.pk, [])
        priority.other_figures = others.get(priority.pk, 0)
    return cards
