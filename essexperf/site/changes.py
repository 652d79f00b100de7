"""What changed this quarter: the first thing the overview and the report show a board member.

RAG statuses that changed since the previous period (with the reasons), figures that got
worse, targets at risk, and figures not updated since an earlier edition. One function
gathers them for the overview and the report alike, in six queries whatever the size of
the plan: the assessments of both periods, the latest figure of each metric, the process
charts of the figures that moved the wrong way (three), the targets. A figure that moved
the wrong way is listed as worse only when the move is significant or its process chart
shows a special cause concern; otherwise it is listed apart, as not shown to be more than
chance.
A figure whose latest value is from an earlier edition is listed as not updated, never as
better or worse: its change is the earlier quarter's.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import groupby

from metrics.facts import board_metrics
from metrics.models import Metric, Target
from metrics.presentation import POINTS_UNITS, change_summary, not_updated_since
from metrics.process import headline_processes
from metrics.series import latest_observations
from metrics.significance import Verdict
from metrics.spc import Variation
from priorities.amendments import with_amendment
from priorities.models import Assessment, Commitment, Priority

Status = Assessment.Status
# A change is listed by the status it went to, worst first, so that a commitment that went
# off track is at the top.
STATUS_ORDER = [Status.OFF_TRACK, Status.SOME_CONCERNS, Status.NOT_ASSESSED, Status.ON_TRACK]


@dataclass(frozen=True)
class StatusChange:
    """A commitment whose RAG status in the period differs from the previous period's."""

    commitment: Commitment
    before: str
    now: str
    # The period's assessment, with its reason and latest amendment; None when not assessed.
    assessment: Assessment | None

    @property
    def before_label(self):
        return Status(self.before).label

    @property
    def now_label(self):
        return Status(self.now).label


@dataclass(frozen=True)
class TargetRisk:
    """A target its latest figure has not reached: missed, or off course for its date."""

    target: Target
    figure: object
    # Where the figure would stand by the target's date at its latest rate of change.
    projected: Decimal | None
    # The earlier edition the figure is from, when the period has no figure of its own.
    stale: object = None

    @property
    def missed(self):
        return self.projected is None


@dataclass
class Changes:
    """What the overview and the report open with, for one period."""

    period: object
    previous: object
    statuses: list = field(default_factory=list)
    # (observation, its change in words) of each figure that got worse: significantly, or
    # as a special cause concern on its process chart.
    worse: list = field(default_factory=list)
    # (observation, its change in words) of each figure that moved the wrong way but is not
    # shown to be more than chance: within normal variation, or a level or an average that
    # no test applies to and whose chart finds no special cause. Not listed as worse.
    within_variation: list = field(default_factory=list)
    at_risk: list = field(default_factory=list)
    # (earlier edition, [its figures]) for figures whose latest value is from before the period.
    not_updated: list = field(default_factory=list)

    @property
    def not_updated_count(self):
        return sum(len(figures) for _, figures in self.not_updated)


def what_changed(user, selection):
    """What changed in the selection's period since the previous one, as `user` may see it:
    six queries (five without a previous period: no statuses to compare). A figure is worse
    only when it is the period's own and moved against its metric's direction by more than
    chance (more_than_chance)."""
    period, previous = selection.period, selection.previous
    changes = Changes(period, previous)
    if period is None:
        return changes
    priorities = Priority.objects.visible_to(user).in_force(period)
    changes.statuses = status_changes(user, period, previous, priorities)
    metrics = board_metrics(user, period)
    latest = latest_observations(user, period, metrics)
    figures = sorted(latest.values(), key=lambda o: o.metric.name)
    since = {o.metric_id: not_updated_since(o, period, selection.periods) for o in figures}
    fresh = [o for o in figures if since[o.metric_id] is None]
    moved = [(o, c) for o in fresh if (c := change_summary(o))]
    against = [(o, c) for o, c in moved if o.change().judgement(o.metric.up_is) == "bad"]
    processes = headline_processes(user, period, [o for o, _ in against])
    for observation, _ in against:
        observation.process = processes.get(observation.metric_id)
    changes.worse = [(o, c) for o, c in against if more_than_chance(o, c)]
    changes.within_variation = [(o, c) for o, c in against if not more_than_chance(o, c)]
    changes.not_updated = grouped_by_edition(
        [(since[o.metric_id], o) for o in figures if since[o.metric_id]]
    )
    targets = Target.objects.visible_to(user).filter(metric__in=metrics).select_related("area")
    changes.at_risk = targets_at_risk(targets, latest, since)
    return changes


