"""The admin as PCC office staff use it: the plan, and each quarter's progress against it."""

import re

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.db.models import Count
from django.utils.html import format_html
from django.utils.text import Truncator

from essexperf.audit.admin import ObjectChangeHistoryMixin
from priorities.admin_amend import AmendableAdminMixin
from priorities.admin_guards import GuardedAdminMixin, GuardedInlineMixin
from priorities.admin_periods import PeriodWorkflowMixin
from priorities.forms import CommitmentFormSet, ConstraintsAtFieldsForm
from priorities.models import (
    Assessment,
    Commitment,
    Footnote,
    Plan,
    Priority,
    ReportingPeriod,
    Update,
)
from priorities.quarter import QUARTER_URL_NAME, latest_open_period, quarter_url

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


class PriorityInline(EntryInline):
    model = Priority
    fields = ["number", "title", "description", "version"]
    ordering = ["number"]
    show_change_link = True


class CommitmentInline(EntryInline):
    model = Commitment
    formset = CommitmentFormSet
    fields = ["order", "text", "lead", "retired_on", "version"]
    ordering = ["order", "id"]
    label_related = ("priority",)
    show_change_link = True


class FootnoteInline(EntryInline):
    model = Footnote
    fields = ["number", "text", "version"]
    ordering = ["number"]


@admin.register(Plan)
class PlanAdmin(EntryAdmin):
    list_display = ["title", "organisation", "start_date", "end_date", "priority_count"]
    list_filter = ["organisation"]
    search_fields = ["title", "organisation"]
    ordering = ["start_date", "title"]
    inlines = [PriorityInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(priority_count=Count("priorities"))

    @admin.display(description="priorities", ordering="priority_count")
    def priority_count(self, plan):
        return plan.priority_count


@admin.register(Priority)
class PriorityAdmin(EntryAdmin):
    list_display = ["number", "title", "plan", "commitment_count"]
    list_display_links = ["number", "title"]
    list_filter = ["plan"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["plan"]
    ordering = ["plan__start_date", "number"]
    inlines = [CommitmentInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("plan")
        return queryset.annotate(commitment_count=Count("commitments"))

    @admin.display(description="commitments", ordering="commitment_count")
    def commitment_count(self, priority):
        return priority.commitment_count


def quarter_link_column(period):
    """A list column linking each commitment to its quarter page for `period`."""

    @admin.display(description=f"{period.code} quarter" if period else "quarter")
    def quarter_link(commitment):
        if period is None:
            return "-"
        url = quarter_url(commitment, period)
        reference = commitment.reference
        return format_html('<a href="{}">Write {} for {}</a>', url, reference, period.code)

    return quarter_link


@admin.register(Commitment)
class CommitmentAdmin(ReferenceSearchMixin, EntryAdmin):
    """The plan's commitments; the page where a quarter is written is added by
    essexperf.site.admin."""

    commitment_path = ""
    list_display = ["reference", "text_excerpt", "priority", "lead", "is_current"]
    list_filter = ["priority__plan", "priority", CurrentFilter]
    search_fields = ["text", "lead_in", "lead"]
    autocomplete_fields = ["priority", "replaces"]
    ordering = ["priority__plan__start_date", "priority__number", "order", "id"]
    fields = [
        "priority",
        "order",
        "lead_in",
        "text",
        ("lead", "lead_email"),
        ("introduced_on", "retired_on"),
        "replaces",
        "version",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("priority")

    def get_list_display(self, request):
        # The quarter being written: each row links to its page (essexperf.site.admin).
        # The list asks for its columns twice a request; the period is read once.
        if not hasattr(request, "_quarter_column"):
            request._quarter_column = quarter_link_column(latest_open_period())
        return [*super().get_list_display(request), request._quarter_column]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id:
            # The plan's wording is changed here; each quarter's progress on its own page.
            extra_context = {
                **(extra_context or {}),
                "periods": ReportingPeriod.objects.all(),
                "quarter_url_name": QUARTER_URL_NAME,
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.display(description="ref", ordering="priority__number")
    def reference(self, commitment):
        return commitment.reference

    @admin.display(description="commitment", ordering="text")
    def text_excerpt(self, commitment):
        return excerpt(commitment.text)

    @admin.display(description="current", boolean=True, ordering="retired_on")
    def is_current(self, commitment):
        return commitment.retired_on is None


class PeriodYearFilter(FinancialYearFilter):
    field_path = "financial_year"


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PeriodWorkflowMixin, EntryAdmin):
    list_display = [
        "code",
        "title",
        "year_label",
        "quarter",
        "start_date",
        "end_date",
        "data_to",
        "status",
        "published_on",
        "completion_link",
    ]
    list_filter = ["status", PeriodYearFilter]
    search_fields = ["code", "title"]
    # The status moves by the workflow's buttons and actions alone (priorities.workflow).
    readonly_fields = ["code", "status", "published_on", "publish_reason", "completion_link"]
    fields = [
        "code",
        ("financial_year", "quarter"),
        ("start_date", "end_date"),
        "data_to",
        "title",
        ("status", "published_on"),
        "publish_reason",
        "completion_link",
        "protective_marking",
    ]

    @admin.display(description="financial year", ordering="financial_year")
    def year_label(self, period):
        return financial_year_label(period.financial_year)


@admin.register(Assessment)
class AssessmentAdmin(AmendableAdminMixin, ReferenceSearchMixin, EntryAdmin):
    list_display = [commitment_reference, period_code, "status", "reason_excerpt"]
    list_filter = [
        "period",
        FinancialYearFilter,
        "status",
        "commitment__priority__plan",
        "commitment__priority",
    ]
    search_fields = ["reason", "commitment__text"]
    autocomplete_fields = ["commitment", "period"]
    ordering = [
        "-period__financial_year",
        "-period__quarter",
        "commitment__priority__number",
        "commitment__order",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commitment__priority", "period")

    @admin.display(description="reason")
    def reason_excerpt(self, assessment):
        return excerpt(assessment.reason)


@admin.register(Update)
class UpdateAdmin(AmendableAdminMixin, ReferenceSearchMixin, EntryAdmin):
    list_display = [commitment_reference, period_code, "order", "section", "style", "text_excerpt"]
    list_filter = [
        "period",
        FinancialYearFilter,
        "commitment__priority__plan",
        "commitment__priority",
        "style",
        "section",
    ]
    search_fields = ["text", "section", "commitment__text"]
    autocomplete_fields = ["commitment", "period"]
    ordering = [
        "-period__financial_year",
        "-period__quarter",
        "commitment__priority__number",
        "commitment__order",
        "order",
    ]
    fields = ["commitment", "period", "section", "order", "style", "text", "version"]
    inlines = [FootnoteInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commitment__priority", "period")

    @admin.display(description="update")
    def text_excerpt(self, update):
        return excerpt(update.text)
