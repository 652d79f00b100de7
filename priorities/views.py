"""The plan's own pages: its priorities and their commitments in a period, the layout a
priority's page gives each commitment (essexperf.site composes it with the figures), and
what changed since the latest edition was published, for approvers to check."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from essexperf.audit.models import ObjectChange, may_read_trail
from essexperf.audit.presentation import field_changes
from essexperf.pagecache.pages import remember
from priorities.access import reader_required
from priorities.amendments import with_amendment
from priorities.layout import footnote_anchor, lay_out
from priorities.models import Assessment, Commitment, Priority, ReportingPeriod, Update
from priorities.selection import choose_period
from priorities.visibility import audience

# A bulk load can record many thousands of changes; the page lists the newest.
MAX_CHANGES = 2000


def priority_list_body(request, selection):
    """The priorities of the plans in force and their commitments current in the period,
    as HTML."""
    period = selection.period
    commitments = Commitment.objects.all()
    if period is not None:
        commitments = commitments.current_in(period)
    priorities = (
        Priority.objects.visible_to(request.user)
        .in_force(period)
        .select_related("plan")
        .prefetch_related(Prefetch("commitments", queryset=commitments))
    )
    context = {"selection": selection, "priorities": priorities}
    return render_to_string("priorities/priority_list_body.html", context, request)


@reader_required
def priority_list(request):
    """The plan's priorities and their commitments, as worded in the period."""
    selection = choose_period(request)
    body = remember(
        "priorities",
        audience(request.user),
        [selection.code],
        lambda: priority_list_body(request, selection),
    )
    return render(request, "priorities/priority_list.html", {"selection": selection, "body": body})


def period_commitments(priority, selection):
    """The priority's commitments current in the period, with the period's assessments
    (and the previous period's) and updates with their footnotes: four queries."""
    period, previous = selection.period, selection.previous
    commitments = priority.commitments.all()
    if period is None:
        return list(commitments)
    periods = [p for p in (period, previous) if p is not None]
    updates = with_amendment(Update.objects.filter(period=period))
    updates = updates.order_by("order").prefetch_related("footnotes")
    earlier_updates = (
        Update.objects.filter(period=previous, commitment=OuterRef("pk"))
        .order_by()
        .values("commitment")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return list(
        commitments.current_in(period)
        .annotate(previous_updates=Coalesce(Subquery(earlier_updates), 0))
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=with_amendment(Assessment.objects.filter(period__in=periods)),
                to_attr="period_assessments",
            ),
            Prefetch("updates", queryset=updates, to_attr="period_updates"),
        )
    )


def describe_commitment(commitment, selection):
    """Attach what the template shows: the statuses and whether they moved, the laid-out
    updates, the footnotes."""
    assessments = {a.period_id: a for a in getattr(commitment, "period_assessments", [])}
    period, previous = selection.period, selection.previous
    commitment.assessment = assessments.get(period.pk) if period else None
    commitment.previous_assessment = assessments.get(previous.pk) if previous else None
    now, before = (
        a.status if a else Assessment.Status.NOT_ASSESSED
        for a in (commitment.assessment, commitment.previous_assessment)
    )
    # The contents list marks a status that moved, so that it is seen before scrolling.
    commitment.status_changed = previous is not None and now != before
    commitment.previous_status_label = Assessment.Status(before).label
    updates = getattr(commitment, "period_updates", [])
    for update in updates:
        update.footnote_anchor = footnote_anchor(update)
    commitment.sections = lay_out(updates)
    commitment.footnotes = [(update, note) for update in updates for note in update.footnotes.all()]
    commitment.update_count = len(updates)


@login_required
def changes_since_publication(request):
    """Every change since the publication date of the latest published period, grouped by
    model: who, when and each field before and after."""
    if not may_read_trail(request.user):
        raise PermissionDenied
    period = latest_published_period()
    changes = ObjectChange.objects.select_related("content_type")
    if period is not None:
        changes = changes.filter(time__gte=start_of(period.published_on))
    listed = list(changes[: MAX_CHANGES + 1])
    context = {
        "period": period,
        "groups": grouped(listed[:MAX_CHANGES]),
        "truncated": len(listed) > MAX_CHANGES,
        "max_changes": MAX_CHANGES,
    }
    return render(request, "audit/changes.html", context)


def latest_published_period():
    published = ReportingPeriod.objects.filter(
        status=ReportingPeriod.Status.PUBLISHED, published_on__isnull=False
    )
    return published.order_by("-published_on", "-financial_year", "-quarter").first()


def start_of(day):
    """The first moment of the day, here: changes on publication day may follow it."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def grouped(changes):
    """[(model's plural name, [(change, field changes)])], models in name order, each
    model's changes newest first."""
    groups = {}
    for change in changes:
        model = change.content_type.model_class()
        name = model._meta.verbose_name_plural if model else change.content_type.model
        groups.setdefault(str(name).capitalize(), []).append((change, field_changes(change)))
    return sorted(groups.items())
