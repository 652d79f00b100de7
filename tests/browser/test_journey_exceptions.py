"""What needs the board's attention, in a real browser: a board member opens Needs attention
for 2017-18-Q2, reads its sentences most severe first and follows one to the metric's page;
an office editor writing 2017-18-Q3 inserts a figure's sentence into an update and saves it.

Two measures are added to the demo's Priority 1 (tests/metrics/exception_helpers.py): a
special cause concern (150 above an upper limit of 122.06) and a target of 95% failed (the
process limits are 76.4% to 83.6%); a third, a target of 82%, is hit and miss. The demo's
own three figures to 31 July 2017 are older than its data, to 31 August 2017.
"""

import datetime

import pytest
from playwright.sync_api import expect

from priorities.models import Commitment, Priority, Update
from priorities.quarter import quarter_url
from tests.browser.conftest import axe_violations, sign_in, visit
from tests.browser.journeys import Journey, message, sign_in_to_admin
from tests.factories import AreaFactory, ReportingPeriodFactory
from tests.metrics import exception_helpers as built

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_390 = {"width": 390, "height": 844}
Q2, Q3 = "2017-18-Q2", "2017-18-Q3"
# The concern's sentence in Q3: its figures were entered outside any edition, so August's
# is the first edition's to reach it, 2017-18-Q2 (data to 31 August 2017).
CARS_IN_Q3 = "Car thefts: 150 in August 2017, not updated since 2017-18-Q2; special cause concern."


def test_a_board_member_reads_what_needs_attention_and_an_editor_quotes_a_sentence(
    browser, demo_site, editor
):
    priority = Priority.objects.get(number=1)
    built.process_measures(priority, AreaFactory())
    journey = Journey(browser.new_context(viewport={"width": 1280, "height": 900}), "exceptions")

    with journey.step("Sign in as a board member") as page:
        sign_in(page, demo_site.url, "board", "board-password-1")
        expect(page.get_by_role("navigation", name="Main")).to_contain_text("Needs attention")

    with journey.step("Open Needs attention for 2017-18-Q2") as page:
        page.get_by_role("link", name="Needs attention").click()
        page.locator("#period-choice").select_option(value=Q2)
        page.get_by_role("button", name="Show period").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "What needs the board's attention"
        )
        items = page.locator(".attention-list__sentence")
        expect(items).to_have_count(6)
        expect(items.nth(0)).to_have_text(built.CONCERN)
        expect(items.nth(1)).to_have_text(built.FAILING)
        expect(items.nth(2)).to_have_text(built.HIT_AND_MISS)
        expect(items.nth(5)).to_contain_text("Racial hate crimes reported: the latest figure")
        expect(page.locator("#attention-1 .tag")).to_have_text("Special cause concern")
        assert axe_violations(page) == []

    with journey.step("Follow the concern to the metric's page for the same period") as page:
        page.locator("#attention-1").get_by_role("link", name="Car thefts").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Car thefts")
        assert page.url.endswith(f"/metrics/car-thefts/?period={Q2}")

    with journey.step("Read the list on a phone, 390 pixels wide") as page:
        page.set_viewport_size(PHONE_390)
        visit(page, f"{demo_site.url}/exceptions/?period={Q2}")
        expect(page.locator(".attention-list__sentence").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]

    q3 = ReportingPeriodFactory(quarter=3, data_to=datetime.date(2017, 11, 30))
    commitment = Commitment.objects.filter(priority=priority).order_by("order").first()

    with journey.step("Sign in to the admin as an office editor") as page:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.context.clear_cookies()
        sign_in_to_admin(page, demo_site.url, "edith", "editor-password-1")

    with journey.step("Open the commitment's quarter page: the figures in sentences") as page:
        page.goto(f"{demo_site.url}{quarter_url(commitment, q3)}")
        sentences = page.locator("#figure-sentences")
        expect(sentences).to_contain_text(CARS_IN_Q3)

    with journey.step("Write the start of an update, then insert the sentence") as page:
        text = page.locator("textarea[name$='-text']").last
        text.fill("In the quarter: ")
        page.locator(".quarter-sentences__item", has_text=CARS_IN_Q3).get_by_role(
            "button", name="Insert into the update"
        ).click()
        expect(text).to_have_value(f"In the quarter: {CARS_IN_Q3}")
        assert not Update.objects.filter(commitment=commitment, period=q3).exists()

    with journey.step("Save, and see the sentence saved in the update") as page:
        page.get_by_label("Status").select_option(label="On track")
        page.locator("#save").click()
        expect(message(page)).to_contain_text("saved")
        expect(page.locator("#preview")).to_contain_text(f"In the quarter: {CARS_IN_Q3}")
        saved = Update.objects.get(commitment=commitment, period=q3)
        assert saved.text == f"In the quarter: {CARS_IN_Q3}"

    journey.finish()
