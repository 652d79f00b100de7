import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.fields import DateRangeField, RangeField
from django_filters.rest_framework import DjangoFilterBackend

from essexperf.dates import WRITE_IT, NotARealDate, parse_iso_date, validate_within_range

# Query parameters of a list that select no rows: its page, their size, order and format.
NOT_FILTERS = frozenset({"page", "page_size", "cursor", "ordering", "format"})


class FilterSetBackend(DjangoFilterBackend):
    """django-filter's backend, skipped for a request that sends no filter: building and
    checking the FilterSet's form costs more than reading a small page, and none of the
    FilterSets narrows anything without a value."""

    def filter_queryset(self, request, queryset, view):
        if NOT_FILTERS.issuperset(request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


class RealDateField(forms.DateField):
    """A date filter's value: one that names no day (2018-02-31) is told so, apart from one
    not written as a date (essexperf.dates); one outside the range the site keeps is told the
    range."""

    default_error_messages = {"invalid": f"Not a date: {WRITE_IT}."}
    default_validators = [validate_within_range]

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            try:
                parse_iso_date(value.strip())
            except NotARealDate as error:
                # Passed as a parameter: the message quotes the request, which may hold a "%".
                raise ValidationError("%(reason)s", params={"reason": str(error)}) from None
            except ValueError:
                pass
            raise


class RealDateRangeField(DateRangeField):
    def __init__(self, *args, **kwargs):
        RangeField.__init__(self, (RealDateField(), RealDateField()), *args, **kwargs)


class DateFilter(django_filters.DateFilter):
    field_class = RealDateField


class DateFromToRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = RealDateRangeField
