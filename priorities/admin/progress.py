"""Each quarter's progress: assessments and updates, with their footnotes."""

from django.contrib import admin

from priorities.admin.amend import AmendableAdminMixin
from priorities.admin.base import (
    EntryAdmin,
    EntryInline,
    FinancialYearFilter,
    ReferenceSearchMixin,
    commitment_reference,
    excerpt,
    period_code,
)
from priorities.models import (
    Assessment,
    Footnote,
    Update,
)


class FootnoteInline(EntryInline):
    model = Footnote
    fields = ["number", "text", "version"]
    ordering = ["number"]


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
