"""Roads safety through the API: people killed or seriously injured (KSI)."""

import datetime
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, TextField
from django.db.models.functions import Cast, JSONObject

from essexperf.api.aggregates import JSONList
from essexperf.api.viewsets import ReadOnlyViewSet
from essexperf.exports import Column
from metrics import filtersets
from metrics.api import roads_serializers
from metrics.api.views import significance_columns
from metrics.models import KsiDistrict, KsiPeakTime, KsiRoute, KsiTotal, KsiVulnerableGroup
from metrics.presentation import ksi_summary
from priorities.amendments import AMENDMENT_COLUMNS, with_amendment, with_amendment_list

PERIOD_COLUMNS = [
    Column("Period", "period.code"),
    Column("Period status", "period.status"),
]


class KsiTotalViewSet(ReadOnlyViewSet):
    # A computed row names its import and the import's source, in the same query; the
    # period's districts come in one more, however many totals.
    queryset = KsiTotal.objects.select_related(
        "period", "area", "computed_from__source"
    ).prefetch_related(
        Prefetch("period__ksi_districts", queryset=KsiDistrict.objects.order_by("order"))
    )
    serializer_class = roads_serializers.KsiTotalSerializer
    filterset_class = filtersets.KsiTotalFilterSet
    ordering_fields = ["end_date", "start_date", "casualties", "area__name"]
    export_columns = [
        Column("Id", "id"),
        *PERIOD_COLUMNS,
        Column("Area", "area.name"),
        Column("Start date", "start_date"),
        Column("End date", "end_date"),
        Column("Casualties", "casualties"),
        Column("Casualties a year before", "casualties_year_before"),
        Column("Difference", lambda row: row.change().difference),
        Column("Change (%)", lambda row: row.change().percent),
        Column("Direction", lambda row: row.change().direction),
        *significance_columns(ksi_summary),
        Column("Note", "note"),
        *AMENDMENT_COLUMNS,
    ]

    export_rows = staticmethod(with_amendment)

    def get_queryset(self):
        queryset = super().get_queryset()
        # A download reads the latest amendment's reason instead (export_rows).
        return queryset if self.exporting else with_amendment_list(queryset)


def with_details_listed(routes):
    """Annotates `group_list` and `peak_time_list`: the figures of a route's vulnerable
    groups and peak times, so that a download's routes carry them in one query however
    many routes (prefetches would be two queries more for every chunk of routes)."""
    of_route = {"route": OuterRef("pk")}
    group = JSONObject(group="group", percent=Cast("percent", output_field=TextField()))
    peak_time = JSONObject(days="days", start_time="start_time", end_time="end_time")
    return routes.prefetch_related(None).annotate(
        group_list=JSONList(KsiVulnerableGroup.objects.filter(**of_route), group, "order", "id"),
        peak_time_list=JSONList(KsiPeakTime.objects.filter(**of_route), peak_time, "id"),
    )


def groups_text(route):
    """Such as "42% Motorcyclists; 20% Pedal cyclists", as the groups name themselves."""
    groups = (
        KsiVulnerableGroup(group=figures["group"], percent=Decimal(figures["percent"]))
        for figures in route.group_list
    )
    return "; ".join(map(str, groups))


def clock(text):
    return None if text is None else datetime.time.fromisoformat(text)


def peak_times_text(route):
    """Such as "Weekdays 0700 - 0900; Saturday", as the peak times name themselves."""
    times = (
        KsiPeakTime(
            days=t["days"], start_time=clock(t["start_time"]), end_time=clock(t["end_time"])
        )
        for t in route.peak_time_list
    )
    return "; ".join(map(str, times))


class KsiRouteViewSet(ReadOnlyViewSet):
    queryset = KsiRoute.objects.select_related("period", "computed_from__source").prefetch_related(
        Prefetch(
            "vulnerable_groups",
            queryset=with_amendment_list(KsiVulnerableGroup.objects.order_by("order", "id")),
        ),
        Prefetch("peak_times", queryset=with_amendment_list(KsiPeakTime.objects.order_by("id"))),
    )
    serializer_class = roads_serializers.KsiRouteSerializer
    filterset_class = filtersets.KsiRouteFilterSet
    ordering_fields = ["order", "road", "collisions_last_3_months", "increase_on_5_year_average"]
    export_columns = [
        Column("Id", "id"),
        *PERIOD_COLUMNS,
        Column("Order", "order"),
        Column("Road", "road"),
        Column("Collisions in the last 3 months", "collisions_last_3_months"),
        Column("Increase on 5-year average (%)", "increase_on_5_year_average"),
        Column("Vulnerable road users", groups_text),
        Column("Peak times", peak_times_text),
        *AMENDMENT_COLUMNS,
    ]

    @staticmethod
    def export_rows(routes):
        return with_amendment(with_details_listed(routes))

    def get_queryset(self):
        queryset = super().get_queryset()
        # A download reads the latest amendment's reason instead (export_rows).
        return queryset if self.exporting else with_amendment_list(queryset)
