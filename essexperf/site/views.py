"""The pages that put every app together: the overview (what changed, each priority's
statuses and headline figures, the grades and the roads casualties), a priority's page with
its figures, and search."""

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string

from essexperf.pagecache.pages import remember
from essexperf.site.changes import what_changed
from essexperf.site.summaries import priority_cards
from inspections.grades import latest_grades
from metrics.models import Metric
from metrics.panels import ksi_totals, metric_panels
from priorities.access import reader_required
from priorities.filtersets import CommitmentFilterSet, UpdateFilterSet
from priorities.models import Commitment, Priority, Update
from priorities.selection import choose_period
from priorities.views import describe_commitment, period_commitments
from priorities.visibility import audience

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
            "overview",
            audience(request.user),
            [selection.code],
            lambda: overview_body(request, selection),
        )
    return render(request, "priorities/overview.html", {"selection": selection, "body": body})


def priority_page(request, selection, number):
    """A priority in the period, and its page's content as HTML: its commitments, their
    statuses, updates and figures."""
    user = request.user
    priority = (
        Priority.objects.visible_to(user)
        .in_force(selection.period)
        .filter(number=number)
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
        audience(request.user),
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
