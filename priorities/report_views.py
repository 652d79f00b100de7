"""The quarterly report of a period as a printable page and as a PDF download."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from priorities.access import reader_required
from priorities.models import ReportingPeriod
from priorities.report import build_report
from priorities.report_pdf import render_report_pdf


def _report_for(request, code):
    period = get_object_or_404(ReportingPeriod.objects.visible_to(request.user), code=code)
    return build_report(period, request.user)


@reader_required
def report(request, code):
    return render(request, "priorities/report.html", {"report": _report_for(request, code)})


@reader_required
def report_pdf(request, code):
    report = _report_for(request, code)
    response = HttpResponse(render_report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=report.filename
    )
    return response
