"""The period's workflow in the admin: buttons on a period's page and actions on the list
that move it through priorities.workflow, a confirmation page before publishing, a page
listing what a period still lacks (priorities.completion) with a button sending the owners
reminders (priorities.reminders), and the amendments made to published periods, listed
read-only (priorities.amendments makes them)."""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from priorities import workflow
from priorities.admin.base import EntryAdmin, FinancialYearFilter, financial_year_label
from priorities.completion import kinds, missing_for
from priorities.models import Amendment, Commitment, ReportingPeriod
from priorities.reminders import RemindersRefused, send_reminders
from priorities.roles import PUBLISH, REVIEW, SUBMIT
from priorities.visibility import can_see_drafts

COMPLETION_TEMPLATE = "admin/priorities/reportingperiod/completion.html"
PUBLISH_TEMPLATE = "admin/priorities/reportingperiod/publish.html"
PUBLISHED = "{period.code} is published on {period.published_on:%-d %B %Y}: it is now frozen."
# The buttons of a period's page that move it a step: (workflow step, permission, done).
STEPS = {
    "review": (workflow.submit_for_review, SUBMIT, "{period.code} is in review."),
    "draft": (workflow.return_to_draft, REVIEW, "{period.code} is a draft again."),
}
REASON_LENGTH = 2000


def run_step(modeladmin, request, queryset, step, done):
    """Apply a workflow step to each period chosen, saying what happened to each."""
    for period in queryset.order_by("financial_year", "quarter"):
        try:
            result = step(period, request.user)
        except (workflow.WorkflowError, PermissionDenied) as refusal:
            modeladmin.message_user(request, str(refusal), messages.ERROR)
        else:
            modeladmin.message_user(request, done.format(period=result), messages.SUCCESS)


@admin.action(description="Send for review", permissions=["submit"])
def submit_for_review(modeladmin, request, queryset):
    run_step(modeladmin, request, queryset, workflow.submit_for_review, STEPS["review"][2])


@admin.action(description="Return to draft", permissions=["review"])
def return_to_draft(modeladmin, request, queryset):
    run_step(modeladmin, request, queryset, workflow.return_to_draft, STEPS["draft"][2])


@admin.action(description="Publish (check and confirm)", permissions=["publish"])
def publish(modeladmin, request, queryset):
    """Leads to the one period's confirmation page: nothing is published from the list."""
    if queryset.count() != 1:
        message = "Choose one period to publish: each is checked and confirmed on its own."
        modeladmin.message_user(request, message, messages.ERROR)
        return None
    return redirect("admin:priorities_reportingperiod_publish", queryset.get().pk)


@admin.action(description="Start the next quarter", permissions=["add"])
def start_next_quarter(modeladmin, request, queryset):
    run_step(
        modeladmin,
        request,
        queryset,
        workflow.start_next_quarter,
        "{period.code} is started as a draft: enter its updates and figures.",
    )


class PublishForm(forms.Form):
    """The confirmation; with anything missing, the reason to publish anyway as well."""

    reason = forms.CharField(
        label="Reason to publish with these items missing",
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Kept on the period and in the audit trail.",
        error_messages={
            "required": "Give the reason to publish with items missing, or complete them first."
        },
    )

    def __init__(self, *args, missing, **kwargs):
        super().__init__(*args, **kwargs)
        if not missing:
            del self.fields["reason"]


@dataclass
class Section:
    """One kind of missing item, as the completion and confirmation pages list it."""

    key: str
    title: str
    empty: str
    rows: list


def sections(missing, period):
    return [
        Section(
            kind.key,
            kind.title.format(code=period.code),
            kind.empty,
            [(item, link_of(item, period)) for item in missing.by_kind[kind.key]],
        )
        for kind in kinds()
    ]


def link_of(item, period):
    """Where the item is completed: its row's page, or a table's page to add the period's rows."""
    target = item.admin_object
    opts = target._meta
    if isinstance(target, Commitment):
        # The page where a commitment's quarter is written.
        return reverse("admin:priorities_commitment_quarter", args=[target.pk, period.code])
    if isinstance(target, type):
        return f"{reverse(f'admin:{opts.app_label}_{opts.model_name}_add')}?period={period.pk}"
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])


