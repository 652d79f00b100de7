import datetime
import json

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from essexperf.api.serializers import QuickModelSerializer
from priorities.models import (
    Assessment,
    Commitment,
    Footnote,
    Plan,
    Priority,
    ReportingPeriod,
    Update,
)


class GatheredDateTimeField(serializers.DateTimeField):
    """A time gathered by the database into a JSON list: text in the database's own form
    (UTC), answered as every other time of the API is."""

    def to_representation(self, value):
        if isinstance(value, str):
            value = parse_datetime(value)
            if timezone.is_naive(value):
                value = timezone.make_aware(value, datetime.UTC)
        return super().to_representation(value)


class AmendmentChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The name of the field corrected.")
    before = serializers.CharField(allow_null=True, help_text="Its value as published.")
    after = serializers.CharField(allow_null=True, help_text="Its value as corrected.")


def stored(value, empty):
    """A JSON value gathered by the database, which may hand a nested one over as its text
    (SQLite); `empty` for none."""
    return json.loads(value) if isinstance(value, str) else value or empty


class AmendmentSerializer(serializers.Serializer):
    """A correction to a row of a published period (priorities.amendments)."""

    amended_at = GatheredDateTimeField()
    amended_by = serializers.CharField(help_text="The approver who amended it.")
    reason = serializers.CharField()
    changes = serializers.SerializerMethodField(help_text="Each value corrected.")

    @extend_schema_field(AmendmentChangeSerializer(many=True))
    def get_changes(self, amendment):
        before, after = stored(amendment["before"], {}), stored(amendment["after"], {})
        return [
            {"field": name, "before": before.get(name), "after": after.get(name)}
            for name in sorted(set(before) | set(after))
        ]


class AmendedSerializer(QuickModelSerializer):
    """A row that may be amended after its period is published. Reads `amendment_list`,
    annotated by priorities.amendments.with_amendment_list."""

    amended = serializers.SerializerMethodField(
        help_text="Whether the row was corrected after its period was published."
    )
    amendments = AmendmentSerializer(
        many=True, read_only=True, source="amendment_list", help_text="Oldest first."
    )

    def get_amended(self, row) -> bool:
        return bool(row.amendment_list)


class PlanSerializer(QuickModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:plan-detail")

    class Meta:
        model = Plan
        fields = ["id", "url", "title", "organisation", "start_date", "end_date"]


class CommitmentSummarySerializer(QuickModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:commitment-detail")

    class Meta:
        model = Commitment
        fields = ["id", "url", "reference", "lead_in", "text", "order", "lead", "retired_on"]


class PrioritySummarySerializer(QuickModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:priority-detail")

    class Meta:
        model = Priority
        fields = ["id", "url", "number", "title"]


class PeriodSummarySerializer(QuickModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:period-detail")

    class Meta:
        model = ReportingPeriod
        fields = ["id", "url", "code", "title", "status"]


class PrioritySerializer(QuickModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:priority-detail")
    commitments = CommitmentSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Priority
        fields = ["id", "url", "plan", "number", "title", "description", "commitments"]


class CommitmentSerializer(QuickModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:commitment-detail")
    priority = PrioritySummarySerializer(read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "url",
            "reference",
            "priority",
            "lead_in",
            "text",
            "order",
            "lead",
            "retired_on",
            "replaces",
        ]


class ReportingPeriodSerializer(QuickModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:period-detail")

    class Meta:
        model = ReportingPeriod
        fields = [
            "id",
            "url",
            "code",
            "financial_year",
            "quarter",
            "start_date",
            "end_date",
            "data_to",
            "title",
            "status",
            "published_on",
            "protective_marking",
        ]


class FootnoteSerializer(QuickModelSerializer):
    """A footnote as read with its update, a mapping (priorities.api.views.with_footnotes)."""

    amended = serializers.SerializerMethodField(
        help_text="Whether the footnote was corrected after its period was published."
    )
    amendments = serializers.SerializerMethodField(help_text="Oldest first.")

    class Meta:
        model = Footnote
        fields = ["number", "text", "amended", "amendments"]

    def get_amended(self, footnote) -> bool:
        return bool(stored(footnote["amendments"], []))

    @extend_schema_field(AmendmentSerializer(many=True))
    def get_amendments(self, footnote):
        return AmendmentSerializer(stored(footnote["amendments"], []), many=True).data


class UpdateSerializer(AmendedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:update-detail")
    commitment = CommitmentSummarySerializer(read_only=True)
    priority_number = serializers.IntegerField(source="commitment.priority.number", read_only=True)
    period = PeriodSummarySerializer(read_only=True)
    # Their number and text, which the view reads with the update (priorities.api.views).
    footnotes = FootnoteSerializer(many=True, read_only=True, source="footnote_list")

    class Meta:
        model = Update
        fields = [
            "id",
            "url",
            "commitment",
            "priority_number",
            "period",
            "section",
            "order",
            "style",
            "text",
            "footnotes",
            "amended",
            "amendments",
        ]


class AssessmentSerializer(AmendedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:assessment-detail")
    commitment = CommitmentSummarySerializer(read_only=True)
    priority_number = serializers.IntegerField(source="commitment.priority.number", read_only=True)
    period = PeriodSummarySerializer(read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "url",
            "commitment",
            "priority_number",
            "period",
            "status",
            "reason",
            "amended",
            "amendments",
        ]
