"""An editor imports the DfT's road casualty records from the admin in a real browser: opens
Data imports, presses "Import a file", chooses the collision file, reads what importing it
would do, presses Import and finds the import in the list."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from metrics.models import Collision, DataImport
from tests.browser.conftest import axe_violations, watched_page
from tests.browser.journeys import message, sign_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

COLLISIONS = (
    Path(__file__).parents[1]
    / "metrics/stats19_files/dft-road-casualty-statistics-collision-2024.csv"
)
# The preview's picture, for a person to look at; outside the project's directory.
PREVIEW_SHOT = Path(os.environ.get("IMPORT_PREVIEW_SCREENSHOT", "/tmp/import-preview.png"))


@pytest.fixture
def editor_page(browser, demo_site, editor, settings, tmp_path):
    """A desktop page, not yet signed in, for the editor; files staged in a directory of the
    test's own."""
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield watched_page(context)
    context.close()


def test_an_editor_previews_a_collision_file_then_imports_it(editor_page, demo_site):
    page = editor_page
    sign_in_to_admin(page, demo_site.url, "edith", "editor-password-1")

    page.get_by_role("link", name="Data imports").first.click()
    page.get_by_role("link", name="Import a file").click()
    expect(page.locator("h1")).to_have_text("Import a file")
    page.get_by_label("DfT road casualty records (STATS19)").check()
    page.set_input_files("input[type=file]", str(COLLISIONS))
    page.get_by_role("button", name="Check the file").click()

    # 5 collisions read: 4 of Essex's force would be written, 1 of force 1 skipped.
    expect(page.locator("#import-summary")).to_have_text(
        "Would write 4 rows of police force 42 from 1 files: 5 read, 0 unchanged, "
        "1 skipped, 0 rejected."
    )
    row = page.locator("#import-files tbody tr")
    expect(row).to_contain_text(COLLISIONS.name)
    expect(row.locator("td")).to_have_text(["collisions", "5", "4", "0", "1", "0", "Ready"])
    page.screenshot(path=str(PREVIEW_SHOT), full_page=True)
    assert axe_violations(page) == []
    assert Collision.objects.count() == 0

    page.get_by_role("button", name="Import").click()
    expect(message(page)).to_contain_text(
        f"Imported {COLLISIONS.name}. Wrote 4 rows of police force 42 from 1 files"
    )
    expect(page.locator("#result_list")).to_contain_text(COLLISIONS.name)
    assert DataImport.objects.get().rows_written == 4
    assert Collision.objects.count() == 4
    assert page.console_errors == []
