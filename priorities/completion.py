"""What a period still lacks before it can go for review: the commitments current in it that
have no update or no assessment for it, and the figures with no value reported in it, each
with its owner. The completion page and `manage.py sendreminders` both read it from here.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from metrics.models import Metric, Observation
from priorities.models import Assessment, Commitment, ReportingPeriod, Update
from priorities.selection import current_in, plans_in_force


@dataclass
class MissingItem:
    """One thing missing for the period, said as the owner reads it."""

    owner: str
    email: str
    label: str
    needs: str
    admin_object: object


@dataclass
class Missing:
    period: ReportingPeriod
    commitments: list = field(default_factory=list)
    metrics: list = field(default_factory=list)

    @property
    def items(self):
        return [*self.commitments, *self.metrics]


def missing_commitments(period):
    """Current commitments of the plans in force lacking an update or an assessment."""
    rows = (
        Commitment.objects.filter(current_in(period), plans_in_force(period, "priority__plan__"))
        .annotate(
            has_update=Exists(Update.objects.filter(period=period, commitment=OuterRef("pk"))),
            has_assessment=Exists(
                Assessment.objects.filter(period=period, commitment=OuterRef("pk"))
            ),
        )
        .filter(Q(has_update=False) | Q(has_assessment=False))
        .select_related("priority")
        .order_by("priority__number", "order")
    )
    return [
        MissingItem(
            owner=row.lead,
            email=row.lead_email,
            label=f"Commitment {row.reference}: {row.text}",
            needs=needs_of(row),
            admin_object=row,
        )
        for row in rows
    ]


def needs_of(commitment):
    lacking = [("an update", commitment.has_update), ("an assessment", commitment.has_assessment)]
    return " and ".join(need for need, present in lacking if not present)


def missing_metrics(period):
    """Metrics (of the plans in force, or of none) with no figure reported in the period."""
    reported = Observation.objects.filter(reported_in=period, metric=OuterRef("pk"))
    in_force = Q(priority__isnull=True) | plans_in_force(period, "priority__plan__")
    rows = Metric.objects.filter(in_force).exclude(Exists(reported)).order_by("name")
    return [
        MissingItem(
            owner=row.owner,
            email=row.owner_email,
            label=f"Figure: {row.name}",
            needs="a figure",
            admin_object=row,
        )
        for row in rows
    ]


def missing_for(period):
    return Missing(period, missing_commitments(period), missing_metrics(period))
