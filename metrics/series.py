"""A metric's figures as a report edition knew them, for pages and charts.

A page shows a period: it shows the figures its reader may see that were stated in that
edition or an earlier one (or entered outside any edition, for dates the period had
reached), so that choosing an older period shows what was known then.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import RowNumber

from metrics.models import Area, Observation
from priorities.amendments import with_amendment

# The latest figure of a metric: the newest end date; among figures to the same day, the
# force-wide one before an area's, and the shorter span (August before the year to date).
LATEST_FIRST = [
    "-end_date",
    Case(
        When(area__kind=Area.Kind.FORCE, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    ).asc(),
    "-start_date",
    "-pk",
]


def stated_by(period):
    """Observations known by `period`, as a filter (every observation without a period)."""
    if period is None:
        return Q()
    year, quarter = period.financial_year, period.quarter
    earlier_edition = Q(reported_in__financial_year__lt=year) | Q(
        reported_in__financial_year=year, reported_in__quarter__lte=quarter
    )
    outside_editions = Q(reported_in__isnull=True, end_date__lte=period.end_date)
    return earlier_edition | outside_editions


def known_figures(user, period):
    """The observations `user` may see that were known by `period`: the home force's and its
    areas', never a peer force's (those are read only to compare, metrics.peers)."""
    return Observation.objects.visible_to(user).without_peers().filter(stated_by(period))


def known_observations(user, period):
    """The observations `user` may see that were known by `period`, each with its latest
    amendment (see priorities.amendments.with_amendment)."""
    return with_amendment(known_figures(user, period))


def latest_observations(user, period, metrics):
    """{metric id: its latest known observation} for a queryset of metrics, in one query.

    Each observation comes with its metric, area, the observation compared with and the
    edition stating it.
    """
    known = known_figures(user, period)
    newest = known.filter(metric=OuterRef("pk")).order_by(*LATEST_FIRST).values("pk")[:1]
    latest_ids = metrics.order_by().annotate(latest=Subquery(newest)).values("latest")
    chosen = known_observations(user, period).filter(pk__in=latest_ids)
    chosen = chosen.select_related("metric", "area", "compared_with", "reported_in")
    return {observation.metric_id: observation for observation in chosen}


def on_lines(lines):
    """Observations on the lines given, as a filter: each line a dict of field values, such
    as {"metric_id": 3, "area_id": 1} (every basis) or with "basis" too (one line)."""
    found = Q(pk__in=[])
    for line in lines:
        found |= Q(**line)
    return found


def newest_of_each_metric(observations, count):
    """The observations, keeping only the newest `count` of each metric, in the same query."""
    rank = Window(
        RowNumber(),
        partition_by=F("metric_id"),
        order_by=[F("end_date").desc(), F("start_date").desc(), F("pk").desc()],
    )
    return observations.annotate(rank=rank).filter(rank__lte=count)


@dataclass
class Series:
    """One line of a chart: a metric's figures for one area on one basis, oldest first."""

    area: Area
    basis: str
    observations: list = field(default_factory=list)

    @property
    def label(self):
        basis = Observation.Basis(self.basis).label
        return f"{self.area.name}, {basis[0].lower()}{basis[1:]}"


def split_into_series(observations):
    """Group observations of one metric by area and basis, oldest first within each."""
    lines = {}
    for observation in sorted(observations, key=lambda o: (o.end_date, o.start_date)):
        key = (observation.area_id, observation.basis)
        if key not in lines:
            lines[key] = Series(observation.area, observation.basis)
        lines[key].observations.append(observation)
    return list(lines.values())


def observations_by_metric(observations):
    """{metric id: [its observations]} from one list of observations of many metrics."""
    grouped = defaultdict(list)
    for observation in observations:
        grouped[observation.metric_id].append(observation)
    return grouped
