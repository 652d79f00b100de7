"""Crime from police.uk on a phone: a board member opens Crime from the main navigation,
reads each crime type against a year before, and follows a type to its metric page for the
same area. The demo's Braintree stands in for the files' LSOA."""

import datetime

import pytest
from playwright.sync_api import expect

from metrics.models import Area, LsoaArea
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, sign_in, watched_page
from tests.metrics.policeuk_helpers import BASILDON, run, street_file

pytestmark = pytest.mark.django_db(transaction=True)


def import_crimes(folder):
    """August 2016 and 2017, in files of their own; and the 12 months between."""
    LsoaArea.objects.create(lsoa_code=BASILDON, area=Area.objects.get(slug="braintree"))
    for month in range(24):
        day = datetime.date(2015 + (month + 8) // 12, (month + 8) % 12 + 1, 1)
        burglaries = 60 if day == datetime.date(2017, 8, 1) else 40
        counts = {(f"{day:%Y-%m}", "Burglary"): burglaries, (f"{day:%Y-%m}", "Vehicle crime"): 12}
        run(street_file(folder, f"{day:%Y-%m}-essex-street.csv", counts))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_board_member_reads_crime_and_follows_a_type_to_its_page(
    browser, demo_site, viewer, tmp_path, viewport
):
    import_crimes(tmp_path)
    board = watched_page(browser.new_context(viewport=viewport))
    sign_in(board, demo_site.url, "victor", "viewer-password-1")

    board.get_by_role("navigation", name="Main").get_by_role("link", name="Crime").click()
    expect(board.locator("h1")).to_have_text("Crime in Essex")
    burglary = board.locator("#crime-types tbody tr").filter(has_text="Burglary")
    expect(burglary.locator('[data-label="Crimes"]')).to_have_text("60")
    expect(burglary.locator('[data-label="A year before"]')).to_have_text("40")
    expect(burglary.locator('[data-label="Change on a year before"]')).to_contain_text(
        "+20: ▲ up 50% (within normal variation)"
    )
    expect(board.locator("#chart-all-crime .main-svg").first).to_be_visible()
    name = "phone" if viewport == PHONE else "desktop"
    board.screenshot(path=str(tmp_path / f"crime-{name}.png"), full_page=True)
    assert axe_violations(board) == []

    board.select_option("#area-choice", label="Braintree")
    board.get_by_role("button", name="Show area").click()
    expect(board.locator("h1")).to_have_text("Crime in Braintree")
    board.get_by_role("link", name="Burglary", exact=True).click()
    expect(board.locator("h1")).to_have_text("Burglary (police.uk)")
    expect(board.locator("h2").first).to_have_text("Over time in Braintree")
    assert axe_violations(board) == []
    assert board.console_errors == []