def more_than_chance(observation, summary):
    """Whether a figure's move the wrong way is a real change: significant against the
    figure it is compared with, or a special cause concern on its process chart (which
    `observation.process` holds, None with too few points for one)."""
    if summary.significance.verdict == Verdict.SIGNIFICANT:
        return True
    process = observation.process
    return process is not None and process.variation == Variation.CONCERN


def status_changes(user, period, previous, priorities):
    """The commitments current in the period whose status differs from the previous
    period's (no assessment counts as not assessed), worst new status first: one query."""
    if previous is None:
        return []
    commitments = (
        Commitment.objects.visible_to(user).current_in(period).filter(priority__in=priorities)
    )
    assessments = with_amendment(
        Assessment.objects.visible_to(user)
        .filter(period__in=[period, previous], commitment__in=commitments)
        .select_related("commitment__priority")
    )
    now, before, shown = {}, {}, {}
    for assessment in assessments:
        shown[assessment.commitment_id] = assessment.commitment
        (now if assessment.period_id == period.pk else before)[assessment.commitment_id] = (
            assessment
        )
    changed = []
    for pk, commitment in shown.items():
        status = now[pk].status if pk in now else Status.NOT_ASSESSED
        earlier = before[pk].status if pk in before else Status.NOT_ASSESSED
        if status != earlier:
            changed.append(StatusChange(commitment, earlier, status, now.get(pk)))
    changed.sort(key=lambda c: (STATUS_ORDER.index(c.now), *plan_order(c.commitment)))
    return changed


def plan_order(commitment):
    return commitment.priority.number, commitment.order, commitment.pk


def grouped_by_edition(stale):
    """[(edition, [figures])], the edition longest since updated first."""
    stale.sort(key=lambda pair: (pair[0].financial_year, pair[0].quarter, pair[1].metric.name))
    return [
        (edition, [o for _, o in group])
        for edition, group in groupby(stale, key=lambda pair: pair[0])
    ]


def targets_at_risk(targets, latest, since):
    """The targets at risk, by due date: each judged on its metric's latest figure, marked
    with the earlier edition that figure is from (`since`, by metric id)."""
    risks = []
    for target in sorted(targets, key=lambda t: (t.due_date, t.pk)):
        figure = latest.get(target.metric_id)
        risk = target_risk(target, figure) if figure is not None else None
        if risk is not None:
            risks.append(replace(risk, stale=since.get(target.metric_id)))
    return risks


def target_risk(target, figure):
    """A TargetRisk when the figure has not reached the target and either its date has
    passed or, at the rate of change since the figure compared with, it would not reach it
    by then. None when it is reached or on course, or cannot be judged: a metric where
    neither direction is better, a figure of another area, or no comparison to go by."""
    metric = figure.metric
    if figure.area_id != target.area_id or metric.up_is == Metric.UpIs.NEUTRAL:
        return None
    towards = 1 if metric.up_is == Metric.UpIs.GOOD else -1
    if (target.value - figure.value) * towards <= 0:
        return None
    if target.due_date <= figure.end_date:
        return TargetRisk(target, figure, None)
    earlier = figure.compared_with
    if earlier is None or earlier.end_date >= figure.end_date:
        return None
    rate = (figure.value - earlier.value) / (figure.end_date - earlier.end_date).days
    projected = bounded(metric, figure.value + rate * (target.due_date - figure.end_date).days)
    if (target.value - projected) * towards <= 0:
        return None
    return TargetRisk(target, figure, projected)


def bounded(metric, value):
    """A projected value rounded as the report words it, within the metric's range."""
    low, high = metric.value_range()
    value = value.quantize(Decimal("0.1") if metric.unit in POINTS_UNITS else Decimal(1))
    if low is not None:
        value = max(value, low)
    if high is not None:
        value = min(value, high)
    return value
