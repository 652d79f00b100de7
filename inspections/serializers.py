from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inspections.models import Finding, Inspection

KIND_BY_LABEL = {kind.label: kind.value for kind in Finding.Kind}


class FindingSerializer(serializers.ModelSerializer):
    """A finding, alone or within its inspection: one shape, so one schema component."""

    url = serializers.HyperlinkedIdentityField(view_name="api:finding-detail")
    overdue = serializers.SerializerMethodField(help_text="Open and due before today.")

    class Meta:
        model = Finding
        fields = [
            "id",
            "url",
            "inspection",
            "kind",
            "text",
            "owner",
            "due_date",
            "status",
            "closed_on",
            "evidence",
            "overdue",
        ]

    def get_overdue(self, finding) -> bool:
        return finding.is_overdue(timezone.localdate())


class CountMismatchSerializer(serializers.Serializer):
    # A plain string: a second component with the choices of Finding.kind would give the
    # schema's enum of kinds no name of its own.
    kind = serializers.CharField(help_text="A finding's kind, such as recommendation.")
    held = serializers.IntegerField(help_text="The count the inspection holds.")
    recorded = serializers.IntegerField(help_text="The findings of that kind recorded.")


def count_mismatches(inspection, findings):
    """Inspection.count_mismatches as a list, each kind named by its code."""
    return [
        {"kind": KIND_BY_LABEL[label], "held": held, "recorded": recorded}
        for label, (held, recorded) in inspection.count_mismatches(findings).items()
    ]


class InspectionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:inspection-detail")
    pcc_response_due = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="56 days after publication, when the PCC must respond.",
    )
    findings = FindingSerializer(many=True, read_only=True)
    count_mismatches = serializers.SerializerMethodField(
        help_text="Kinds whose count held differs from the findings recorded; empty when "
        "no findings are recorded."
    )

    class Meta:
        model = Inspection
        fields = [
            "id",
            "url",
            "pillar",
            "year",
            "grade",
            "published_on",
            "pcc_response_due",
            "next_inspection_due",
            "recommendations",
            "areas_for_improvement",
            "causes_of_concern",
            "comment",
            "findings",
            "count_mismatches",
        ]

    @extend_schema_field(CountMismatchSerializer(many=True))
    def get_count_mismatches(self, inspection):
        return CountMismatchSerializer(
            count_mismatches(inspection, inspection.findings.all()), many=True
        ).data
