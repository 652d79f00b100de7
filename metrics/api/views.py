"""Areas, metrics and targets through the API."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from essexperf.api.viewsets import ReadOnlyViewSet
from essexperf.exports import Column
from metrics import filtersets
from metrics.api import serializers
from metrics.api.peer_serializers import comparison_data, period_asked
from metrics.api.spc import chosen_area, chosen_basis, process_answer
from metrics.change import change_on_previous
from metrics.latest import latest_observation, with_latest_observation
from metrics.models import Area, Metric, Observation, Target
from metrics.peers import compare_with_peers
from metrics.presentation import summary_on_previous
from metrics.process import process_of
from priorities.selection import choose_period


def latest_change(row):
    return change_on_previous(latest_observation(row))


def latest_summary(row):
    return summary_on_previous(latest_observation(row))


def latest_column(header, read, choices=None):
    """A column of the latest observation, empty for a metric without one."""
    return Column(
        header,
        lambda row: None if latest_observation(row) is None else read(latest_observation(row)),
        choices,
    )


def change_column(header, read, change_of=latest_change):
    """A column of a change, read(change, row): by default the metric's latest observation's;
    empty without one."""

    def value(row):
        change = change_of(row)
        return None if change is None else read(change, row)

    return Column(header, value)


def significance_columns(summary_of):
    """The columns of a change's significance, from summary_of(row), a change in words
    (metrics.presentation.ChangeSummary); empty without a change."""

    def column(header, read):
        def value(row):
            summary = summary_of(row)
            return None if summary is None else read(summary)

        return Column(header, value)

    return [
        column("Change in words", lambda summary: summary.words),
        column("Test", lambda summary: summary.significance.test),
        column("Significant", lambda summary: summary.significance.significant),
        column("P value", lambda summary: summary.significance.shown_p_value),
        column("Interval low", lambda summary: summary.significance.shown_interval[0]),
        column("Interval high", lambda summary: summary.significance.shown_interval[1]),
    ]


class AreaViewSet(ReadOnlyViewSet):
    queryset = Area.objects.select_related("parent")
    serializer_class = serializers.AreaSerializer
    filterset_class = filtersets.AreaFilterSet
    ordering_fields = ["name", "kind", "slug"]
    export_columns = [
        Column("Id", "id"),
        Column("Slug", "slug"),
        Column("Name", "name"),
        Column("Kind", "kind"),
        Column("Within", "parent.name"),
    ]


class MetricViewSet(ReadOnlyViewSet):
    queryset = Metric.objects.select_related("priority", "commitment__priority")
    serializer_class = serializers.MetricSerializer
    filterset_class = filtersets.MetricFilterSet
    ordering_fields = ["name", "slug", "priority__number", "unit"]
    export_columns = [
        Column("Id", "id"),
        Column("Slug", "slug"),
        Column("Name", "name"),
        Column("Unit", "unit"),
        Column("Up is", "up_is"),
        Column("Measure", "measure"),
        Column("Priority", "priority.number"),
        Column("Commitment", lambda row: row.commitment.reference if row.commitment else None),
        latest_column("Latest value", lambda obs: obs.value),
        latest_column("Latest from", lambda obs: obs.start_date),
        latest_column("Latest to", lambda obs: obs.end_date),
        latest_column("Latest area", lambda obs: obs.area.name),
        latest_column("Latest basis", lambda obs: obs.basis, Observation.Basis),
        latest_column("Data to", lambda obs: obs.data_to),
        change_column("Compared with", lambda change, row: change.previous),
        change_column("Difference", lambda change, row: change.difference),
        change_column("Change (%)", lambda change, row: change.percent),
        change_column("Direction", lambda change, row: change.direction),
        change_column("Judgement", lambda change, row: change.judgement(row.up_is)),
        *significance_columns(latest_summary),
    ]

    def get_queryset(self):
        # Which observation is the latest depends on the reader: drafts count only for staff.
        return with_latest_observation(super().get_queryset(), self.request.user)

    @extend_schema(
        summary="The metric's process (XmR) chart for an area",
        description="The figures of one area, basis and span as the metric's page charts "
        "them: each segment's mean and process limits (a recalculation point starts a "
        "segment), each point's signal and the rules that fired, the variation of the "
        "series (its latest point's) and the assurance of the target. With fewer than 12 "
        "points there are no segments, and `message` says so.",
        parameters=[
            OpenApiParameter("area", str, description="An area's slug; the headline area."),
            OpenApiParameter("basis", str, enum=Observation.Basis.values),
            OpenApiParameter("period", str, description="A period's code; the latest."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(
        detail=False,
        url_path=r"(?P<slug>[-\w]+)/spc",
        url_name="spc",
        renderer_classes=[JSONRenderer],
        filter_backends=[],
        pagination_class=None,
    )
    def spc(self, request, slug=None):
        user = request.user
        metric = get_object_or_404(Metric.objects.visible_to(user), slug=slug)
        basis = chosen_basis(request)
        period = choose_period(request).period
        area = chosen_area(request, user, period, metric)
        process = process_of(user, period, metric, area, basis)
        return Response(process_answer(metric, process))

    @extend_schema(
        summary="The metric in the home force and its peer forces",
        description="For the period's latest span the home force has a figure for: each "
        "force's figure, population and rate per 1,000 residents (for a count), its rank "
        "(1 is best by the metric's direction), the group average, and whether the home "
        "force's count differs significantly from the count expected at that average.",
        parameters=[
            OpenApiParameter("period", str, required=True, description="Such as 2017-18-Q2.")
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(
        detail=False,
        url_path=r"(?P<slug>[-a-zA-Z0-9_]{1,100})/peers",
        url_name="peers",
        renderer_classes=[JSONRenderer],
        filter_backends=[],
        pagination_class=None,
    )
    def peers(self, request, slug):
        """Five queries: the metric, the period, then the three of metrics.peers."""
        metric = get_object_or_404(Metric.objects.visible_to(request.user), slug=slug)
        period = period_asked(request)
        return Response(comparison_data(compare_with_peers(request.user, metric, period)))


class TargetViewSet(ReadOnlyViewSet):
    queryset = Target.objects.select_related("metric", "area")
    serializer_class = serializers.TargetSerializer
    filterset_class = filtersets.TargetFilterSet
    ordering_fields = ["due_date", "value", "metric__name"]
    export_columns = [
        Column("Id", "id"),
        Column("Metric", "metric.name"),
        Column("Metric slug", "metric.slug"),
        Column("Unit", "metric.unit"),
        Column("Area", "area.name"),
        Column("Value", "value"),
        Column("Due date", "due_date"),
        Column("Note", "note"),
    ]
