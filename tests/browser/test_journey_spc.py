"""Telling signal from noise in a real browser: an office editor adds a recalculation point,
with its reason, to a metric in the admin; a board member then opens the metric's page and
reads its process chart, with the new segment's own mean in the table below it, on a desktop
and on a phone."""

import datetime

import pytest
from playwright.sync_api import expect

from metrics.models import Metric, Recalculation
from priorities.models import Priority
from tests.browser.conftest import axe_violations, sign_in, visit
from tests.browser.journeys import Journey, message, sign_in_to_admin
from tests.factories import AreaFactory, MetricFactory
from tests.process_helpers import monthly_series

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_390 = {"width": 390, "height": 844}
REASON = "Crime recorded to the new national standard from October 2016."
# 10, 14 in turn for the year to September 2016, then 20, 24 in turn for the year to
# September 2017, its last month 40 instead of 24. Recalculated from 1 October 2016:
# the second segment's mean is (6 x 20 + 5 x 24 + 40) / 12 = 280 / 12 = 23.33; its moving
# ranges ten of 4 and 40 - 20 = 20, 60 / 11; its limits 23.33 -/+ 2.66 x 60 / 11 =
# 23.33 -/+ 14.51: 8.8 and 37.8. The 40 is above 37.8: special cause improvement (up is
# good). The first segment: mean 12, moving ranges all 4, limits 12 -/+ 10.64.
STEP = [10, 14] * 6 + [20, 24] * 5 + [20, 40]


def test_an_editor_adds_a_recalculation_and_a_board_member_reads_the_new_mean(
    browser, demo_site, editor
):
    priority = Priority.objects.get(number=1)
    metric = MetricFactory(
        name="Volunteer hours", slug="volunteer-hours", up_is="good", priority=priority
    )
    figures = monthly_series(metric, AreaFactory(), STEP)
    # Compared with the month before, the latest is one of the priority's headline figures.
    figures[-1].compared_with = figures[-2]
    figures[-1].save()
    journey = Journey(browser.new_context(viewport={"width": 1280, "height": 900}), "spc")

    with journey.step("Sign in to the admin as an office editor") as page:
        sign_in_to_admin(page, demo_site.url, "edith", "editor-password-1")

    with journey.step("Open the metric's page in the admin") as page:
        page.goto(f"{demo_site.url}/admin/metrics/metric/?q=Volunteer")
        page.get_by_role("link", name="Volunteer hours").click()
        expect(page.locator("#recalculations-group")).to_contain_text("Recalculation")

    with journey.step("Add a recalculation point from October 2016 with its reason") as page:
        page.fill("#id_recalculations-0-date", "2016-10-01")
        page.fill("#id_recalculations-0-reason", REASON)
        page.click("input[name=_save]")
        expect(message(page)).to_contain_text("was changed successfully")
        saved = Recalculation.objects.get(metric=metric)
        assert (saved.date, saved.area, saved.reason) == (datetime.date(2016, 10, 1), None, REASON)

    with journey.step("Sign in as a board member") as page:
        page.context.clear_cookies()
        sign_in(page, demo_site.url, "board", "board-password-1")
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    with journey.step("Open the metric's page: the process chart and its two segments") as page:
        visit(page, f"{demo_site.url}/metrics/volunteer-hours/")
        expect(page.locator("#chart-process svg.main-svg").first).to_be_visible()
        expect(page.locator("#process")).to_have_text("Signal or noise in Essex")
        segments = page.locator("table", has_text="Means and process limits").locator("tbody tr")
        expect(segments).to_have_count(2)
        expect(segments.nth(1)).to_contain_text("31 Oct 2016")
        expect(segments.nth(1).locator("td[data-label=Mean]")).to_have_text("23.3")
        expect(segments.nth(1).locator("td[data-label='Lower limit']")).to_have_text("8.8")
        expect(segments.nth(1).locator("td[data-label='Upper limit']")).to_have_text("37.8")
        expect(segments.nth(1)).to_contain_text(REASON)
        expect(segments.nth(0).locator("td[data-label=Mean]")).to_have_text("12")
        variation = page.locator(".summary-list__row", has_text="Variation")
        expect(variation).to_contain_text("Special cause variation: improvement")
        newest = page.locator("table", has_text="Signals, newest first").locator("tbody tr")
        expect(newest.first).to_contain_text("30 Sep 2017 40 Special cause variation: improvement")
        expect(newest.first).to_contain_text("Outside the process limits")
        assert axe_violations(page) == []

    with journey.step("See the figure's variation beside it on the overview") as page:
        page.get_by_role("link", name="Overview").click()
        headline = page.locator(".headline", has_text="Volunteer hours")
        expect(headline).to_contain_text("40")
        # 40 against 20 in a month: given 60 in both, 40 or more in one has a chance of
        # about 0.007 each side, so the rise is significant.
        expect(headline).to_contain_text("up 100% (better, significant)")
        expect(headline.locator(".process-labels")).to_have_text(
            "Special cause variation: improvement"
        )

    with journey.step("Read the process tables on a phone, 390 pixels wide") as page:
        page.set_viewport_size(PHONE_390)
        visit(page, f"{demo_site.url}/metrics/volunteer-hours/")
        page.locator("#process-segments-caption").scroll_into_view_if_needed()
        expect(page.locator("td[data-label=Mean]").nth(1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]

    assert Metric.objects.get(slug="volunteer-hours").recalculations.count() == 1
    journey.finish()
