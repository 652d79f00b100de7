"""Publishing the quarter after the demo's in a real browser: sent for review from its page,
checked on the confirmation page, refused without a reason, published with one; and the
completion page at a phone's width."""

import datetime

import pytest
from playwright.sync_api import expect

from priorities.models import ReportingPeriod
from tests.browser.conftest import PHONE, axe_violations, screenshot, visit
from tests.factories import FindingFactory, InspectionFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "The board meets on Monday; the late figures follow as amendments."


@pytest.fixture
def third_quarter(demo_site):
    """2017-18-Q3, started after the demo's Q2 with nothing entered, and a finding open
    past its due date."""
    FindingFactory(
        inspection=InspectionFactory(year=2015),
        text="Improve the recording of crime.",
        owner="DCC Smith",
        due_date=datetime.date(2017, 1, 31),
    )
    return ReportingPeriodFactory(quarter=3, data_to=datetime.date(2017, 11, 30))


def test_staff_send_the_quarter_for_review_and_publish_it_with_a_reason(
    staff_page, demo_site, third_quarter
):
    page = staff_page
    period_page = f"{demo_site.url}/admin/priorities/reportingperiod/{third_quarter.pk}/change/"
    visit(page, period_page)
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".messagelist")).to_contain_text("2017-18-Q3 is in review.")
    screenshot(page, "period-in-review")

    page.get_by_role("link", name="Publish…").click()
    expect(page.get_by_role("heading", name="Publish 2017-18-Q3")).to_be_visible()
    expect(page.locator("#missing-findings")).to_contain_text("Improve the recording of crime.")
    expect(page.locator("#missing-ksi_tables")).to_contain_text("(2)")
    assert axe_violations(page) == []
    screenshot(page, "publish-confirmation")

    page.get_by_role("button", name="Publish 2017-18-Q3 anyway").click()
    expect(page.locator("#error-summary")).to_contain_text("Give the reason")
    screenshot(page, "publish-confirmation-error")
    assert ReportingPeriod.objects.get(pk=third_quarter.pk).status == "in_review"

    page.get_by_label("Reason to publish with these items missing").fill(REASON)
    page.get_by_role("button", name="Publish 2017-18-Q3 anyway").click()
    expect(page.locator(".messagelist")).to_contain_text("2017-18-Q3 is published on")
    expect(page.locator("#content-main")).to_contain_text(REASON)
    assert ReportingPeriod.objects.get(pk=third_quarter.pk).publish_reason == REASON
    assert page.console_errors == []


def test_the_completion_page_reads_at_a_phones_width(staff_page, demo_site, third_quarter):
    page = staff_page
    page.set_viewport_size(PHONE)
    visit(page, f"{demo_site.url}/admin/priorities/reportingperiod/{third_quarter.pk}/completion/")
    expect(page.get_by_role("button", name="Send reminders")).to_be_visible()
    expect(page.locator("#missing-commitments")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    assert axe_violations(page) == []
    screenshot(page, "completion-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "completion")
    assert page.console_errors == []
