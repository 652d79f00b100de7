"""The figures the plan is measured by, as staff enter them from each quarter's report."""

from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from essexperf.exports import streaming_download
from metrics import upload_rows, upload_template, uploads
from metrics.admin.peers import AreaPopulationInline
from metrics.admin.process import RecalculationInline
from metrics.feeds import CREATED, UPDATED, FeedRejected
from metrics.models import (
    Area,
    KsiPeakTime,
    KsiRoute,
    KsiTotal,
    KsiVulnerableGroup,
    Metric,
    Observation,
    Target,
)
from metrics.presentation import change_summary
from metrics.significance import ksi_significance
from priorities.admin.amend import AmendableAdminMixin
from priorities.admin.base import EntryAdmin, EntryInline, FinancialYearFilter, excerpt, period_code

UNIT_FORMATS = {
    Metric.Unit.COUNT: "{}",
    Metric.Unit.PERCENT: "{}%",
    Metric.Unit.PERCENT_CHANGE: "{}%",
    Metric.Unit.SECONDS: "{} seconds",
    Metric.Unit.HOURS: "{} hours",
    Metric.Unit.POUNDS: "£{}",
}


PERCENTAGES = {Metric.Unit.PERCENT, Metric.Unit.PERCENT_CHANGE}


def with_unit(value, unit, difference=False):
    """A value as the report prints it, such as £500,000, 82.5% or +12.4% (a change).

    A difference of two percentages is in points, so it is not read as a percentage change.
    """
    signed = difference or unit == Metric.Unit.PERCENT_CHANGE
    sign = "-" if value < 0 else "+" if signed and value > 0 else ""
    number = f"{abs(value).normalize():,f}"
    if difference and unit in PERCENTAGES:
        return f"{sign}{number} points"
    return sign + UNIT_FORMATS[unit].format(number)


def change_label(change, unit, significance):
    """A change as its difference, percentage and significance, such as +42 (+12.7%),
    within normal variation."""
    percent = "from zero" if change.percent is None else f"{change.percent:+}%"
    return (
        f"{with_unit(change.difference, unit, difference=True)} ({percent}), {significance.words}"
    )


