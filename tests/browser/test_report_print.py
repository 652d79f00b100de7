"""The quarterly report printed from the browser: without the screen's tools, each priority
starting a new page, as the paper edition does."""

import io

import pytest
from pypdf import PdfReader

from tests.browser.conftest import visit

pytestmark = pytest.mark.django_db(transaction=True)

REPORT = "/reports/2017-18-Q2/"
BREAKS_BEFORE = """(sections) => sections.map((section) => {
    const style = getComputedStyle(section);
    return style.breakBefore === "page" || style.pageBreakBefore === "always";
})"""


def test_the_printed_report_leaves_out_its_tools_and_starts_each_priority_on_a_new_page(
    page, demo_site
):
    visit(page, f"{demo_site.url}{REPORT}")
    page.emulate_media(media="print")

    assert page.locator(".report-tools").is_hidden()
    assert page.locator(".skip-link").is_hidden()
    breaks = page.locator(".priority").evaluate_all(BREAKS_BEFORE)
    assert len(breaks) == 7
    assert all(breaks)


def test_the_report_prints_to_a_pdf_with_each_priority_on_its_own_pages(page, demo_site):
    visit(page, f"{demo_site.url}{REPORT}")
    headings = page.locator(".priority__heading").all_inner_texts()

    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    texts = [" ".join(p.extract_text().split()) for p in pdf.pages]

    assert len(texts) > len(headings)
    # Each priority's heading opens a page of its own.
    opening = [n for n, text in enumerate(texts) for h in headings if text.startswith(h)]
    assert len(opening) == len(headings)
    assert opening == sorted(set(opening))


def test_a_dashboard_prints_without_its_navigation_or_period_switcher(page, demo_site):
    visit(page, f"{demo_site.url}/inspections/")
    page.emulate_media(media="print")

    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".period-switcher").is_hidden()
    assert page.locator("h1").is_visible()
