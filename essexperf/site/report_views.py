"""The quarterly report of a period as a printable page and as a PDF download.

Both are kept in the cache once drawn (essexperf.pagecache): the PDF takes about a second to
draw, and a period's report changes only when its data does (a published one, only by an
amendment), which gives the data a new version and so a new cache key.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from essexperf.pagecache.pages import remember
from essexperf.site.report import build_report, report_filename
from essexperf.site.report_pdf import render_report_pdf
from priorities.access import reader_required
from priorities.models import ReportingPeriod
from priorities.visibility import audience


def _report_for(request, code):
    period = get_object_or_404(ReportingPeriod.objects.visible_to(request.user), code=code)
    return build_report(period, request.user)


@reader_required
def report(request, code):
    def draw():
        context = {"report": _report_for(request, code)}
        return render_to_string("priorities/report.html", context, request=request)

    return HttpResponse(remember("report", audience(request.user), [code], draw))


@reader_required
def report_pdf(request, code):
    pdf = remember(
        "report_pdf",
        audience(request.user),
        [code],
        lambda: render_report_pdf(_report_for(request, code)),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=report_filename(code)
    )
    return response
