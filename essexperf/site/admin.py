"""The page where office staff write one commitment's quarter, inside the admin: the plan's
wording read-only, last quarter beside this one, the assessment, the updates with their
footnotes previewed as the report prints them, and the commitment's figures.

Every write goes through the models' own guards in one transaction: the period is locked
and checked open (priorities.freeze), each update carries its version (priorities.locking),
the assessment the state it was opened at, and figures go through the observation feed
(metrics.feeds); signals record the audit trail and renew the data version.

Also here, composing the periods' admin with metrics: the action that computes a period's
KSI totals, route table and top districts from the road casualty records (metrics.stats19).
"""

from functools import cached_property

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from essexperf.site import quarter as figures
from essexperf.site.quarter_forms import AssessmentForm, FigureForm, QuarterUpdateFormSet
from metrics.feeds import FeedRejected, check_observations, write_observations
from metrics.latest import latest_observation
from metrics.models import Area
from metrics.stats19.saving import in_words, save
from metrics.stats19.table import TableError, compute
from priorities import quarter
from priorities.admin.periods import ReportingPeriodAdmin
from priorities.admin.plan import CommitmentAdmin
from priorities.models import Assessment, Commitment, ReportingPeriod
from priorities.visibility import can_see_drafts

QUARTER_TEMPLATE = "admin/priorities/commitment/quarter.html"
WRITES = ("priorities.change_update", "priorities.change_assessment")
KSI_WRITES = (
    "metrics.add_ksiroute",
    "metrics.delete_ksiroute",
    "metrics.change_ksitotal",
    "metrics.add_ksidistrict",
    "metrics.delete_ksidistrict",
)
POSITIONS_CLASH = (
    "Two updates took the same position at once, or someone else saved this quarter at the "
    "same moment, so nothing was saved. To swap two updates, move one to a free position "
    "(such as 99) first, save, then move the other."
)


class QuarterPage:
    """What the page shows and, for an open period, its forms, bound to a POST if any."""

    def __init__(self, request, commitment, period):
        self.commitment, self.period = commitment, period
        self.request_user = request.user
        self.previous = quarter.previous_period(period)
        assessments = quarter.assessments_of(commitment, [period, self.previous])
        self.assessment = assessments.get(period.pk)
        self.previous_assessment = self.previous and assessments.get(self.previous.pk)
        self.updates = quarter.updates_of(commitment, period)
        self.previous_updates = self.previous and list(
            quarter.updates_of(commitment, self.previous)
        )
        self.metrics = figures.period_metrics(commitment, request.user)
        self.stored_figures = figures.reported_in(self.metrics, period)
        self.errors = []
        self.preview = None
        self.is_open = not period.is_published
        if self.is_open:
            self.bind(request.POST if request.method == "POST" else None)

    def bind(self, data):
        kwargs = {"commitment": self.commitment, "period": self.period}
        updates = list(self.updates)
        self.assessment_form = AssessmentForm(
            data, instance=self.assessment or Assessment(), prefix="assessment", **kwargs
        )
        last = max((update.order for update in updates), default=0)
        self.formset = QuarterUpdateFormSet(
            data,
            queryset=self.updates,
            prefix="updates",
            form_kwargs=kwargs,
            initial=[{"order": last + 1}],
        )
        areas = list(Area.objects.order_by("kind", "name"))
        self.figure_forms = [
            FigureForm(
                data,
                prefix=f"figure-{metric.pk}",
                metric=metric,
                period=self.period,
                stored=self.stored_figures.get(metric.pk),
                areas=areas,
            )
            for metric in self.metrics
        ]

    @cached_property
    def sentences(self):
        """The figures in sentences, read only when the form shows them."""
        return figures.figure_sentences(self.request_user, self.commitment, self.period)

    @property
    def figure_rows(self):
        forms = getattr(self, "figure_forms", [None] * len(self.metrics))
        return [
            figures.FigureRow(
                metric, latest_observation(metric), self.stored_figures.get(metric.pk), form
            )
            for metric, form in zip(self.metrics, forms, strict=True)
        ]

    def is_valid(self):
        valid = [self.assessment_form.is_valid(), self.formset.is_valid()]
        valid += [form.is_valid() for form in self.figure_forms]
        if not all(valid):
            return False
        return self.check_figures(check_observations, self.figure_items())

    def figure_items(self):
        return [(form, item) for form in self.figure_forms if (item := form.item()) is not None]

    def check_figures(self, check, pairs):
        """Whether the figures pass `check` (the feed's), their errors shown at their rows."""
        if not pairs:
            return True
        try:
            result = check([item for _, item in pairs])
        except FeedRejected as rejected:
            errors = rejected.errors
        else:
            errors = getattr(result, "errors", [])
        for error in errors:
            form = pairs[error.index][0] if error.index is not None else None
            if form is not None:
                form.show_feed_error(error)
            else:
                self.errors.append(error.reason)
        return not errors

    def save(self):
        """Write everything in one transaction, or nothing, saying why; whether it was."""
        try:
            with transaction.atomic():
                quarter.check_period_open(self.period)
                self.save_assessment()
                self.save_updates()
                if not self.check_figures(write_observations, self.figure_items()):
                    raise FeedRejected([])
        except FeedRejected:
            return False
        except ValidationError as error:
            self.errors.extend(error.messages)
            return False
        except IntegrityError:
            self.errors.append(POSITIONS_CLASH)
            return False
        return True

    def save_assessment(self):
        form = self.assessment_form
        if form.has_changed():
            opened = form.cleaned_data["opened"]
            quarter.check_assessment_unchanged(self.commitment, self.period, opened)
            form.save()

    def save_updates(self):
        # Deleted first, so that a position one frees may be taken by another in this save.
        deleted = self.formset.deleted_forms
        for form in deleted:
            if form.instance.pk:
                form.instance.delete()
        for form in self.formset.forms:
            if form.has_changed() and form not in deleted:
                quarter.sync_footnotes(form.save(), form.notes)

    @property
    def problems(self):
        """(field id or "", message) of every error on the page, for its summary."""
        found = [("", message) for message in self.errors]
        forms = [self.assessment_form, *self.formset.forms, *self.figure_forms]
        found += [("", message) for message in self.formset.non_form_errors()]
        for form in forms:
            for name, messages_ in form.errors.items():
                field = form.fields.get(name)
                anchor = form[name].id_for_label if field is not None else ""
                found += [(anchor, message) for message in messages_]
        return found

    def show_preview(self):
        forms = self.formset.kept_forms()
        updates = [form.instance for form in forms]
        self.preview = figures.report_block(
            self.commitment, updates, [form.footnote_pairs() for form in forms]
        )

    def saved_preview(self, updates):
        pairs = [quarter.footnote_pairs(update) for update in updates]
        return figures.report_block(self.commitment, list(updates), pairs)


