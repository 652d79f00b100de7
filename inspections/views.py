"""The HMICFRS page: the grade table as the report prints it, and the findings tracker."""

from django.db.models import F
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from essexperf.pagecache.pages import remember
from inspections.grades import latest_grades
from inspections.models import Finding, Inspection
from priorities.access import reader_required
from priorities.selection import choose_period
from priorities.visibility import audience


def open_findings(user, today):
    """Every open finding, soonest due first (undated last), each marked overdue or not."""
    findings = list(
        Finding.objects.visible_to(user)
        .filter(status=Finding.Status.OPEN)
        .select_related("inspection")
        .order_by(F("due_date").asc(nulls_last=True), "inspection__year", "kind", "pk")
    )
    for finding in findings:
        finding.overdue = finding.is_overdue(today)
    return findings


def inspections_body(request, selection, today):
    """The inspections page's content as HTML."""
    user = request.user
    reports = Inspection.objects.visible_to(user).filter(published_on__isnull=False)
    context = {
        "selection": selection,
        "grades": list(latest_grades(user, selection.period)),
        "findings": open_findings(user, today),
        "reports": list(reports.order_by("-published_on", "pillar")),
        "today": today,
    }
    return render_to_string("inspections/inspection_list_body.html", context, request)


@reader_required
def inspection_list(request):
    """The period's grade table, open findings and the PCC's response dates."""
    selection = choose_period(request)
    today = timezone.localdate()
    # Findings turn overdue with the date, so a day's page is not the next day's.
    body = remember(
        "inspections",
        audience(request.user),
        [selection.code, today.isoformat()],
        lambda: inspections_body(request, selection, today),
    )
    context = {"selection": selection, "body": body}
    return render(request, "inspections/inspection_list.html", context)
