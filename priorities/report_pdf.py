"""The report as a PDF, drawn by xhtml2pdf from the same body template as the page.

xhtml2pdf is pure Python (on ReportLab), so building the PDF needs no system library and
the text of the PDF is the text of the page.
"""

from io import BytesIO

from django.template.loader import render_to_string
from xhtml2pdf import pisa


class ReportPdfError(Exception):
    """xhtml2pdf reported errors while drawing the report."""


def render_report_pdf(report):
    """The report as the bytes of a PDF file."""
    html = render_to_string("priorities/report_pdf.html", {"report": report})
    pdf = BytesIO()
    result = pisa.CreatePDF(html, dest=pdf, encoding="utf-8")
    if result.err:
        raise ReportPdfError(f"{result.err} errors drawing the report of {report.period.code}")
    return pdf.getvalue()
