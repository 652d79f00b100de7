from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from essexperf.api.viewsets import ReadOnlyViewSet
from essexperf.exports import Column
from inspections import filtersets
from inspections.api import serializers
from inspections.models import Finding, Inspection


def with_finding_counts(inspections):
    """Annotates `findings_count` and, for each kind, `<kind>_findings`: the findings
    recorded, counted by the database rather than read."""
    by_kind = {
        f"{kind}_findings": Count("findings", filter=Q(findings__kind=kind))
        for kind in Finding.Kind
    }
    counted = inspections.annotate(findings_count=Count("findings"), **by_kind)
    # A query that groups rows takes no default order: it is given the model's.
    return counted.order_by(*Inspection._meta.ordering)


def mismatches_text(inspection):
    """Such as "Recommendation: 3 held, 2 recorded"."""
    mismatches = inspection.count_mismatches(serializers.recorded_kinds(inspection))
    return "; ".join(
        f"{label}: {held} held, {recorded} recorded"
        for label, (held, recorded) in mismatches.items()
    )


class InspectionViewSet(ReadOnlyViewSet):
    queryset = with_finding_counts(Inspection.objects.all())
    serializer_class = serializers.InspectionSerializer
    filterset_class = filtersets.InspectionFilterSet
    ordering_fields = ["year", "pillar", "grade", "published_on", "next_inspection_due"]
    export_columns = [
        Column("Id", "id"),
        Column("Pillar", "pillar"),
        Column("Year", "year"),
        Column("Grade", "grade"),
        Column("Published on", "published_on"),
        Column("PCC response due", "pcc_response_due"),
        Column("Next inspection due", "next_inspection_due"),
        Column("Recommendations", "recommendations"),
        Column("Areas for improvement", "areas_for_improvement"),
        Column("Causes of concern", "causes_of_concern"),
        Column("Findings recorded", "findings_count"),
        Column("Counts not matching the findings", mismatches_text),
        Column("Comment", "comment"),
    ]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.InspectionDetailSerializer
        return serializers.InspectionSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            findings = Finding.objects.order_by("kind", "id")
            queryset = queryset.prefetch_related(Prefetch("findings", queryset=findings))
        return queryset


class FindingViewSet(ReadOnlyViewSet):
    queryset = Finding.objects.select_related("inspection")
    serializer_class = serializers.FindingSerializer
    filterset_class = filtersets.FindingFilterSet
    ordering_fields = ["due_date", "status", "kind", "closed_on", "inspection__year"]
    export_columns = [
        Column("Id", "id"),
        Column("Inspection", lambda row: str(row.inspection)),
        Column("Inspection id", "inspection_id"),
        Column("Kind", "kind"),
        Column("Text", "text"),
        Column("Owner", "owner"),
        Column("Due date", "due_date"),
        Column("Status", "status"),
        Column("Closed on", "closed_on"),
        Column("Overdue", lambda row: row.is_overdue(timezone.localdate())),
        Column("Evidence", "evidence"),
    ]
