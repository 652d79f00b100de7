"""What a period lacks of the inspections app's rows (priorities.completion): the findings
still open past their due date."""

from django.utils import timezone

from inspections.filtersets import overdue_condition
from inspections.models import Finding
from priorities.completion import MissingItem, MissingKind, register_kind


def missing_findings(period):
    """Inspection findings still open after their due date (as the findings tracker has it:
    overdue today), whatever the period, since the report prints where they stand."""
    rows = Finding.objects.filter(overdue_condition(timezone.localdate()))
    return [
        MissingItem(
            owner=row.owner,
            email="",
            label=f"Finding: {row}",
            needs=f"closing, or a new due date (it was due {row.due_date:%-d %B %Y})",
            admin_object=row,
        )
        for row in rows.select_related("inspection").order_by("due_date", "pk")
    ]


def register_kinds():
    register_kind(
        MissingKind(
            40,
            "findings",
            "Inspection findings open past their due date",
            "No open finding is past its due date.",
            missing_findings,
        )
    )
