"""A board member's quarter in a real browser: 2017-18-Q3 is published after the demo's Q2
(tests.quarter_helpers) and amended since. The board member signs in, sees on the overview
what changed and why, follows the commitment that went off track and the figure that got
worse, reads the report with its statuses and figures, downloads its PDF, and reads the
overview again on a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import Journey
from tests.quarter_helpers import (
    CORRECTED_REASON,
    HOURS_AMENDMENT,
    OFF_TRACK_REASON,
    write_third_quarter,
)

pytestmark = pytest.mark.django_db(transaction=True)

Q3 = "2017-18-Q3"
PHONE_390 = {"width": 390, "height": 844}
HOURS = "Hours of service by Special Constables"


def test_a_board_member_sees_what_changed_and_reads_the_report(
    browser, demo_site, approver, viewer
):
    write_third_quarter(approver)
    journey = Journey(browser.new_context(viewport={"width": 1280, "height": 900}), "board")
    with journey.step("Sign in: the overview opens on what changed this quarter") as page:
        page.goto(f"{demo_site.url}/accounts/login/")
        page.get_by_label("Username").fill("victor")
        page.get_by_label("Password").fill("viewer-password-1")
        page.get_by_role("button", name="Sign in").click()
        changed = page.locator("#what-changed")
        expect(changed).to_contain_text(
            # Worse: the hours (24,900 against 26,000) and the cadets (200 against 220); at
            # risk: the cadets' target of 300.
            "Since 2017-18-Q2: 2 RAG statuses changed, 1 figure got worse, 1 target at risk"
        )
        expect(changed).to_contain_text(f"From On track in 2017-18-Q2 to Off track in {Q3}")
        expect(changed).to_contain_text(CORRECTED_REASON)
        expect(changed).not_to_contain_text(OFF_TRACK_REASON)

    with journey.step("Follow the commitment that went off track to its priority") as page:
        changed.get_by_role("link", name="Commitment 1.1").click()
        commitment = page.locator(":target")
        expect(commitment).to_contain_text("Off track")
        expect(commitment).to_contain_text(CORRECTED_REASON)
        expect(commitment).to_contain_text("Amended")

    with journey.step("Open the figure that got worse: amended, with the reason") as page:
        page.goto(demo_site.url + "/")
        page.locator("#what-changed").get_by_role("link", name=HOURS).click()
        main = page.locator("main")
        expect(main).to_contain_text("24,900")
        expect(main).to_contain_text(HOURS_AMENDMENT)

    with journey.step("Read the Q3 report: statuses, reasons and headline figures") as page:
        page.goto(demo_site.url + "/")
        page.get_by_role("link", name=f"Read the {Q3} report as printed").click()
        report = page.locator("main")
        expect(report.locator(".tag", has_text="Off track").first).to_be_visible()
        expect(report).to_contain_text(CORRECTED_REASON)
        expect(report).to_contain_text("24,900 hours")

    with journey.step("Download the report's PDF") as page:
        with page.expect_download() as download:
            page.get_by_role("link", name="Download PDF").click()
        assert download.value.suggested_filename.endswith(".pdf")
        assert download.value.path().read_bytes()[:5] == b"%PDF-"

    with journey.step("Read the overview on a phone: nothing runs off the side") as page:
        page.set_viewport_size(PHONE_390)
        page.goto(demo_site.url + "/")
        expect(page.locator("#what-changed")).to_contain_text(CORRECTED_REASON)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    journey.finish()
