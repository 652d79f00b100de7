"""Office staff upload a quarter's figures in the browser: the page explains the columns and
offers the templates, a file with mistakes is previewed with each one named and nothing
written, and the corrected file is written once confirmed."""

import pytest
from playwright.sync_api import expect

from metrics.models import Observation
from tests.browser.conftest import PHONE, axe_violations, screenshot, visit

pytestmark = pytest.mark.django_db(transaction=True)

UPLOAD = "/admin/metrics/observation/upload/"
HEADER = "metric,area,start_date,end_date,value,basis,caveat\r\n"
# Written as staff would: the metric's name, the area's name, UK dates, the basis's label,
# saved by Excel as plain CSV (Windows-1252), with one basis mistyped and one date impossible.
WITH_MISTAKES = (
    HEADER
    + "ASB incidents at a premises closed by a closure order,Braintree,01/09/2017,30/11/2017,"
    "1,Quartely,Costs £120\r\n"
    + "ASB incidents at a premises closed by a closure order,Chelmsford,31/02/2017,30/11/2017,"
    "2,Three months,\r\n"
)
CORRECTED = WITH_MISTAKES.replace("Quartely", "Three months").replace("31/02/2017", "01/09/2017")


def file_of(text):
    return {"name": "figures.csv", "mimeType": "text/csv", "buffer": text.encode("cp1252")}


def test_staff_upload_a_file_see_its_mistakes_named_and_write_it_once_corrected(
    staff_page, demo_site
):
    page = staff_page
    visit(page, demo_site.url + UPLOAD)
    screenshot(page, "upload-desktop")
    expect(page.locator("#template-xlsx")).to_have_text("Excel template (.xlsx)")
    expect(page.locator("#column-basis")).to_contain_text("a code or label")
    assert page.console_errors == []
    assert axe_violations(page) == []

    page.set_input_files("input[type=file]", files=[file_of(WITH_MISTAKES)])
    page.click("input[type=submit][value='Check the file']")
    summary = page.locator("#upload-problems")
    expect(summary).to_contain_text(
        "Row 2, column basis: 'Quartely' is not a basis; use one of: point_in_time (At a date)"
    )
    expect(summary).to_contain_text(
        "Row 3, column start_date: '31/02/2017' is not a real date: February 2017 has 28 days."
    )
    screenshot(page, "upload-preview-errors-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "upload-preview-errors-phone")
    assert axe_violations(page) == []
    assert not Observation.objects.filter(end_date="2017-11-30").exists()

    page.set_input_files("input[type=file]", files=[file_of(CORRECTED)])
    page.click("input[type=submit][value='Check the file']")
    expect(page.locator("#upload-summary")).to_contain_text("adds 2 new observations")
    screenshot(page, "upload-preview-phone")
    page.click("#upload-confirm")
    expect(page.locator(".messagelist")).to_contain_text("2 new, 0 changed and 0 unchanged")
    written = Observation.objects.get(end_date="2017-11-30", area__slug="braintree")
    assert (written.basis, written.caveat) == ("three_months", "Costs £120")
