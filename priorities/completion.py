"""What a period still lacks before it can go for review: the commitments current in it that
have no update or no assessment for it, the figures with no value reported in it, the roads
(KSI) tables with no rows for it, and the inspection findings still open past their due
date, each with its owner. The completion page, the publish confirmation, the reminders
and `manage.py sendreminders` all read it from here: this module is where the report's
parts from metrics and inspections are composed, so priorities' other modules need not.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from inspections.filtersets import overdue_condition
from inspections.models import Finding
from metrics.models import KsiRoute, KsiTotal, Metric, Observation
from priorities.models import Assessment, Commitment, ReportingPeriod, Update
from priorities.selection import current_in, plans_in_force


@dataclass
class MissingItem:
    """One thing missing for the period, said as the owner reads it. The admin object is
    the row to complete, or the model of a table to add rows to."""

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
    ksi_tables: list = field(default_factory=list)
    findings: list = field(default_factory=list)

    @property
    def items(self):
        return [*self.commitments, *self.metrics, *self.ksi_tables, *self.findings]


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


KSI_TABLES = [(KsiTotal, "Roads: KSI totals by area"), (KsiRoute, "Roads: KSI routes table")]


def missing_ksi_tables(period):
    """The report's roads tables with no row for the period. They name no owner: the office
    enters them from the roads partnership's return."""
    return [
        MissingItem(owner="", email="", label=label, needs="its rows", admin_object=model)
        for model, label in KSI_TABLES
        if not model.objects.filter(period=period).exists()
    ]


def missing_findings(today):
    """Inspection findings still open after their due date (as the findings tracker has it:
    overdue today), whatever the period, since the report prints where they stand."""
    rows = Finding.objects.filter(overdue_condition(today)).select_related("inspection")
    return [
        MissingItem(
            owner=row.owner,
            email="",
            label=f"Finding: {row}",
            needs=f"closing, or a new due date (it was due {row.due_date:%-d %B %Y})",
            admin_object=row,
        )
        for row in rows.order_by("due_date", "pk")
    ]


def missing_for(period):
    return Missing(
        period,
        missing_commitments(period),
        missing_metrics(period),
        missing_ksi_tables(period),
        missing_findings(timezone.localdate()),
    )
