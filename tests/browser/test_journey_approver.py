"""An approver's quarter in a real browser: 2017-18-Q3 has come for review with most of it
still missing; the approver checks what is missing, is refused publishing it without a
reason, publishes it with one, then amends a figure found wrong afterwards, and sees the
amendment on the public page."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from metrics.models import Observation
from priorities.models import Amendment, Commitment, ReportingPeriod
from tests.browser.journeys import Journey, message, sign_in_to_admin
from tests.quarter_helpers import HOURS_AMENDMENT, third_quarter_in_review

pytestmark = pytest.mark.django_db(transaction=True)

Q3 = "2017-18-Q3"
REASON = "The board meets on Monday; the late figures follow as amendments."


def test_an_approver_publishes_a_quarter_with_a_reason_and_amends_a_figure(
    browser, demo_site, approver
):
    q3, hours = third_quarter_in_review(approver)
    journey = Journey(browser.new_context(viewport={"width": 1280, "height": 900}), "approver")
    with journey.step("Sign in to the admin") as page:
        sign_in_to_admin(page, demo_site.url, "amir", "approver-password-1")

    with journey.step("Open Q3, in review, from the list of periods") as page:
        page.get_by_role("link", name="Reporting periods").first.click()
        expect(page.locator("tr", has_text=Q3)).to_contain_text("In review")
        page.get_by_role("link", name=Q3).first.click()
        expect(page.locator("#publish-link")).to_be_visible()

    with journey.step("Read what is missing on the confirmation page") as page:
        page.locator("#publish-link").click()
        expect(page.get_by_role("heading", name=f"Publish {Q3}")).to_be_visible()
        # Three of the plan's commitments have a status; none has an update.
        lacking = Commitment.objects.count()
        expect(page.locator("#missing-commitments h2")).to_have_text(
            f"Commitments without an update or an assessment ({lacking})"
        )
        expect(page.locator("#missing-commitments")).to_contain_text("An update")

    with journey.step("Publish with no reason: refused, still in review") as page:
        page.get_by_role("button", name=f"Publish {Q3} anyway").click()
        expect(page.locator("#error-summary")).to_contain_text("Give the reason")
        assert ReportingPeriod.objects.get(code=Q3).status == "in_review"

    with journey.step("Publish with the reason") as page:
        page.get_by_label("Reason to publish with these items missing").fill(REASON)
        page.get_by_role("button", name=f"Publish {Q3} anyway").click()
        expect(message(page)).to_contain_text(f"{Q3} is published on")
        expect(page.locator("#content-main")).to_contain_text(REASON)

    with journey.step("Find Q3's Special Constables' hours among the observations") as page:
        page.goto(f"{demo_site.url}/admin/metrics/observation/?reported_in__id__exact={q3.pk}")
        row = page.locator("#result_list tr", has_text="Hours of service by Special Constables")
        row = row.filter(has_text="01 Sep 2017 to 30 Nov 2017")
        expect(row).to_contain_text("25,000 hours")
        row.get_by_role("link").first.click()
        expect(page.get_by_role("link", name="Amend", exact=True)).to_be_visible()

    with journey.step("Amend the figure with no reason: refused") as page:
        page.get_by_role("link", name="Amend", exact=True).click()
        page.get_by_label("Value").fill("24900")
        page.get_by_role("button", name="Amend", exact=True).click()
        expect(page.locator(".errorlist").first).to_contain_text("Give the reason")
        assert Observation.objects.get(pk=hours.pk).value == Decimal(25000)

    with journey.step("Amend it with the reason") as page:
        page.get_by_label("Reason").fill(HOURS_AMENDMENT)
        page.get_by_role("button", name="Amend", exact=True).click()
        expect(message(page)).to_contain_text(
            "Amended: Hours of service by Special Constables: 24900"
        )
        assert Observation.objects.get(pk=hours.pk).value == Decimal(24900)
        assert Amendment.objects.get().reason == HOURS_AMENDMENT

    with journey.step("See the figure marked amended, with the reason, on its page") as page:
        page.goto(f"{demo_site.url}/metrics/special-constable-hours/")
        expect(page.locator("main")).to_contain_text("Amended")
        expect(page.locator("main")).to_contain_text(HOURS_AMENDMENT)
    journey.finish()
