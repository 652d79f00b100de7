"""HMICFRS PEEL results, and the findings the force must act on, as staff record them."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone

from inspections.models import Finding, Inspection
from priorities.admin.base import EntryAdmin, EntryInline, excerpt


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        overdue = Q(status=Finding.Status.OPEN, due_date__lt=timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


class FindingInline(EntryInline):
    model = Finding
    fields = [
        "kind",
        "text",
        "owner",
        "due_date",
        "status",
        "closed_on",
        "evidence",
        "version",
    ]
    ordering = ["kind", "id"]
    show_change_link = True
    label_related = ("inspection",)


@admin.register(Inspection)
class InspectionAdmin(EntryAdmin):
    list_display = [
        "pillar",
        "year",
        "grade",
        "published_on",
        "pcc_response_due",
        "recommendations",
        "areas_for_improvement",
        "causes_of_concern",
        "open_findings",
        "next_inspection_due",
    ]
    list_display_links = ["pillar", "year"]
    list_filter = ["pillar", "year", "grade"]
    search_fields = ["pillar", "year__exact", "comment"]
    ordering = ["-year", "pillar"]
    readonly_fields = ["pcc_response_due", "findings_check"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("pillar", "year"),
                    "grade",
                    ("published_on", "pcc_response_due"),
                    "next_inspection_due",
                    "comment",
                    "version",
                ]
            },
        ),
        (
            "Counts the report gives",
            {
                "fields": [
                    ("recommendations", "areas_for_improvement", "causes_of_concern"),
                    "findings_check",
                ]
            },
        ),
    ]
    inlines = [FindingInline]

    def get_queryset(self, request):
        open_findings = Count("findings", filter=Q(findings__status=Finding.Status.OPEN))
        return super().get_queryset(request).annotate(open_findings=open_findings)

    @admin.display(description="PCC response due", ordering="published_on")
    def pcc_response_due(self, inspection):
        return inspection.pcc_response_due

    @admin.display(description="open findings", ordering="open_findings")
    def open_findings(self, inspection):
        return inspection.open_findings

    @admin.display(description="against the findings recorded")
    def findings_check(self, inspection):
        if inspection.pk is None:
            return None
        mismatches = inspection.count_mismatches(list(inspection.findings.all()))
        if not mismatches:
            return "No difference (or no findings recorded)."
        return "; ".join(
            f"{label}: {held} in the counts, {recorded} recorded"
            for label, (held, recorded) in mismatches.items()
        )


@admin.register(Finding)
class FindingAdmin(EntryAdmin):
    list_display = [
        "inspection",
        "kind",
        "text_excerpt",
        "owner",
        "due_date",
        "status",
        "closed_on",
        "is_overdue",
    ]
    list_filter = [OverdueFilter, "status", "kind", "inspection__pillar", "inspection__year"]
    search_fields = ["text", "owner", "evidence"]
    autocomplete_fields = ["inspection"]
    date_hierarchy = "due_date"
    ordering = ["-inspection__year", "inspection__pillar", "kind", "id"]
    fieldsets = [
        (None, {"fields": ["inspection", "kind", "text", "owner", "due_date"]}),
        ("Progress", {"fields": [("status", "closed_on"), "evidence", "version"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("inspection")

    @admin.display(description="finding", ordering="text")
    def text_excerpt(self, finding):
        return excerpt(finding.text)

    @admin.display(description="overdue", boolean=True)
    def is_overdue(self, finding):
        return finding.is_overdue(timezone.localdate())
