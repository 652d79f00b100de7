from django.db.models import CharField, OuterRef, Prefetch, Value
from django.db.models.functions import Concat, JSONObject
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework.exceptions import NotFound

from essexperf.api.aggregates import JoinedText, JSONList
from essexperf.api.viewsets import ReadOnlyViewSet
from essexperf.exports import Column
from priorities import filtersets
from priorities.amendments import (
    AMENDMENT_COLUMNS,
    amendment_list_of,
    with_amendment,
    with_amendment_list,
)
from priorities.api import serializers
from priorities.filtersets import LARGEST_ID, is_id
from priorities.models import (
    Assessment,
    Commitment,
    Footnote,
    Plan,
    Priority,
    ReportingPeriod,
    Update,
)

PERIOD_COLUMNS = [
    Column("Period", "period.code"),
    Column("Period status", "period.status"),
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
    queryset = Commitment.objects.select_related("priority")
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


PERIOD_REFERENCE = OpenApiParameter(
    "id",
    str,
    OpenApiParameter.PATH,
    description="The period's id, or its code such as 2017-18-Q2.",
)


@extend_schema_view(retrieve=extend_schema(parameters=[PERIOD_REFERENCE]))
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
        Column("Status", "status"),
        Column("Published on", "published_on"),
        Column("Protective marking", "protective_marking"),
    ]

    def get_object(self):
        """The period named by its id or by its code."""
        reference = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if is_id(reference):
            found = {"pk": int(reference)} if int(reference) <= LARGEST_ID else {"pk__in": []}
        else:
            found = {"code": reference}
        period = self.filter_queryset(self.get_queryset()).filter(**found).first()
        if period is None:
            # The same answer for a draft the reader may not see: it does not exist for them.
            raise NotFound(f"There is no reporting period {reference}.")
        self.check_object_permissions(self.request, period)
        return period


def footnotes_of_update():
    return Footnote.objects.filter(update=OuterRef("pk"))


def with_footnotes(updates):
    """Annotates `footnote_list`: the update's footnotes, in order, as a list of objects
    of their number, text and amendments, read with the update in one query (a prefetch would be a
    second query, and cost more than the first on a page of fifty)."""
    each = JSONObject(number="number", text="text", amendments=amendment_list_of(Footnote))
    return updates.annotate(footnote_list=JSONList(footnotes_of_update(), each, "number"))


def with_footnotes_text(updates):
    """Annotates `footnotes_text`, such as "[1] Primary call handling. [2] ...": a download's
    rows carry their footnotes in one query, however many rows (a prefetch would be a query
    per chunk of rows)."""
    numbered = Concat(Value("["), "number", Value("] "), "text", output_field=CharField())
    return updates.annotate(footnotes_text=JoinedText(footnotes_of_update(), numbered, "number"))


class UpdateViewSet(ReadOnlyViewSet):
    queryset = Update.objects.select_related("commitment__priority", "period")
    serializer_class = serializers.UpdateSerializer
    filterset_class = filtersets.UpdateFilterSet
    ordering_fields = ["order", "commitment__priority__number", "commitment__order", "section"]
    export_columns = [
        Column("Id", "id"),
        *PERIOD_COLUMNS,
        *COMMITMENT_COLUMNS,
        Column("Section", "section"),
        Column("Order", "order"),
        Column("Style", "style"),
        Column("Text", "text"),
        Column("Footnotes", "footnotes_text"),
        *AMENDMENT_COLUMNS,
    ]

    @staticmethod
    def export_rows(updates):
        return with_amendment(with_footnotes_text(updates))

    def get_queryset(self):
        queryset = super().get_queryset()
        # A download reads the footnotes and amendments as text instead (export_rows).
        return queryset if self.exporting else with_amendment_list(with_footnotes(queryset))


class AssessmentViewSet(ReadOnlyViewSet):
    queryset = Assessment.objects.select_related("commitment__priority", "period")
    serializer_class = serializers.AssessmentSerializer
    filterset_class = filtersets.AssessmentFilterSet
    ordering_fields = ["status", "commitment__priority__number", "commitment__order"]
    export_columns = [
        Column("Id", "id"),
        *PERIOD_COLUMNS,
        *COMMITMENT_COLUMNS,
        Column("Status", "status"),
        Column("Reason", "reason"),
        *AMENDMENT_COLUMNS,
    ]

    export_rows = staticmethod(with_amendment)

    def get_queryset(self):
        queryset = super().get_queryset()
        # A download reads the latest amendment's reason instead (export_rows).
        return queryset if self.exporting else with_amendment_list(queryset)
