from django.db.models import Prefetch

from essexperf.api.viewsets import ReadOnlyViewSet
from essexperf.exports import Column
from priorities import filtersets, serializers
from priorities.models import Assessment, Commitment, Plan, Priority, ReportingPeriod, Update

PERIOD_COLUMNS = [
    Column("Period", "period.code"),
    Column("Period status", lambda row: row.period.get_status_display()),
]
COMMITMENT_COLUMNS = [
    Column("Priority", "commitment.priority.number"),
    Column("Commitment", "commitment.reference"),
    Column("Commitment text", "commitment.text"),
]


class PlanViewSet(ReadOnlyViewSet):
    queryset = Plan.objects.all()
    serializer_class = serializers.PlanSerializer
    filterset_class = filtersets.PlanFilterSet
    ordering_fields = ["title", "start_date"]
    export_columns = [
        Column("Id", "id"),
        Column("Title", "title"),
        Column("Organisation", "organisation"),
        Column("Start date", "start_date"),
        Column("End date", "end_date"),
    ]


class PriorityViewSet(ReadOnlyViewSet):
    queryset = Priority.objects.select_related("plan").prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.order_by("order", "id"))
    )
    serializer_class = serializers.PrioritySerializer
    filterset_class = filtersets.PriorityFilterSet
    ordering_fields = ["number", "title"]
    export_columns = [
        Column("Id", "id"),
        Column("Plan", "plan.title"),
        Column("Number", "number"),
        Column("Title", "title"),
        Column("Description", "description"),
        Column("Commitments", lambda row: len(row.commitments.all())),
    ]


class CommitmentViewSet(ReadOnlyViewSet):
    queryset = Commitment.objects.select_related("priority__plan")
    serializer_class = serializers.CommitmentSerializer
    filterset_class = filtersets.CommitmentFilterSet
    ordering_fields = ["order", "priority__number", "retired_on"]
    export_columns = [
        Column("Id", "id"),
        Column("Reference", "reference"),
        Column("Priority", "priority.number"),
        Column("Priority title", "priority.title"),
        Column("Lead-in", "lead_in"),
        Column("Text", "text"),
        Column("Lead", "lead"),
        Column("Retired on", "retired_on"),
        Column("Replaces", "replaces_id"),
    ]


class ReportingPeriodViewSet(ReadOnlyViewSet):
    queryset = ReportingPeriod.objects.all()
    serializer_class = serializers.ReportingPeriodSerializer
    filterset_class = filtersets.ReportingPeriodFilterSet
    ordering_fields = ["start_date", "code", "published_on"]
    export_columns = [
        Column("Id", "id"),
        Column("Code", "code"),
        Column("Title", "title"),
        Column("Start date", "start_date"),
        Column("End date", "end_date"),
        Column("Data to", "data_to"),
        Column("Status", lambda row: row.get_status_display()),
        Column("Published on", "published_on"),
        Column("Protective marking", "protective_marking"),
    ]


class UpdateViewSet(ReadOnlyViewSet):
    queryset = Update.objects.select_related("commitment__priority", "period").prefetch_related(
        "footnotes"
    )
    serializer_class = serializers.UpdateSerializer
    filterset_class = filtersets.UpdateFilterSet
    ordering_fields = ["order", "commitment__priority__number", "commitment__order", "section"]
    export_columns = [
        Column("Id", "id"),
        *PERIOD_COLUMNS,
        *COMMITMENT_COLUMNS,
        Column("Section", "section"),
        Column("Order", "order"),
        Column("Style", lambda row: row.get_style_display()),
        Column("Text", "text"),
        Column(
            "Footnotes",
            lambda row: " ".join(f"[{f.number}] {f.text}" for f in row.footnotes.all()),
        ),
    ]


class AssessmentViewSet(ReadOnlyViewSet):
    queryset = Assessment.objects.select_related("commitment__priority", "period")
    serializer_class = serializers.AssessmentSerializer
    filterset_class = filtersets.AssessmentFilterSet
    ordering_fields = ["status", "commitment__priority__number", "commitment__order"]
    export_columns = [
        Column("Id", "id"),
        *PERIOD_COLUMNS,
        *COMMITMENT_COLUMNS,
        Column("Status", lambda row: row.get_status_display()),
        Column("Reason", "reason"),
    ]