class ObservationMixin:
    """The computed columns of an observation, and comparisons listed without extra queries."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "compared_with":
            kwargs["queryset"] = Observation.objects.select_related("metric", "area")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="value", ordering="value")
    def value_with_unit(self, observation):
        return with_unit(observation.value, observation.metric.unit)

    @admin.display(description="change on comparison")
    def change_on_comparison(self, observation):
        summary = change_summary(observation)
        if summary is None:
            return None
        return change_label(observation.change(), observation.metric.unit, summary.significance)


class ObservationInline(ObservationMixin, EntryInline):
    model = Observation
    fields = [
        "area",
        "start_date",
        "end_date",
        "value",
        "basis",
        "compared_with",
        "change_on_comparison",
        "reported_in",
        "source",
        "version",
    ]
    readonly_fields = ["change_on_comparison"]
    autocomplete_fields = ["area", "compared_with", "reported_in"]
    ordering = ["-end_date", "-start_date", "area__name"]
    show_change_link = True
    label_related = ("metric", "area", "compared_with")


class TargetInline(EntryInline):
    model = Target
    fields = ["area", "value", "due_date", "note", "version"]
    autocomplete_fields = ["area"]
    ordering = ["due_date"]
    label_related = ("metric",)


class VulnerableGroupInline(EntryInline):
    model = KsiVulnerableGroup
    fields = ["order", "group", "percent", "version"]
    ordering = ["order", "id"]


class PeakTimeInline(EntryInline):
    model = KsiPeakTime
    fields = ["days", "start_time", "end_time", "version"]


@admin.register(Area)
class AreaAdmin(EntryAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["kind", "name"]
    inlines = [AreaPopulationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")


@admin.register(Metric)
class MetricAdmin(EntryAdmin):
    list_display = ["name", "unit", "measure", "up_is", "priority", "commitment_reference"]
    list_filter = ["unit", "measure", "up_is", "priority__plan", "priority"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["priority", "commitment"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["priority__number", "name"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description"]}),
        ("What it measures", {"fields": [("unit", "measure", "up_is"), ("minimum", "maximum")]}),
        ("Where it sits in the plan", {"fields": ["priority", "commitment"]}),
        ("Who supplies it", {"fields": ["owner", "owner_email", "version"]}),
    ]
    inlines = [ObservationInline, TargetInline, RecalculationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("priority", "commitment__priority")

    def get_inlines(self, request, obj):
        # Values are checked against the saved metric's range, so they are entered once the
        # metric exists.
        return self.inlines if obj else []

    @admin.display(description="commitment", ordering="commitment__priority__number")
    def commitment_reference(self, metric):
        return metric.commitment.reference if metric.commitment else None


class ObservationUploadMixin:
    """An "Upload observations" page: a CSV or Excel file previewed row by row with its
    errors, then written through metrics.feeds, the path the API's data feeds take."""

    upload_template = "admin/metrics/observation/upload.html"
    preview_template = "admin/metrics/observation/upload_preview.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="metrics_observation_upload"),
            path(
                "upload/template.<slug:fmt>",
                view(self.template_view),
                name="metrics_observation_upload_template",
            ),
            *super().get_urls(),
        ]

    def may_upload(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        context = {"can_upload": self.may_upload(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def template_view(self, request, fmt):
        if not self.may_upload(request):
            raise PermissionDenied
        if fmt not in ("csv", "xlsx"):
            raise Http404("The template comes as csv or xlsx.")
        sheets = upload_template.template_sheets(fmt)
        return streaming_download(fmt, sheets, "observations-template")

    def upload_view(self, request):
        if not self.may_upload(request):
            raise PermissionDenied
        if request.method == "POST" and "payload" in request.POST:
            return self.confirm_upload(request)
        form = uploads.UploadForm(request.POST or None, request.FILES or None)
        if form.is_bound and form.is_valid():
            return self.preview(request, form.cleaned_data["file"].name, form.rows, form.file)
        return self.render_upload(request, form)

    def render_upload(self, request, form, status=200):
        context = self.upload_context(request, form=form, title="Upload observations")
        return TemplateResponse(request, self.upload_template, context, status=status)

    def upload_context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "column_help": [
                (name, name in uploads.REQUIRED_COLUMNS, text)
                for name, text in uploads.COLUMN_HELP.items()
            ],
            "bases": Observation.Basis.choices,
            **extra,
        }

    def preview(self, request, name, rows, file, status=200):
        """Every row with what writing it would do, or its errors; nothing is written."""
        checked = upload_rows.preview(rows)
        context = self.upload_context(
            request,
            title=f"Check the observations in {name}",
            columns=uploads.COLUMNS,
            lines=checked.lines,
            problems=checked.problems,
            result=checked.result,
            payload=None
            if checked.problems
            else uploads.sign_rows(name, checked.rows, request.user, file),
            form=uploads.UploadForm(),
        )
        return TemplateResponse(request, self.preview_template, context, status=status)

    def confirm_upload(self, request):
        try:
            name, rows, file = uploads.unsign_rows(request.POST["payload"], request.user)
        except signing.BadSignature:
            messages.error(request, "The preview was altered or is over an hour old: upload again.")
            return self.render_upload(request, uploads.UploadForm(), status=400)
        try:
            result = uploads.record_upload(name, file, upload_rows.items_of(rows))
        except FeedRejected:
            # The observations changed since the preview: show the rows as they check now.
            return self.preview(request, name, rows, file, status=409)
        self.log_upload(request, name, result)
        messages.success(
            request,
            f"Wrote {name}: {result.created} new, {result.updated} changed and "
            f"{result.unchanged} unchanged observations.",
        )
        return redirect("admin:metrics_observation_changelist")

    def log_upload(self, request, name, result):
        for outcome, flag in ((CREATED, ADDITION), (UPDATED, CHANGE)):
            written = [entry.observation for entry in result.entries if entry.outcome == outcome]
            LogEntry.objects.log_actions(
                request.user.pk, written, flag, change_message=f"Uploaded from {name}."
            )


@admin.register(Observation)
class ObservationAdmin(AmendableAdminMixin, ObservationUploadMixin, ObservationMixin, EntryAdmin):
    list_display = [
        "metric",
        "area",
        "dates",
        "value_with_unit",
        "change_on_comparison",
        "basis",
        "reported_in_code",
    ]
    list_filter = ["reported_in", "metric__unit", "area", "basis", "metric"]
    search_fields = ["metric__name", "area__name", "source", "caveat"]
    autocomplete_fields = ["metric", "area", "compared_with", "reported_in"]
    date_hierarchy = "end_date"
    ordering = ["metric__name", "area__name", "-end_date", "-start_date"]
    readonly_fields = ["change_on_comparison", "data_import"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "metric",
                    "area",
                    ("start_date", "end_date"),
                    "basis",
                    ("value", "denominator"),
                ]
            },
        ),
        ("Comparison", {"fields": ["compared_with", "change_on_comparison"]}),
        (
            "Source",
            {"fields": ["reported_in", "source", "data_import", "data_to", "caveat", "version"]},
        ),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related("metric", "area", "compared_with", "reported_in")

    def save_model(self, request, obj, form, change):
        if change:
            obj.changed_by_hand(form.changed_data)
        super().save_model(request, obj, form, change)

    @admin.display(description="dates", ordering="end_date")
    def dates(self, observation):
        return observation.covers

    @admin.display(description="reported in", ordering="reported_in__financial_year")
    def reported_in_code(self, observation):
        return observation.reported_in.code if observation.reported_in else None


