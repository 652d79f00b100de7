"""The plan's pages: the overview, the priorities, one priority in a period, and search."""

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string

from essexperf.pagecache.pages import remember
from inspections.grades import latest_grades
from metrics.models import Metric
from metrics.panels import ksi_totals, metric_panels
from priorities.access import reader_required
from priorities.amendments import with_amendment
from priorities.changes import what_changed
from priorities.filtersets import CommitmentFilterSet, UpdateFilterSet
from priorities.layout import footnote_anchor, lay_out
from priorities.models import Assessment, Commitment, Priority, Update
from priorities.selection import choose_period, current_in, plans_in_force
from priorities.summaries import priority_cards

# A search lists this many hits of each kind at most, and says when there are more.
SEARCH_LIMIT = 50


def overview_body(request, selection):
    """The overview's priorities, grades and roads casualties in the period, as HTML, after
    what changed since the previous period."""
    user = request.user
    context = {
        "selection": selection,
        "changes": what_changed(user, selection),
        "priorities": priority_cards(user, selection),
        "grades": list(latest_grades(user, selection.period)),
        "ksi_totals": ksi_totals(user, selection),
    }
    return render_to_string("priorities/overview_body.html", context, request)


@reader_required
def overview(request):
    """Every priority of the period at a glance, with the grades and the roads casualties."""
    selection = choose_period(request)
    body = ""
    if selection.period is not None:
        body = remember(
            "overview", request.user, [selection.code], lambda: overview_body(request, selection)
        )
    return render(request, "priorities/overview.html", {"selection": selection, "body": body})


def priority_list_body(request, selection):
    """The priorities of the plans in force and their commitments current in the period,
    as HTML."""
    period = selection.period
    commitments = Commitment.objects.all()
    if period is not None:
        commitments = commitments.filter(current_in(period))
    priorities = (
        Priority.objects.visible_to(request.user)
        .filter(plans_in_force(period, "plan__"))
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
        "priorities", request.user, [selection.code], lambda: priority_list_body(request, selection)
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
        commitments.filter(current_in(period))
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


def priority_page(request, selection, number):
    """A priority in the period, and its page's content as HTML: its commitments, their
    statuses, updates and figures."""
    user = request.user
    priority = (
        Priority.objects.visible_to(user)
        .filter(plans_in_force(selection.period, "plan__"), number=number)
        .select_related("plan")
        .order_by("-plan__start_date")
        .first()
    )
    if priority is None:
        raise Http404("No such priority in the plan of this period.")
    commitments = period_commitments(priority, selection)
    for commitment in commitments:
        describe_commitment(commitment, selection)
    panels = metric_panels(user, selection, Metric.objects.filter(priority=priority))
    for commitment in commitments:
        commitment.panels = panels.pop(commitment.pk, [])
    context = {
        "selection": selection,
        "priority": priority,
        "commitments": commitments,
        "other_panels": [panel for group in panels.values() for panel in group],
    }
    body = render_to_string("priorities/priority_body.html", context, request)
    return {"priority": priority, "body": body}


@reader_required
def priority_detail(request, number):
    """One priority in the period: its commitments, their statuses, updates and figures."""
    selection = choose_period(request)
    shown = remember(
        "priority",
        request.user,
        [selection.code, number],
        lambda: priority_page(request, selection, number),
    )
    return render(request, "priorities/priority_detail.html", {"selection": selection, **shown})


@reader_required
def search(request):
    """Commitments and updates whose text holds the words asked for, newest period first."""
    selection = choose_period(request)
    query = request.GET.get("q", "").strip()
    context = {"selection": selection, "query": query}
    if query:
        commitments = CommitmentFilterSet(
            {"q": query},
            queryset=Commitment.objects.visible_to(request.user).select_related("priority__plan"),
        ).qs[: SEARCH_LIMIT + 1]
        updates = UpdateFilterSet(
            {"q": query},
            queryset=Update.objects.visible_to(request.user).select_related(
                "period", "commitment__priority"
            ),
        ).qs[: SEARCH_LIMIT + 1]
        context.update(
            commitments=list(commitments)[:SEARCH_LIMIT],
            more_commitments=len(commitments) > SEARCH_LIMIT,
            updates=list(updates)[:SEARCH_LIMIT],
            more_updates=len(updates) > SEARCH_LIMIT,
        )
    return render(request, "priorities/search.html", context)
