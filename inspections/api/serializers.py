from django.utils import timezone
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse
from rest_framework.utils.urls import replace_query_param

from essexperf.api.serializers import QuickModelSerializer
from inspections.models import Finding, Inspection

KIND_BY_LABEL = {kind.label: kind.value for kind in Finding.Kind}


class FindingSerializer(QuickModelSerializer):
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


def recorded_kinds(inspection):
    """The inspection's findings as Inspection.count_mismatches reads them, by their kind
    alone, from the counts of each kind annotated by the view (inspections.api.views)."""
    return [
        finding
        for kind in Finding.Kind
        for finding in [Finding(kind=kind)] * getattr(inspection, f"{kind}_findings")
    ]


@extend_schema_field(OpenApiTypes.URI)
class FindingsLinkField(serializers.Field):
    """The findings list narrowed to the inspection's findings."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, inspection):
        return replace_query_param(self.findings_url, "inspection", inspection.pk)

    @cached_property
    def findings_url(self):
        return reverse("api:finding-list", request=self.context["request"])


class InspectionSerializer(QuickModelSerializer):
    """An inspection with the number of its findings and a link to them: their text may be
    long and their number large, so a list of inspections does not hold them."""

    url = serializers.HyperlinkedIdentityField(view_name="api:inspection-detail")
    pcc_response_due = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="56 days after publication, when the PCC must respond.",
    )
    findings_count = serializers.IntegerField(
        read_only=True, help_text="How many findings are recorded: findings_url lists them."
    )
    findings_url = FindingsLinkField(help_text="The list of its findings.")
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
            "findings_count",
            "findings_url",
            "count_mismatches",
        ]

    @extend_schema_field(CountMismatchSerializer(many=True))
    def get_count_mismatches(self, inspection):
        return count_mismatches(inspection, recorded_kinds(inspection))


class InspectionDetailSerializer(InspectionSerializer):
    """An inspection with its findings themselves."""

    findings = FindingSerializer(many=True, read_only=True)

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "findings"]
