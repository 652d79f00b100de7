"""A metric's figure for the home force beside those of its most similar forces (its peer
group), for one reporting period: each force's rate per 1,000 residents, their average, each
force's rank, and whether the home force's count differs from the group's by more than
chance would make it.

The forces are compared over one span: the newest the home force has a figure for, ending
on or before the period's end, with the same dates and basis for every force. A count is
compared per 1,000 residents; any other figure (a percentage, a time) as it is. A force
without a figure for the span, or a count without a population, is left out of the ranks
and the average, and said to be.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from metrics.models import Metric, Observation, PeerGroupMember
from metrics.rates import has_rate, populations_of, rate_of
from metrics.series import stated_by
from metrics.significance import LEVEL, poisson_test


@dataclass
class ForceFigure:
    """One force's figure for the span, its rate (for a count) and its place in the group."""

    area: object
    home: bool
    observation: object = None
    rate: object = None
    rank: int | None = None
    # What the force is ranked on: its rate per 1,000 for a count, its value otherwise.
    score: Decimal | None = None

    @property
    def value(self):
        return None if self.observation is None else self.observation.value


@dataclass(frozen=True)
class Significance:
    """The home force's count against the count expected at the group's average rate."""

    observed: int
    expected: Decimal
    p_value: float
    method: str

    @property
    def significant(self):
        return self.p_value < LEVEL

    @property
    def sentence(self):
        side = "above" if self.observed > self.expected else "below"
        if not self.significant:
            return (
                f"Not significantly different from the group average: {self.observed:,} "
                f"against {self.expected:,.1f} expected at its rate (p = {self.p_value:.3f})."
            )
        return (
            f"Significantly {side} the group average: {self.observed:,} against "
            f"{self.expected:,.1f} expected at its rate (p = {self.p_value:.3f}, {self.method})."
        )


@dataclass
class PeerComparison:
    """The home force and its peers for one metric and period, best first."""

    metric: Metric
    period: object
    group: object = None
    start_date: object = None
    end_date: object = None
    basis: str = ""
    forces: list = field(default_factory=list)
    average: Decimal | None = None
    significance: Significance | None = None

    @property
    def per_thousand(self):
        """Whether forces are compared per 1,000 residents (a count) or as they are."""
        return has_rate(self.metric)

    @property
    def ranked(self):
        return [force for force in self.forces if force.rank is not None]

    @property
    def home(self):
        return next((force for force in self.forces if force.home), None)

    @property
    def has_figures(self):
        return any(force.observation is not None and not force.home for force in self.forces)

    @property
    def direction(self):
        """How the ranks run, in words."""
        what = "rate" if self.per_thousand else "figure"
        if self.metric.up_is == Metric.UpIs.BAD:
            return f"Lowest {what} first: lower is better."
        if self.metric.up_is == Metric.UpIs.GOOD:
            return f"Highest {what} first: higher is better."
        return f"Highest {what} first: no better direction, so a rank is not a judgement."


def peer_group():
    """(group, [its members]) for the first peer group by name, or (None, []): one query."""
    members = list(
        PeerGroupMember.objects.select_related("group__home_force", "area").order_by(
            "group__name", "order", "pk"
        )
    )
    if not members:
        return None, []
    group = members[0].group
    return group, [m for m in members if m.group_id == group.pk]


def span_figures(user, metrics, period, forces, home):
    """The forces' figures of each metric over the home force's newest span of it ending by
    the period's end (same dates and basis): one query however many metrics."""
    known = Observation.objects.visible_to(user).filter(
        stated_by(period), end_date__lte=period.end_date
    )
    newest = known.filter(area=home, metric=OuterRef("metric_id")).order_by(
        "-end_date", "-start_date", "-pk"
    )[:1]
    return list(
        known.filter(
            metric__in=[metric.pk for metric in metrics],
            area__in=[force.pk for force in forces],
            start_date=Subquery(newest.values("start_date")),
            end_date=Subquery(newest.values("end_date")),
            basis=Subquery(newest.values("basis")),
        ).select_related("area")
    )


def compare_with_peers(user, metric, period):
    """The PeerComparison of the metric in the period: three queries (the group, the
    figures, the populations), one without a peer group."""
    return compare_many(user, [metric], period)[metric.pk]


def compare_many(user, metrics, period):
    """{metric id: PeerComparison} of each metric in the period, as compare_with_peers
    answers it for one: three queries however many metrics (the group, the figures, the
    populations), one without a peer group, none without metrics."""
    comparisons = {metric.pk: PeerComparison(metric, period) for metric in metrics}
    if not comparisons:
        return comparisons
    group, members = peer_group()
    if group is None:
        return comparisons
    home = group.home_force
    forces = [home, *(member.area for member in members)]
    figures = defaultdict(dict)
    for observation in span_figures(user, metrics, period, forces, home):
        figures[observation.metric_id][observation.area_id] = observation
    for comparison in comparisons.values():
        mine = figures[comparison.metric.pk]
        comparison.group = group
        comparison.forces = [
            ForceFigure(area, area.pk == home.pk, mine.get(area.pk)) for area in forces
        ]
        if home.pk in mine:
            first = mine[home.pk]
            comparison.start_date, comparison.end_date = first.start_date, first.end_date
            comparison.basis = first.basis
    figured = [c for c in comparisons.values() if c.end_date is not None]
    populations = populations_for(figured)
    for comparison in figured:
        add_rates(comparison, populations)
        rank(comparison)
        comparison.significance = significance(comparison)
    return comparisons


def populations_for(comparisons):
    """The populations the comparisons of counts need, up to the latest year any ends in:
    one query, none when no count has figures."""
    counts = [c for c in comparisons if c.per_thousand]
    if not counts:
        return {}
    areas = {f.area.pk for c in counts for f in c.forces if f.observation is not None}
    return populations_of(list(areas), max(c.end_date.year for c in counts))


def add_rates(comparison, populations):
    """Each force's score: its rate per 1,000 residents for a count (None without a
    population in `populations`, metrics.rates.populations_of); its value otherwise."""
    figured = [force for force in comparison.forces if force.observation is not None]
    if not comparison.per_thousand:
        for force in figured:
            force.score = force.value
        return
    year = comparison.end_date.year
    for force in figured:
        force.rate = rate_of(force.value, force.area.pk, year, populations)
        force.score = None if force.rate is None else force.rate.value


def rank(comparison):
    """Ranks best first by the metric's direction (highest first where neither is
    better), equal scores sharing a rank; the average of the scores."""
    scored = [force for force in comparison.forces if force.score is not None]
    if not scored:
        return
    lowest_first = comparison.metric.up_is == Metric.UpIs.BAD
    scored.sort(key=lambda force: force.score, reverse=not lowest_first)
    for place, force in enumerate(scored, start=1):
        before = scored[place - 2] if place > 1 else None
        force.rank = before.rank if before and before.score == force.score else place
    comparison.forces = scored + [f for f in comparison.forces if f.score is None]
    comparison.average = sum(force.score for force in scored) / len(scored)


def significance(comparison):
    """The home force's count against the count expected of its population at the group's
    average rate, or None: only a count with its rate, beside a peer's, has one."""
    home = comparison.home
    if not comparison.per_thousand or home.rate is None or len(comparison.ranked) < 2:
        return None
    observed = int(home.value.to_integral_value())
    expected = comparison.average * home.rate.population / 1000
    p_value, method = poisson_test(observed, float(expected))
    return Significance(observed, expected, p_value, method)
