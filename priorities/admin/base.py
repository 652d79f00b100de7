"""What every admin page of a report edition's rows shares: the guards of the freeze and the
versions, the audit trail's history, and the filters and columns of the plan's lists."""

import re

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.utils.text import Truncator

from essexperf.audit.admin import ObjectChangeHistoryMixin
from priorities.admin.guards import GuardedAdminMixin, GuardedInlineMixin
from priorities.forms import ConstraintsAtFieldsForm
from priorities.models import (
    ReportingPeriod,
)

REFERENCE = re.compile(r"^(?P<number>\d+)\.(?P<order>\d+)$")


class CalendarSafeChangeList(ChangeList):
    """A change list whose date drill-down to the calendar's last year, month or day (which
    a date stored before its range was checked offers) is refused as any bad filter is:
    Django works out the day after the one chosen, which does not exist."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class EntryAdmin(ObjectChangeHistoryMixin, GuardedAdminMixin, admin.ModelAdmin):
    """Base of the project's model admins: constraint clashes show at their field, and the
    History page lists the audit trail's changes."""

    form = ConstraintsAtFieldsForm

    def get_changelist(self, request, **kwargs):
        return CalendarSafeChangeList


class EntryInline(GuardedInlineMixin, admin.TabularInline):
    """Base of the project's inlines: compact rows, one blank row to fill in."""

    form = ConstraintsAtFieldsForm
    extra = 1
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }
    # What each row's label (its __str__) reads, fetched with the rows rather than per row.
    label_related = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.label_related) if self.label_related else queryset


def excerpt(text, length=90):
    return Truncator(text).chars(length)


def financial_year_label(year):
    return f"{year}/{(year + 1) % 100:02d}"


@admin.display(description="ref", ordering="commitment__priority__number")
def commitment_reference(entry):
    return entry.commitment.reference


@admin.display(description="period", ordering="period__financial_year")
def period_code(entry):
    return entry.period.code


class FinancialYearFilter(admin.SimpleListFilter):
    """The financial years that have a reporting period, named as staff write them: 2017/18."""

    title = "financial year"
    parameter_name = "year"
    field_path = "period__financial_year"

    def lookups(self, request, model_admin):
        years = (
            ReportingPeriod.objects.order_by("-financial_year")
            .values_list("financial_year", flat=True)
            .distinct()
        )
        return [(year, financial_year_label(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field_path: self.value()})
        return queryset


class CurrentFilter(admin.SimpleListFilter):
    title = "current or retired"
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", "Current"), ("no", "Retired")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(retired_on__isnull=self.value() == "yes")
        return queryset


class ReferenceSearchMixin:
    """Finds commitments by the reference staff quote, such as 1.2, as well as by text."""

    commitment_path = "commitment__"
    search_help_text = "Search the text, or give a commitment reference such as 1.2."

    def get_search_results(self, request, queryset, search_term):
        match = REFERENCE.match(search_term.strip())
        if match is None:
            return super().get_search_results(request, queryset, search_term)
        path = self.commitment_path
        found = queryset.filter(
            **{f"{path}priority__number": match["number"], f"{path}order": match["order"]}
        )
        return found, False
