"""Crime from police.uk, from file to board member, in a real browser: an editor uploads the
LSOA lookup, imports August 2017's street-level file from the admin (preview, then Import),
and a board member reads the burglary figures on the metric's page, follows its source to
the import, and finds the file named there; another system reads the same figure with a
token and finds the same file."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from essexperf.api.models import ApiToken
from metrics.models import DataImport, Observation
from tests.browser.conftest import PHONE, axe_violations, sign_in, watched_page
from tests.browser.journeys import message, sign_in_to_admin
from tests.metrics.policeuk_helpers import STREET

pytestmark = pytest.mark.django_db(transaction=True)

# The demo's districts stand in for the file's: its Basildon LSOA is placed in Braintree, its
# Southend one in Chelmsford.
LOOKUP = "lsoa_code,area,lsoa_name\nE01021234,braintree,Basildon 001A\nE01021235,Chelmsford,\n"


@pytest.fixture
def desktop(browser, demo_site, editor, viewer, settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield watched_page(context)
    context.close()


def upload_lookup(page, base_url, tmp_path):
    page.goto(f"{base_url}/admin/metrics/lsoaarea/")
    page.get_by_role("link", name="Upload the LSOA lookup").click()
    lookup = tmp_path / "lsoa-areas.csv"
    lookup.write_text(LOOKUP)
    page.set_input_files("input[type=file]", str(lookup))
    page.get_by_role("button", name="Upload the lookup").click()
    expect(message(page)).to_have_text("Wrote lsoa-areas.csv: 2 new and 0 changed LSOA areas.")


def import_street_file(page):
    page.get_by_role("link", name="Data imports").first.click()
    page.get_by_role("link", name="Import a file").click()
    page.get_by_label("police.uk crime (street-level crime or outcomes)").check()
    page.set_input_files("input[type=file]", str(STREET))
    page.get_by_role("button", name="Check the file").click()
    # 8 rows: 6 Essex crimes of 4 types, in 4 areas (Essex, LPA North, Braintree, Chelmsford)
    # with all crime: 5 metrics x 4 areas = 20 figures; a Kent row skipped, a bad month rejected.
    expect(page.locator("#import-summary")).to_have_text(
        "Would write 20 figures for essex from 1 files (0 passed over): 8 rows read, "
        "0 figures unchanged, 0 withheld as published, 1 rows of other forces, 1 rejected, "
        "2 counted force-wide only."
    )
    expect(page.locator(".import-rejections")).to_have_text(
        "Row 8: Month: '2017-13' is not a month written YYYY-MM"
    )
    assert not Observation.objects.filter(metric__slug__startswith="police-uk-").exists()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Import").click()
    expect(message(page)).to_contain_text(f"Imported {STREET.name}. Wrote 20 figures for essex")


def test_a_police_uk_file_becomes_figures_a_board_member_can_trace(
    desktop, demo_site, browser, tmp_path
):
    page = desktop
    sign_in_to_admin(page, demo_site.url, "edith", "editor-password-1")
    upload_lookup(page, demo_site.url, tmp_path)
    import_street_file(page)
    record = DataImport.objects.get()
    assert record.file_name == STREET.name

    board = watched_page(browser.new_context(viewport=PHONE))
    sign_in(board, demo_site.url, "victor", "viewer-password-1")
    board.goto(f"{demo_site.url}/metrics/police-uk-burglary/")
    expect(board.locator("h1")).to_have_text("Burglary (police.uk)")
    rows = board.locator(".summary-list__row")
    expect(rows.filter(has_text="Latest").locator("dd")).to_have_text("2 (Aug 2017, Essex)")
    today = timezone.localdate()
    expect(rows.filter(has_text="Source").locator("dd")).to_have_text(
        f"police.uk street-level crime, archive 2017-08, imported {today:%-d %b %Y} "
        "(the import of 2017-08-essex-street.csv)"
    )
    board.screenshot(path=str(tmp_path / "metric-phone.png"), full_page=True)
    board.select_option("#area-choice", label="Chelmsford")
    board.get_by_role("button", name="Show area").click()
    expect(board.locator("h2").first).to_have_text("Over time in Chelmsford")
    expect(board.locator("table").first).to_contain_text("From 2017-08-essex-street.csv")

    board.get_by_role("link", name="2017-08-essex-street.csv").first.click()
    row = board.locator(f"#import-{record.pk}")
    expect(row).to_contain_text("2017-08-essex-street.csv")
    expect(row).to_contain_text("8 rows read into figures: 20 figures written")
    expect(row).to_contain_text(f"{today:%-d %B %Y}")
    assert axe_violations(board) == []
    assert board.console_errors == []
    assert page.console_errors == []

    # Another system reads the figure with a token, and finds the file it came from.
    _, secret = ApiToken.issue("Force analytics")
    system = browser.new_context(
        base_url=demo_site.url, extra_http_headers={"Authorization": f"Token {secret}"}
    ).request
    listed = system.get("/api/v1/observations/?metric=police-uk-burglary&area=essex")
    [figure] = listed.json()["results"]
    assert figure["value"] == "2"
    assert figure["source"]["name"] == "police.uk street-level crime, archive 2017-08"
    assert figure["source"]["data_import"]["file_name"] == STREET.name
    assert figure["source"]["data_import"]["sha256"] == record.sha256
