"""The report as a PDF, drawn by WeasyPrint from the same body template as the page.

It is written as PDF/UA-1: tagged with the structure of the HTML (headings, lists, tables
whose cells name their headers), in the reading order of the page, with the language and
title of the document, so that a screen reader can read it as it reads the page. The report
must be publishable by a public body under the 2018 accessibility regulations.
"""

from django.template.loader import render_to_string
from weasyprint import HTML


def render_report_pdf(report):
    """The report as the bytes of a PDF file."""
    html = render_to_string("priorities/report_pdf.html", {"report": report})
    # The template links to nothing outside itself, so no base URL is given: nothing is
    # fetched while drawing.
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
