"""Recalculation points of the process charts, entered on their metric's page or listed
on their own."""

from django.contrib import admin

from metrics.models import Recalculation
from priorities.admin.base import EntryAdmin, EntryInline, excerpt


class RecalculationInline(EntryInline):
    model = Recalculation
    fields = ["date", "area", "reason", "version"]
    autocomplete_fields = ["area"]
    ordering = ["date"]
    label_related = ("metric", "area")


@admin.register(Recalculation)
class RecalculationAdmin(EntryAdmin):
    list_display = ["metric", "date", "area_or_every", "reason_excerpt"]
    list_filter = ["metric"]
    search_fields = ["metric__name", "reason"]
    autocomplete_fields = ["metric", "area"]
    date_hierarchy = "date"
    ordering = ["metric__name", "date"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("metric", "area")

    @admin.display(description="area", ordering="area__name")
    def area_or_every(self, recalculation):
        return recalculation.area.name if recalculation.area_id else "Every area"

    @admin.display(description="reason")
    def reason_excerpt(self, recalculation):
        return excerpt(recalculation.reason)
