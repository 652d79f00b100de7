"""The period list's workflow: actions that move periods through priorities.workflow, a
page listing what a period still lacks (priorities.completion), and the amendments made to
published periods, listed read-only (priorities.amendments makes them)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from priorities import workflow
from priorities.completion import missing_for
from priorities.models import Amendment, ReportingPeriod
from priorities.roles import PUBLISH, REVIEW
from priorities.visibility import can_see_drafts

COMPLETION_TEMPLATE = "admin/priorities/reportingperiod/completion.html"


def run_step(modeladmin, request, queryset, step, done):
    """Apply a workflow step to each period chosen, saying what happened to each."""
    for period in queryset.order_by("financial_year", "quarter"):
        try:
            result = step(period, request.user)
        except (workflow.WorkflowError, PermissionDenied) as refusal:
            modeladmin.message_user(request, str(refusal), messages.ERROR)
        else:
            modeladmin.message_user(request, done.format(period=result), messages.SUCCESS)


@admin.action(description="Send for review", permissions=["review"])
def submit_for_review(modeladmin, request, queryset):
    run_step(
        modeladmin, request, queryset, workflow.submit_for_review, "{period.code} is in review."
    )


@admin.action(description="Return to draft", permissions=["review"])
def return_to_draft(modeladmin, request, queryset):
    run_step(
        modeladmin, request, queryset, workflow.return_to_draft, "{period.code} is a draft again."
    )


@admin.action(description="Publish", permissions=["publish"])
def publish(modeladmin, request, queryset):
    run_step(
        modeladmin,
        request,
        queryset,
        workflow.publish,
        "{period.code} is published on {period.published_on:%-d %B %Y}: it is now frozen.",
    )


@admin.action(description="Start the next quarter", permissions=["add"])
def start_next_quarter(modeladmin, request, queryset):
    run_step(
        modeladmin,
        request,
        queryset,
        workflow.start_next_quarter,
        "{period.code} is started as a draft: enter its updates and figures.",
    )


class PeriodWorkflowMixin:
    """Status moves by the actions alone, each checked by priorities.workflow."""

    actions = [submit_for_review, return_to_draft, publish, start_next_quarter]

    # A published period is frozen with its rows: its dates and title are as published.
    def has_change_permission(self, request, obj=None):
        published = obj is not None and obj.is_published
        return super().has_change_permission(request, obj) and not published

    def has_delete_permission(self, request, obj=None):
        published = obj is not None and obj.is_published
        return super().has_delete_permission(request, obj) and not published

    def has_review_permission(self, request):
        return request.user.has_perm(REVIEW)

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH)

    def get_urls(self):
        completion = path(
            "<path:object_id>/completion/",
            self.admin_site.admin_view(self.completion_view),
            name="priorities_reportingperiod_completion",
        )
        return [completion, *super().get_urls()]

    def completion_view(self, request, object_id):
        if not can_see_drafts(request.user):
            raise PermissionDenied
        period = get_object_or_404(ReportingPeriod, pk=object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": period,
            "title": f"What {period.code} still lacks",
            "missing": missing_for(period),
        }
        return TemplateResponse(request, COMPLETION_TEMPLATE, context)

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
