import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q

from priorities.models import Assessment, Commitment, Plan, Priority, ReportingPeriod, Update
from priorities.periods import parse_period_code

# Ids beyond this overflow a database integer, so they can name no row.
LARGEST_ID = 2**63 - 1


def is_id(value):
    return value.isascii() and value.isdecimal()


class IdOrKeyFilter(django_filters.CharFilter):
    """A row by its id or by its natural key (`key`: a slug, a period code)."""

    key = "slug"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [self.validate])
        super().__init__(*args, **kwargs)

    def validate(self, value):
        if is_id(value) and int(value) > LARGEST_ID:
            raise ValidationError("No row has that id.")
        if not is_id(value):
            self.check_key(value)

    def check_key(self, value):
        """Raise ValidationError when the value cannot be a key at all."""

    def filter(self, qs, value):
        if not value:
            return qs
        if is_id(value):
            return qs.filter(**{f"{self.field_name}_id": int(value)})
        return qs.filter(**{f"{self.field_name}__{self.key}": value})


class PeriodFilter(IdOrKeyFilter):
    """A reporting period by its id or its code, such as 2017-18-Q2."""

    key = "code"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "A reporting period's id or code, such as 2017-18-Q2.")
        super().__init__(*args, **kwargs)

    def check_key(self, value):
        try:
            parse_period_code(value)
        except ValueError as error:
            # Passed as a parameter: the message quotes the request, which may hold a "%".
            raise ValidationError("%(reason)s", params={"reason": str(error)}) from None


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with one `q` text search over the fields named in `search_fields`."""

    search_fields = ()
    q = django_filters.CharFilter(method="search", label="Search", help_text="Text to find.")

    def search(self, queryset, name, value):
        if not value.strip():
            return queryset
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(query)


class PlanFilterSet(SearchFilterSet):
    search_fields = ("title", "organisation")

    class Meta:
        model = Plan
        fields = ["q"]


class PriorityFilterSet(SearchFilterSet):
    search_fields = ("title", "description")
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.all())
    number = django_filters.NumberFilter(field_name="number")

    class Meta:
        model = Priority
        fields = ["plan", "number", "q"]


class CommitmentFilterSet(SearchFilterSet):
    search_fields = ("text", "lead_in", "lead")
    plan = django_filters.ModelChoiceFilter(
        field_name="priority__plan", queryset=Plan.objects.all()
    )
    priority = django_filters.NumberFilter(field_name="priority__number", label="Priority number")
    current = django_filters.BooleanFilter(
        field_name="retired_on", lookup_expr="isnull", label="Current (not retired)"
    )

    class Meta:
        model = Commitment
        fields = ["plan", "priority", "current", "q"]


class ReportingPeriodFilterSet(SearchFilterSet):
    search_fields = ("title", "code")
    status = django_filters.ChoiceFilter(choices=ReportingPeriod.Status.choices)
    financial_year = django_filters.NumberFilter(field_name="financial_year")
    code = django_filters.CharFilter(field_name="code")

    class Meta:
        model = ReportingPeriod
        fields = ["status", "financial_year", "code", "q"]


class UpdateFilterSet(SearchFilterSet):
    search_fields = ("text", "section")
    plan = django_filters.ModelChoiceFilter(
        field_name="commitment__priority__plan", queryset=Plan.objects.all()
    )
    priority = django_filters.NumberFilter(
        field_name="commitment__priority__number", label="Priority number"
    )
    commitment = django_filters.ModelChoiceFilter(queryset=Commitment.objects.all())
    period = PeriodFilter(field_name="period")
    status = django_filters.ChoiceFilter(
        field_name="period__status", choices=ReportingPeriod.Status.choices, label="Period status"
    )
    section = django_filters.CharFilter(field_name="section", lookup_expr="iexact")
    style = django_filters.ChoiceFilter(choices=Update.Style.choices)

    class Meta:
        model = Update
        fields = ["plan", "priority", "commitment", "period", "status", "section", "style", "q"]


class AssessmentFilterSet(SearchFilterSet):
    search_fields = ("reason",)
    priority = django_filters.NumberFilter(
        field_name="commitment__priority__number", label="Priority number"
    )
    commitment = django_filters.ModelChoiceFilter(queryset=Commitment.objects.all())
    period = PeriodFilter(field_name="period")
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices)

    class Meta:
        model = Assessment
        fields = ["priority", "commitment", "period", "status", "q"]
