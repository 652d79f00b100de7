"""Every page in the browser board members and office staff use: whole from this server,
free of script errors, its charts drawn, passing axe-core at desktop and phone widths, never
wider than a phone, and photographed at both widths for a person to look at.

The pages are checked in two tests rather than one each, since every test reloads the demo:
each test gathers what is wrong with every page, so that one run shows all of it.
"""

import pytest

from priorities.models import Commitment, ReportingPeriod
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    axe_violations,
    offsite_requests,
    screenshot,
    visit,
)
from tests.page_helpers import add_earlier_hours, add_later_period

pytestmark = pytest.mark.django_db(transaction=True)

BOARD_PAGES = {
    "overview": "/",
    "priorities": "/priorities/",
    "priority-1": "/priorities/1/",
    "priority-7": "/priorities/7/",
    "metric": "/metrics/special-constable-hours/",
    "inspections": "/inspections/",
    "roads": "/roads/",
    "search": "/search/?q=Raptor",
    "report": "/reports/2017-18-Q2/",
    "api-docs": "/api/v1/docs/",
}
STAFF_PAGES = {
    "admin": "/admin/",
    # A commitment's plan wording, and the page where staff write its draft quarter.
    "admin-commitment": "/admin/priorities/commitment/{commitment}/change/",
    "admin-quarter": "/admin/priorities/commitment/{commitment}/quarter/2017-18-Q3/",
}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
# Swagger UI draws its page from the schema after the page has loaded.
READY = {"api-docs": ".swagger-ui .opblock"}
# The pages that chart the demo report's figures, with Specials' hours long enough for a line:
# the demo's other lines have one or two figures, given in words and tables instead.
CHARTED = {"overview", "priority-1", "metric", "roads"}


def problems_at_both_widths(page, base_url, pages):
    """What is wrong with each page at each width, naming only what is wrong."""
    problems = {}
    for name, path in pages.items():
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            visit(page, base_url + path, ready=READY.get(name))
            screenshot(page, f"{name}-{width}")
            found = {
                # Copied before axe-core runs: its own probes break the page's style policy.
                "console errors": list(page.console_errors),
                "requests elsewhere": offsite_requests(page, base_url),
                "no chart drawn": name in CHARTED and not charts_drawn(page),
                "axe violations": axe_violations(page),
                "page scrolls sideways": scroll_width(page) > viewport["width"],
            }
            if any(found.values()):
                problems[f"{name} at {width}"] = {what: it for what, it in found.items() if it}
    return problems


def charts_drawn(page):
    """How many charts plotly.js has drawn; visit() has waited for every one it began."""
    return page.locator(".js-plotly-plot:has(svg.main-svg)").count()


def scroll_width(page):
    # Wide tables scroll in their own region; the page itself must never need to.
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_board_members_pages_work_offline_and_accessibly_at_both_widths(page, demo_site):
    add_earlier_hours()

    assert problems_at_both_widths(page, demo_site.url, BOARD_PAGES) == {}


def test_the_data_entry_pages_work_offline_and_accessibly_at_both_widths(staff_page, demo_site):
    add_later_period(status=ReportingPeriod.Status.DRAFT)
    commitment = Commitment.objects.get(priority__number=1, order=1)
    pages = {name: path.format(commitment=commitment.pk) for name, path in STAFF_PAGES.items()}

    assert problems_at_both_widths(staff_page, demo_site.url, pages) == {}
