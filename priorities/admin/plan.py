"""The plan as office staff keep it: its priorities and their commitments."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html

from priorities.admin.base import (
    CurrentFilter,
    EntryAdmin,
    EntryInline,
    ReferenceSearchMixin,
    excerpt,
)
from priorities.forms import CommitmentFormSet
from priorities.models import (
    Commitment,
    Plan,
    Priority,
    ReportingPeriod,
)
from priorities.quarter import QUARTER_URL_NAME, latest_open_period, quarter_url


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