class PeriodWorkflowMixin:
    """Status moves by the workflow's buttons and actions alone, each checked by
    priorities.workflow."""

    actions = [submit_for_review, return_to_draft, publish, start_next_quarter]

    # A published period is frozen with its rows: its dates and title are as published.
    def has_change_permission(self, request, obj=None):
        published = obj is not None and obj.is_published
        return super().has_change_permission(request, obj) and not published

    def has_delete_permission(self, request, obj=None):
        published = obj is not None and obj.is_published
        return super().has_delete_permission(request, obj) and not published

    def has_submit_permission(self, request):
        return request.user.has_perm(SUBMIT)

    def has_review_permission(self, request):
        return request.user.has_perm(REVIEW)

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH)

    def get_urls(self):
        view = self.admin_site.admin_view
        pages = [
            ("completion", view(self.completion_view)),
            ("publish", view(self.publish_view)),
            ("reminders", view(require_POST(self.reminders_view))),
        ]
        urls = [
            path(f"<path:object_id>/{name}/", page, name=f"priorities_reportingperiod_{name}")
            for name, page in pages
        ]
        step = path(
            "<path:object_id>/move/<slug:step>/",
            view(require_POST(self.step_view)),
            name="priorities_reportingperiod_step",
        )
        return [*urls, step, *super().get_urls()]

    def period_or_404(self, request, object_id):
        if not can_see_drafts(request.user):
            raise PermissionDenied
        return get_object_or_404(ReportingPeriod, pk=object_id)

    def page_context(self, request, period, title, missing):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": period,
            "title": title,
            "missing": missing,
            "sections": sections(missing, period),
        }

    def completion_view(self, request, object_id):
        period = self.period_or_404(request, object_id)
        context = self.page_context(
            request, period, f"What {period.code} still lacks", missing_for(period)
        )
        context["can_remind"] = self.has_change_permission(request, period)
        return TemplateResponse(request, COMPLETION_TEMPLATE, context)

    @staticmethod
    def change_page(period):
        return redirect("admin:priorities_reportingperiod_change", period.pk)

    def reminders_view(self, request, object_id):
        period = self.period_or_404(request, object_id)
        if not self.has_change_permission(request, period):
            raise PermissionDenied
        try:
            reminders = send_reminders(period)
        except RemindersRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            level = messages.WARNING if reminders.unaddressed else messages.SUCCESS
            self.message_user(request, reminders.summary(), level)
        return redirect("admin:priorities_reportingperiod_completion", period.pk)

    def step_view(self, request, object_id, step):
        period = self.period_or_404(request, object_id)
        if step not in STEPS:
            raise Http404
        move, permission, done = STEPS[step]
        if not request.user.has_perm(permission):
            raise PermissionDenied
        run_step(self, request, ReportingPeriod.objects.filter(pk=period.pk), move, done)
        return self.change_page(period)

    def publish_view(self, request, object_id):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        period = self.period_or_404(request, object_id)
        if period.status != ReportingPeriod.Status.IN_REVIEW:
            status = period.get_status_display().lower()
            refusal = f"{period.code} is {status}: only a period in review is published."
            self.message_user(request, refusal, messages.ERROR)
            return self.change_page(period)
        missing = missing_for(period)
        posted = request.POST if request.method == "POST" else None
        form = PublishForm(posted, missing=missing.items)
        if form.is_valid():
            reason = form.cleaned_data.get("reason", "")
            try:
                workflow.publish(period, request.user, reason=reason)
            except workflow.WorkflowError as refusal:
                # Something went missing since the page was read: show it, and ask again.
                missing = missing_for(period)
                form = PublishForm(request.POST, missing=missing.items)
                form.add_error(None, str(refusal))
            else:
                self.message_user(request, PUBLISHED.format(period=period), messages.SUCCESS)
                return self.change_page(period)
        context = self.page_context(request, period, f"Publish {period.code}", missing)
        context["form"] = form
        return TemplateResponse(request, PUBLISH_TEMPLATE, context)

    @admin.display(description="completion")
    def completion_link(self, period):
        if period.pk is None or period.is_published:
            return "-"
        url = reverse("admin:priorities_reportingperiod_completion", args=[period.pk])
        return format_html('<a href="{}">What is missing</a>', url)


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    list_display = ["amended_at", "period", "content_type", "object_id", "amended_by", "reason"]
    list_filter = ["period", "content_type"]
    search_fields = ["reason"]
    list_select_related = ["period", "content_type", "amended_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
