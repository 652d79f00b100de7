"""The period switcher: choosing another edition of the report shows that edition's figures,
with the mouse or from the keyboard alone."""

import pytest

from tests.browser.conftest import visit
from tests.page_helpers import add_earlier_hours, add_later_period

pytestmark = pytest.mark.django_db(transaction=True)

HOURS = "/metrics/special-constable-hours/"
HOURS_CHART = "#chart-special-constable-hours"
CHART_DRAWN = f"() => document.querySelector('{HOURS_CHART} svg.main-svg')"
# Special Constables' hours as each edition reports them.
LATER, DEMO = "31,200 hours", "29,620 hours"


def latest_figure(page):
    return page.locator(".summary-list__row", has_text="Latest").locator("dd strong").inner_text()


def charted_values(page):
    return page.locator(HOURS_CHART).evaluate("(chart) => chart.data.flatMap((t) => t.y)")


def test_choosing_each_period_shows_its_own_figures(page, demo_site):
    add_later_period()
    add_earlier_hours()
    visit(page, f"{demo_site.url}{HOURS}")
    assert latest_figure(page) == LATER
    assert 31200 in charted_values(page)

    for code, figure in (("2017-18-Q2", DEMO), ("2017-18-Q3", LATER)):
        page.select_option("#period-choice", code)
        page.get_by_role("button", name="Show period").click()
        page.wait_for_url(f"**period={code}")
        page.wait_for_function(CHART_DRAWN)

        assert latest_figure(page) == figure
        assert page.locator("#period-choice").input_value() == code
    assert page.console_errors == []


def test_the_period_switcher_works_from_the_keyboard(page, demo_site):
    add_later_period()
    add_earlier_hours()
    visit(page, f"{demo_site.url}{HOURS}")

    tab_to(page, "#period-choice")
    # On a closed list the arrow keys change the choice: the next is the earlier edition.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Show period"
    page.keyboard.press("Enter")
    page.wait_for_url("**period=2017-18-Q2")
    page.wait_for_function(CHART_DRAWN)

    assert latest_figure(page) == DEMO
    assert 31200 not in charted_values(page)


def tab_to(page, selector, limit=20):
    """Press Tab until the element is focused, as a keyboard user would reach it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reached in {limit} presses of Tab")
