import django_filters
from django.db.models import Q
from django.utils import timezone

from essexperf.api.filters import DateFromToRangeFilter
from inspections.models import Finding, Inspection
from priorities.filtersets import SearchFilterSet


def overdue_condition(today):
    """The rows Finding.is_overdue(today) holds for, as a query."""
    return Q(status=Finding.Status.OPEN, due_date__lt=today)


class InspectionFilterSet(SearchFilterSet):
    search_fields = ("comment",)
    pillar = django_filters.ChoiceFilter(choices=Inspection.Pillar.choices)
    year = django_filters.NumberFilter(field_name="year")
    grade = django_filters.ChoiceFilter(choices=Inspection.Grade.choices)

    class Meta:
        model = Inspection
        fields = ["pillar", "year", "grade", "q"]


class FindingFilterSet(SearchFilterSet):
    search_fields = ("text", "owner", "evidence")
    inspection = django_filters.ModelChoiceFilter(queryset=Inspection.objects.all())
    kind = django_filters.ChoiceFilter(choices=Finding.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Finding.Status.choices)
    owner = django_filters.CharFilter(field_name="owner", lookup_expr="icontains")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", help_text="Open and due before today."
    )
    due_date = DateFromToRangeFilter(
        help_text="Due on or after due_date_after and on or before due_date_before."
    )

    class Meta:
        model = Finding
        fields = ["inspection", "kind", "status", "owner", "overdue", "due_date", "q"]

    def filter_overdue(self, queryset, name, value):
        condition = overdue_condition(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)
