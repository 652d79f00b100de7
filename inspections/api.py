from django.db.models import Prefetch
from django.utils import timezone

from essexperf.api.viewsets import ReadOnlyViewSet
from essexperf.exports import Column
from inspections import filtersets, serializers
from inspections.models import Finding, Inspection


def mismatches_text(inspection):
    """Such as "Recommendation: 3 held, 2 recorded"."""
    mismatches = inspection.count_mismatches(inspection.findings.all())
    return "; ".join(
        f"{label}: {held} held, {recorded} recorded"
        for label, (held, recorded) in mismatches.items()
    )


class InspectionViewSet(ReadOnlyViewSet):
    queryset = Inspection.objects.prefetch_related(
        Prefetch("findings", queryset=Finding.objects.order_by("kind", "id"))
    )
    serializer_class = serializers.InspectionSerializer
    filterset_class = filtersets.InspectionFilterSet
    ordering_fields = ["year", "pillar", "grade", "published_on", "next_inspection_due"]
    export_columns = [
        Column("Id", "id"),
        Column("Pillar", lambda row: row.get_pillar_display()),
        Column("Year", "year"),
        Column("Grade", lambda row: row.get_grade_display()),
        Column("Published on", "published_on"),
        Column("PCC response due", "pcc_response_due"),
        Column("Next inspection due", "next_inspection_due"),
        Column("Recommendations", "recommendations"),
        Column("Areas for improvement", "areas_for_improvement"),
        Column("Causes of concern", "causes_of_concern"),
        Column("Findings recorded", lambda row: len(row.findings.all())),
        Column("Counts not matching the findings", mismatches_text),
        Column("Comment", "comment"),
    ]


class FindingViewSet(ReadOnlyViewSet):
    queryset = Finding.objects.select_related("inspection")
    serializer_class = serializers.FindingSerializer
    filterset_class = filtersets.FindingFilterSet
    ordering_fields = ["due_date", "status", "kind", "closed_on", "inspection__year"]
    export_columns = [
        Column("Id", "id"),
        Column("Inspection", lambda row: str(row.inspection)),
        Column("Inspection id", "inspection_id"),
        Column("Kind", lambda row: row.get_kind_display()),
        Column("Text", "text"),
        Column("Owner", "owner"),
        Column("Due date", "due_date"),
        Column("Status", lambda row: row.get_status_display()),
        Column("Closed on", "closed_on"),
        Column("Overdue", lambda row: row.is_overdue(timezone.localdate())),
        Column("Evidence", "evidence"),
    ]