@admin.register(Target)
class TargetAdmin(EntryAdmin):
    list_display = ["metric", "area", "value_with_unit", "due_date", "note_excerpt"]
    list_filter = ["metric__unit", "area", "metric"]
    search_fields = ["metric__name", "note"]
    autocomplete_fields = ["metric", "area"]
    date_hierarchy = "due_date"
    ordering = ["metric__name", "due_date"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("metric", "area")

    @admin.display(description="value", ordering="value")
    def value_with_unit(self, target):
        return with_unit(target.value, target.metric.unit)

    @admin.display(description="note")
    def note_excerpt(self, target):
        return excerpt(target.note)


@admin.register(KsiTotal)
class KsiTotalAdmin(AmendableAdminMixin, EntryAdmin):
    list_display = [
        period_code,
        "area",
        "start_date",
        "end_date",
        "casualties",
        "casualties_year_before",
        "change_on_year_before",
    ]
    list_filter = ["period", FinancialYearFilter, "area"]
    search_fields = ["area__name", "period__code", "note"]
    autocomplete_fields = ["period", "area"]
    ordering = ["-end_date", "area__name"]
    # What ksiroutes computed, shown beside the figures an editor may change.
    readonly_fields = [
        "ksi_basis",
        "computed_casualties",
        "computed_casualties_year_before",
        "computed_from",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("period", "area")

    @admin.display(description="change on a year before")
    def change_on_year_before(self, total):
        return change_label(total.change(), Metric.Unit.COUNT, ksi_significance(total))


@admin.register(KsiRoute)
class KsiRouteAdmin(AmendableAdminMixin, EntryAdmin):
    list_display = [
        period_code,
        "order",
        "road",
        "collisions_last_3_months",
        "increase",
        "groups",
        "peak_times",
    ]
    list_display_links = ["order", "road"]
    list_filter = ["period", FinancialYearFilter]
    search_fields = ["road"]
    autocomplete_fields = ["period"]
    ordering = ["-period__financial_year", "-period__quarter", "order"]
    inlines = [VulnerableGroupInline, PeakTimeInline]
    readonly_fields = [
        "computed_collisions",
        "computed_increase",
        "computed_details",
        "computed_from",
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("period")
        return queryset.prefetch_related("vulnerable_groups", "peak_times")

    @admin.display(description="on 5-year average", ordering="increase_on_5_year_average")
    def increase(self, route):
        return f"{route.increase_on_5_year_average.normalize():+f}%"

    @admin.display(description="vulnerable groups")
    def groups(self, route):
        return ", ".join(str(group) for group in route.vulnerable_groups.all())

    @admin.display(description="peak times")
    def peak_times(self, route):
        return ", ".join(str(peak) for peak in route.peak_times.all())
