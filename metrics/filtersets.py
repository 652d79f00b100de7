import django_filters

from essexperf.api.filters import DateFilter, DateFromToRangeFilter
from metrics.models import Area, KsiRoute, KsiTotal, Metric, Observation, Target
from priorities.filtersets import IdOrKeyFilter, PeriodFilter, SearchFilterSet
from priorities.models import Commitment


class IdOrSlugFilter(IdOrKeyFilter):
    """A row by its id or its slug, such as special-constable-headcount."""

    key = "slug"


# Areas, metrics and targets


class AreaFilterSet(SearchFilterSet):
    search_fields = ("name", "slug")
    kind = django_filters.ChoiceFilter(choices=Area.Kind.choices)
    parent = IdOrSlugFilter(field_name="parent", help_text="The enclosing area's id or slug.")

    class Meta:
        model = Area
        fields = ["kind", "parent", "q"]


class MetricFilterSet(SearchFilterSet):
    search_fields = ("name", "slug", "description")
    priority = django_filters.NumberFilter(field_name="priority__number", label="Priority number")
    commitment = django_filters.ModelChoiceFilter(queryset=Commitment.objects.all())
    unit = django_filters.ChoiceFilter(choices=Metric.Unit.choices)
    up_is = django_filters.ChoiceFilter(choices=Metric.UpIs.choices)
    measure = django_filters.ChoiceFilter(choices=Metric.Measure.choices)

    class Meta:
        model = Metric
        fields = ["priority", "commitment", "unit", "up_is", "measure", "q"]


class TargetFilterSet(SearchFilterSet):
    search_fields = ("note", "metric__name")
    metric = IdOrSlugFilter(field_name="metric", help_text="The metric's id or slug.")
    area = django_filters.CharFilter(field_name="area__slug", help_text="The area's slug.")
    due_date = DateFromToRangeFilter(
        help_text="Due on or after due_date_after and on or before due_date_before."
    )

    class Meta:
        model = Target
        fields = ["metric", "area", "due_date", "q"]


# Roads safety: people killed or seriously injured (KSI)


class KsiTotalFilterSet(django_filters.FilterSet):
    period = PeriodFilter(field_name="period")
    area = django_filters.CharFilter(field_name="area__slug", help_text="The area's slug.")

    class Meta:
        model = KsiTotal
        fields = ["period", "area"]


class KsiRouteFilterSet(django_filters.FilterSet):
    period = PeriodFilter(field_name="period")
    road = django_filters.CharFilter(
        field_name="road", lookup_expr="iexact", help_text="The road's number, such as M11."
    )

    class Meta:
        model = KsiRoute
        fields = ["period", "road"]


# Observations


class ObservationFilterSet(SearchFilterSet):
    search_fields = ("metric__name", "metric__slug", "area__name", "source", "caveat")
    metric = IdOrSlugFilter(field_name="metric", help_text="The metric's id or slug.")
    area = django_filters.CharFilter(field_name="area__slug", help_text="The area's slug.")
    period = PeriodFilter(
        field_name="reported_in",
        help_text="The report edition that states it: a period's id or code, such as 2017-18-Q2.",
    )
    basis = django_filters.ChoiceFilter(choices=Observation.Basis.choices)
    unit = django_filters.ChoiceFilter(field_name="metric__unit", choices=Metric.Unit.choices)
    # `from` and `to` are Python keywords, so they are declared through the class namespace.
    locals()["from"] = DateFilter(
        field_name="end_date", lookup_expr="gte", help_text="Ending on or after this date."
    )
    locals()["to"] = DateFilter(
        field_name="end_date", lookup_expr="lte", help_text="Ending on or before this date."
    )

    class Meta:
        model = Observation
        fields = ["metric", "area", "period", "basis", "unit", "from", "to", "q"]
