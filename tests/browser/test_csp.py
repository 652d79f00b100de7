"""The Content-Security-Policy holds in a real browser: every page works with no violation.

The policy allows only this server's own scripts and styles, so an inline script or style,
or one injected at run time (as plotly.js and Swagger UI might), would be refused and
reported; these pages must report nothing and still work.
"""

import pytest

from priorities.models import Commitment, ReportingPeriod
from tests.page_helpers import add_earlier_hours

pytestmark = pytest.mark.django_db(transaction=True)

# Playwright's init scripts run outside the page's policy, so this listener is not refused.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`;
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} from ${where}`);
});
"""


@pytest.fixture
def staff_page(staff_page):
    """The signed-in staff page, recording each violation from its next page on."""
    staff_page.context.add_init_script(RECORD_VIOLATIONS)
    return staff_page


def visit(page, url):
    """Open the url once its page has settled; return its response's CSP header."""
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    return response.headers.get("content-security-policy", "")


def assert_no_violation(page):
    assert page.evaluate("window.cspViolations") == []
    refused = [text for text in page.console_errors if "Content Security Policy" in text]
    assert refused == []
    assert page.console_errors == []


def test_the_policy_allows_only_this_servers_own_files(staff_page, demo_site):
    header = visit(staff_page, f"{demo_site.url}/")
    policy = dict(directive.strip().split(" ", 1) for directive in header.split(";"))

    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"


def chart_pages():
    """Pages charting Specials' hours, once their line is long enough for a chart."""
    add_earlier_hours()
    return ["/", "/metrics/special-constable-hours/", "/priorities/1/"]


def test_charts_are_drawn_with_no_violation(staff_page, demo_site):
    for path in chart_pages():
        visit(staff_page, f"{demo_site.url}{path}")
        staff_page.wait_for_selector("[data-figure] svg.main-svg", timeout=15_000)

        assert_no_violation(staff_page)


def test_the_report_shows_with_no_violation(staff_page, demo_site):
    code = ReportingPeriod.objects.order_by("pk").first().code
    visit(staff_page, f"{demo_site.url}/reports/{code}/")

    assert staff_page.locator("h1").count() >= 1
    assert_no_violation(staff_page)


def test_the_admin_works_with_no_violation(staff_page, demo_site):
    commitment = Commitment.objects.order_by("pk").first()
    for path in [
        "/admin/",
        "/admin/priorities/commitment/",
        f"/admin/priorities/commitment/{commitment.pk}/change/",
        "/admin/metrics/observation/add/",
    ]:
        visit(staff_page, f"{demo_site.url}{path}")

        assert staff_page.locator("#content").count() == 1
        assert_no_violation(staff_page)


def test_the_api_docs_work_with_no_violation(staff_page, demo_site):
    visit(staff_page, f"{demo_site.url}/api/v1/docs/")
    staff_page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)

    assert staff_page.locator(".swagger-ui .opblock").count() > 10
    assert_no_violation(staff_page)
