"""Areas, metrics and targets through the API."""

from essexperf.api.viewsets import ReadOnlyViewSet
from essexperf.exports import Column
from metrics import filtersets
from metrics.api import serializers
from metrics.change import change_on_previous
from metrics.latest import latest_observation, with_latest_observation
from metrics.models import Area, Metric, Observation, Target
from metrics.presentation import summary_on_previous


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
