"""What a period lacks of the metrics app's rows (priorities.completion): the figures with
no value reported in it and the roads (KSI) tables with no rows for it."""

from django.db.models import Exists, OuterRef, Q

from metrics.models import KsiRoute, KsiTotal, Metric, Observation
from priorities.completion import MissingItem, MissingKind, register_kind
from priorities.models.plan import plans_in_force


def missing_metrics(period):
    """Metrics (of the plans in force, or of none) with no figure reported in the period."""
    # A peer force's figure is not the home force's: it does not fill the gap.
    reported = Observation.objects.without_peers().filter(reported_in=period, metric=OuterRef("pk"))
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


def register_kinds():
    register_kind(
        MissingKind(
            20,
            "metrics",
            "Figures without a value reported in {code}",
            "Every figure has a value reported in this period.",
            missing_metrics,
        )
    )
    register_kind(
        MissingKind(
            30,
            "ksi_tables",
            "Roads (KSI) tables with no rows for {code}",
            "Both roads tables have rows for this period.",
            missing_ksi_tables,
        )
    )