class CommitmentQuarterMixin:
    """The quarter page of CommitmentAdmin, at <id>/quarter/<period code>/."""

    def get_urls(self):
        page = path(
            "<path:object_id>/quarter/<str:code>/",
            self.admin_site.admin_view(self.quarter_view),
            name="priorities_commitment_quarter",
        )
        return [page, *super().get_urls()]

    def may_write_quarters(self, request):
        user = request.user
        return can_see_drafts(user) and all(user.has_perm(name) for name in WRITES)

    def quarter_view(self, request, object_id, code):
        if not self.may_write_quarters(request):
            raise PermissionDenied
        commitments = Commitment.objects.select_related("priority__plan")
        commitment = get_object_or_404(commitments, pk=object_id)
        period = get_object_or_404(ReportingPeriod, code=code)
        page = QuarterPage(request, commitment, period)
        if request.method == "POST":
            response = self.quarter_post(request, page)
            if response is not None:
                return response
        elif not page.is_open:
            messages.warning(request, frozen_notice(period))
        return TemplateResponse(request, QUARTER_TEMPLATE, self.quarter_context(request, page))

    def quarter_post(self, request, page):
        """A redirect once saved; None to show the page again, with its errors or preview."""
        if not page.is_open:
            messages.error(request, frozen_notice(page.period) + " Nothing was saved.")
            return None
        if not page.is_valid():
            return None
        if "_preview" in request.POST:
            page.show_preview()
            return None
        if not page.save():
            return None
        reference, code = page.commitment.reference, page.period.code
        messages.success(request, f"Commitment {reference} is saved for {code}.")
        if "_next" in request.POST:
            return redirect(self.next_url(request, page))
        return redirect(quarter.quarter_url(page.commitment, page.period))

    def next_url(self, request, page):
        following = quarter.next_needing_update(page.period, after=page.commitment)
        if following is not None:
            return quarter.quarter_url(following, page.period)
        messages.info(
            request,
            f"Every current commitment now has an update and an assessment for {page.period.code}.",
        )
        return reverse("admin:priorities_reportingperiod_completion", args=[page.period.pk])

    def quarter_context(self, request, page):
        commitment, period = page.commitment, page.period
        previous = page.previous_updates or []
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": commitment,
            "title": f"Commitment {commitment.reference} in {period.code}",
            "page": page,
            "commitment": commitment,
            "period": period,
            "previous": page.previous,
            "previous_block": page.saved_preview(previous) if previous else None,
            "saved_block": page.saved_preview(page.updates),
            "other_periods": ReportingPeriod.objects.exclude(pk=period.pk),
            "completion_url": reverse(
                "admin:priorities_reportingperiod_completion", args=[period.pk]
            ),
        }


def frozen_notice(period):
    return (
        f"{period.code} is published, so this quarter is read-only. An approver can amend "
        "a row, giving the reason."
    )


# The plan's commitments, with the page where each quarter is written: it composes the
# plan's own quarter (priorities.quarter) with the commitment's figures (metrics).
admin.site.unregister(Commitment)


@admin.register(Commitment)
class CommitmentQuarterAdmin(CommitmentQuarterMixin, CommitmentAdmin):
    pass


@admin.action(description="Compute the KSI table from road casualty records", permissions=["ksi"])
def compute_ksi_table(modeladmin, request, queryset):
    for period in queryset:
        try:
            with transaction.atomic():
                planned = save(period, compute(period))
        except TableError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
            continue
        modeladmin.message_user(request, in_words(period, planned), messages.SUCCESS)


admin.site.unregister(ReportingPeriod)


@admin.register(ReportingPeriod)
class ReportingPeriodKsiAdmin(ReportingPeriodAdmin):
    actions = [*ReportingPeriodAdmin.actions, compute_ksi_table]

    def has_ksi_permission(self, request):
        return request.user.has_perms(KSI_WRITES)
