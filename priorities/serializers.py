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
    class Meta:
        model = Footnote
        fields = ["number", "text"]


class UpdateSerializer(QuickModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:update-detail")
    commitment = CommitmentSummarySerializer(read_only=True)
    priority_number = serializers.IntegerField(source="commitment.priority.number", read_only=True)
    period = PeriodSummarySerializer(read_only=True)
    # Their number and text, which the view reads with the update (priorities.api).
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
        ]


class AssessmentSerializer(QuickModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:assessment-detail")
    commitment = CommitmentSummarySerializer(read_only=True)
    priority_number = serializers.IntegerField(source="commitment.priority.number", read_only=True)
    period = PeriodSummarySerializer(read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "url", "commitment", "priority_number", "period", "status", "reason"]
