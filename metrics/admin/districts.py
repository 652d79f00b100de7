"""The districts with the most KSI collisions in a period, as ksiroutes computed them: an
editor may correct a count, which computing again keeps beside the computed one."""

from django.contrib import admin

from metrics.models import KsiDistrict
from priorities.admin.amend import AmendableAdminMixin
from priorities.admin.base import EntryAdmin, FinancialYearFilter, period_code


@admin.register(KsiDistrict)
class KsiDistrictAdmin(AmendableAdminMixin, EntryAdmin):
    list_display = [period_code, "order", "district", "collisions", "computed_collisions"]
    list_display_links = ["order", "district"]
    list_filter = ["period", FinancialYearFilter]
    search_fields = ["district_code", "name", "period__code"]
    autocomplete_fields = ["period"]
    ordering = ["-period__financial_year", "-period__quarter", "order"]
    # What ksiroutes computed, shown beside the count an editor may change; the name comes
    # from the code (metrics.stats19.districts).
    readonly_fields = ["name", "computed_collisions", "computed_from"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("period")

    @admin.display(description="district", ordering="name")
    def district(self, district):
        return district.label
