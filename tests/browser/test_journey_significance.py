"""A board member tells signal from noise in a real browser: on the demo's overview and its
September 2017 report (2017-18-Q2), each change says whether it is more than chance."""

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import Journey

pytestmark = pytest.mark.django_db(transaction=True)

Q2 = "2017-18-Q2"
HOURS = "Hours of service by Special Constables"
HATE_CRIMES = "Racial hate crimes reported"


def test_a_board_member_sees_which_changes_are_more_than_chance(browser, demo_site):
    journey = Journey(browser.new_context(viewport={"width": 1280, "height": 900}), "significance")
    with journey.step("Sign in: the overview's figures say whether each change is chance") as page:
        page.goto(f"{demo_site.url}/accounts/login/")
        page.get_by_label("Username").fill("board")
        page.get_by_label("Password").fill("board-password-1")
        page.get_by_role("button", name="Sign in").click()
        main = page.locator("main")
        # 29,620 against 27,292 hours over 92 days each: z = 1,163.5 / 119.28 = 9.75.
        hours = main.locator(".headline", has_text=HOURS)
        expect(hours).to_contain_text("up 8.5% (better, significant)")
        # 1,529 against 1,061 racial hate crimes: z = 9.25.
        expect(main.locator(".headline", has_text=HATE_CRIMES)).to_contain_text(
            "up 44.1% (significant)"
        )
        # 403 against 450 KSI casualties: z = 23 / 14.603 = 1.575, p = 0.115.
        expect(main).to_contain_text(
            "against 450 a year before: ▼ down 10.4% (within normal variation)"
        )

    with journey.step("Read the September 2017 report: the same words beside its figures") as page:
        page.get_by_role("link", name=f"Read the {Q2} report as printed").click()
        report = page.locator("main")
        expect(report).to_contain_text("What changed this quarter")
        expect(report.locator(".report-figures__item", has_text=HOURS)).to_contain_text(
            "▲ up 8.5% (better, significant)"
        )
        expect(report.locator(".report-figures__item", has_text=HATE_CRIMES)).to_contain_text(
            "▲ up 44.1% (significant)"
        )
        # Fewer calls by officers: 2,637 in August against 9,232 in May, far beyond chance.
        expect(report).to_contain_text("down 71.4% (better, significant)")
    journey.finish()
