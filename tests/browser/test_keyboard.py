"""Keyboard use from the top of a page: the skip link comes first and shows itself, then the
site's navigation."""

import pytest

from tests.browser.conftest import visit

pytestmark = pytest.mark.django_db(transaction=True)

NAVIGATION = [
    "Overview",
    "Priorities",
    "Needs attention",
    "Inspections",
    "Roads",
    "Crime",
    "Search",
    "Sign out",
]


def press_tab(page):
    """Press Tab; return the name a reader hears for the element now focused."""
    page.keyboard.press("Tab")
    return page.evaluate("document.activeElement.textContent.replace(/\\s+/g, ' ').trim()")


def test_tab_reaches_the_skip_link_first_then_the_navigation(page, demo_site):
    visit(page, f"{demo_site.url}/")

    assert press_tab(page) == "Skip to main content"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0  # On screen once focused.
    assert press_tab(page) == "essexperf"
    assert [press_tab(page) for _ in NAVIGATION] == NAVIGATION


def test_the_skip_link_takes_the_keyboard_to_the_main_content(page, demo_site):
    visit(page, f"{demo_site.url}/inspections/")

    press_tab(page)
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab goes on from the content, past the navigation and the period switcher.
    press_tab(page)
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_the_reports_skip_link_comes_before_its_tools(page, demo_site):
    visit(page, f"{demo_site.url}/reports/2017-18-Q2/")

    assert press_tab(page) == "Skip to the report"
    assert press_tab(page) == "essexperf"
    assert press_tab(page) == "Download PDF of this report"
