"""What a period still lacks before it can go for review, each item with its owner: the
commitments current in it that have no update or no assessment for it and, registered by
the apps that hold them, the figures with no value reported in it, the roads (KSI) tables
with no rows for it and the inspection findings still open past their due date. The
completion page, the publish confirmation, the reminders and `manage.py sendreminders` all
read it from here.

The other apps build on this one, so this one does not read their tables: each registers
the kinds of item it lacks (register_kind, from its AppConfig.ready).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from priorities.models import Assessment, Commitment, ReportingPeriod, Update


@dataclass
class MissingItem:
    """One thing missing for the period, said as the owner reads it. The admin object is
    the row to complete, or the model of a table to add rows to."""

    owner: str
    email: str
    label: str
    needs: str
    admin_object: object


@dataclass(frozen=True)
class MissingKind:
    """A kind of missing item: its place among the kinds, its key, its heading on the pages
    (with the period's {code}), what the pages say when none is missing, and how to find
    the items of a period."""

    order: int
    key: str
    title: str
    empty: str
    find: Callable[[ReportingPeriod], list]


_kinds = {}


def register_kind(kind):
    _kinds[kind.key] = kind


def kinds():
    """The registered kinds, in the order the pages list them."""
    return sorted(_kinds.values(), key=lambda kind: kind.order)


@dataclass
class Missing:
    period: ReportingPeriod
    # {kind's key: its items}, in the kinds' order.
    by_kind: dict = field(default_factory=dict)

    @property
    def items(self):
        return [item for items in self.by_kind.values() for item in items]


def missing_commitments(period):
    """Current commitments of the plans in force lacking an update or an assessment."""
    rows = (
        Commitment.objects.current_in(period)
        .in_force(period)
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


register_kind(
    MissingKind(
        10,
        "commitments",
        "Commitments without an update or an assessment",
        "Every current commitment has its update and assessment.",
        missing_commitments,
    )
)


def missing_for(period):
    return Missing(period, {kind.key: kind.find(period) for kind in kinds()})
