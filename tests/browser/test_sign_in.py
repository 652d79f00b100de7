import pytest

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    axe_violations,
    screenshot,
    sign_in,
    watched_page,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_sign_in_page_has_no_accessibility_violations(browser, demo_site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{demo_site.url}/accounts/login/")
    screenshot(page, "sign-in-phone")
    assert axe_violations(page) == []
    context.close()


def test_a_board_member_signs_in_and_reaches_the_landing_page(browser, demo_site):
    page = watched_page(browser.new_context(viewport=DESKTOP))
    sign_in(page, demo_site.url, "board", "board-password-1")

    assert page.url == f"{demo_site.url}/"
    assert page.locator("h1").first.inner_text()
    assert page.console_errors == []
    page.context.close()
