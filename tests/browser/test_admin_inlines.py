"""Office staff fill an inline's blank row in a real browser and save: a metric's observation
row (its area picked from the autocomplete) and an update's footnotes, one in the blank row
and one in a row added with "Add another Footnote"."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from metrics.models import Metric, Observation
from priorities.models import Footnote, ReportingPeriod, Update
from tests.admin_helpers import admin_url
from tests.browser.conftest import screenshot, visit
from tests.page_helpers import add_later_period

pytestmark = pytest.mark.django_db(transaction=True)


def blank_row(page, prefix):
    """The index of the inline's blank row: it follows the rows already saved."""
    return int(page.input_value(f"#id_{prefix}-INITIAL_FORMS"))


def choose(page, select_id, text):
    """Pick an option of an autocomplete box as staff do: open it, type, click the match."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    option = page.locator(".select2-results__option", has_text=text).first
    expect(option).to_have_text(text)
    option.click()


def saved_message(page):
    return page.locator(".messagelist .success")


def test_staff_add_an_observation_in_the_metric_pages_blank_row(staff_page, demo_site):
    metric = Metric.objects.get(slug="special-constable-hours")
    before = metric.observations.count()
    url = demo_site.url + admin_url(Metric, "change", metric.pk)
    visit(staff_page, url)
    row = blank_row(staff_page, "observations")
    assert row == before
    choose(staff_page, f"id_observations-{row}-area", "Essex")
    staff_page.fill(f"#id_observations-{row}-start_date", "2017-12-01")
    staff_page.fill(f"#id_observations-{row}-end_date", "2017-12-31")
    staff_page.fill(f"#id_observations-{row}-value", "2468")
    staff_page.select_option(f"#id_observations-{row}-basis", label="Month")
    staff_page.fill(f"#id_observations-{row}-source", "Duty rosters")
    screenshot(staff_page, "admin-metric-observation-row-filled")

    staff_page.click("input[name=_save]")
    expect(saved_message(staff_page)).to_contain_text("was changed successfully")
    screenshot(staff_page, "admin-metric-observation-row-saved")
    added = metric.observations.get(start_date=datetime.date(2017, 12, 1))
    assert (added.area.slug, added.end_date, added.value) == (
        "essex",
        datetime.date(2017, 12, 31),
        Decimal("2468"),
    )
    assert (added.basis, added.source, added.version) == (
        Observation.Basis.MONTH,
        "Duty rosters",
        1,
    )

    visit(staff_page, url)
    shown = staff_page.locator("#observations-group tr.has_original", has_text="01 Dec 2017")
    expect(shown).to_have_count(1)
    expect(shown.locator("input[name$='-value']")).to_have_value("2468.0000")
    shown.scroll_into_view_if_needed()
    screenshot(staff_page, "admin-metric-observation-row-shown")


def test_staff_add_footnotes_in_the_update_pages_blank_row_and_an_added_one(staff_page, demo_site):
    add_later_period(status=ReportingPeriod.Status.DRAFT)
    update = Update.objects.get(period__code="2017-18-Q3")
    url = demo_site.url + admin_url(Update, "change", update.pk)
    visit(staff_page, url)
    staff_page.fill("#id_text", "Operation Kestrel recruited 40 Specials.[^1][^2]")
    row = blank_row(staff_page, "footnotes")
    assert row == 0
    staff_page.fill(f"#id_footnotes-{row}-number", "1")
    staff_page.fill(f"#id_footnotes-{row}-text", "Specials who joined by 30 November 2017.")
    # A second row made by the admin's own script, its hidden version left blank.
    staff_page.click("#footnotes-group .add-row a")
    staff_page.fill("#id_footnotes-1-number", "2")
    staff_page.fill("#id_footnotes-1-text", "Operation Kestrel ran from September.")
    screenshot(staff_page, "admin-update-footnote-row-filled")

    staff_page.click("input[name=_save]")
    expect(saved_message(staff_page)).to_contain_text("was changed successfully")
    screenshot(staff_page, "admin-update-footnote-row-saved")
    stored = Footnote.objects.filter(update=update).values_list("number", "text", "version")
    assert list(stored.order_by("number")) == [
        (1, "Specials who joined by 30 November 2017.", 1),
        (2, "Operation Kestrel ran from September.", 1),
    ]
    update.refresh_from_db()
    assert (update.text, update.version) == ("Operation Kestrel recruited 40 Specials.[^1][^2]", 2)

    visit(staff_page, url)
    expect(staff_page.locator("#id_footnotes-0-number")).to_have_value("1")
    expect(staff_page.locator("#id_footnotes-0-text")).to_have_value(
        "Specials who joined by 30 November 2017."
    )
    expect(staff_page.locator("#id_footnotes-1-text")).to_have_value(
        "Operation Kestrel ran from September."
    )
    screenshot(staff_page, "admin-update-footnote-row-shown")
