import pytest

from tests.browser.conftest import PHONE, axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_sign_in_page_has_no_accessibility_violations(browser, demo_site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{demo_site.url}/accounts/login/")
    screenshot(page, "sign-in-phone")
    assert axe_violations(page) == []
    context.close()


def test_a_board_member_signs_in_and_reaches_the_landing_page(page, demo_site):
    assert page.url == f"{demo_site.url}/"
    assert page.locator("h1").first.inner_text()
    assert page.console_errors == []
