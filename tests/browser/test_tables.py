"""Figures on a phone and on a long page: at 390 px wide every column of a data table is in
view with no sideways scrolling, each cell labelled with its column; and a priority's page
gives figures too short for a line in words, not in a column of small charts."""

import pytest

from tests.browser.conftest import DESKTOP, visit

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_390 = {"width": 390, "height": 844}

# Each cell of the selector: whether it lies wholly within the window's width, with the label
# of its column shown before it, and whether any table region scrolls sideways.
CELLS_IN_VIEW = """(selector) => Array.from(document.querySelectorAll(selector), (cell) => {
    const box = cell.getBoundingClientRect();
    const label = getComputedStyle(cell, "::before").content;
    return {
        inView: box.width > 0 && box.left >= 0 && box.right <= window.innerWidth,
        label: label.startsWith('"') ? label.split('"')[1] : label,
    };
})"""
REGIONS_SCROLLING = """() => Array.from(document.querySelectorAll(".table-wrapper, .table-scroll"))
    .filter((region) => region.scrollWidth > region.clientWidth).map((region) => region.id)"""
OPEN_EVERY_TABLE = "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"


def cells_at_phone_width(page, url, selector):
    page.set_viewport_size(PHONE_390)
    visit(page, url)
    page.evaluate(OPEN_EVERY_TABLE)
    return page.evaluate(CELLS_IN_VIEW, selector)


def assert_every_cell_in_view(cells, label):
    assert cells, f"no {label} cells"
    assert cells == [{"inView": True, "label": label}] * len(cells)


@pytest.mark.parametrize("path", ["/metrics/special-constable-hours/", "/priorities/1/"])
def test_at_390_px_each_change_of_a_figure_is_in_view(page, demo_site, path):
    # An empty cell (a figure compared with nothing) is left out of the stack.
    selector = 'td[data-label="Change"]:not(:empty)'

    cells = cells_at_phone_width(page, demo_site.url + path, selector)

    assert_every_cell_in_view(cells, "Change")
    assert page.evaluate(REGIONS_SCROLLING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]


@pytest.mark.parametrize(
    ("path", "label"), [("/roads/", "Peak times"), ("/reports/2017-18-Q2/", "Peak Times")]
)
def test_at_390_px_each_routes_peak_times_are_in_view(page, demo_site, path, label):
    cells = cells_at_phone_width(page, demo_site.url + path, f'td[data-label="{label}"]')

    # The five routes of the demo report.
    assert_every_cell_in_view(cells, label)
    assert len(cells) == 5
    assert page.locator("#ksi-routes td", has_text="Weekdays 1100 - 1500").is_visible()
    assert page.evaluate(REGIONS_SCROLLING) == []


def test_at_desktop_width_the_tables_keep_their_columns(page, demo_site):
    page.set_viewport_size(DESKTOP)
    visit(page, f"{demo_site.url}/roads/")

    headers = page.locator("#ksi-routes thead th")
    assert headers.nth(4).is_visible()
    assert headers.nth(4).inner_text() == "Peak times"
    label = page.evaluate(CELLS_IN_VIEW, 'td[data-label="Peak times"]')[0]["label"]
    assert label == "none"


def test_a_priority_page_without_lines_long_enough_to_chart_is_short(page, demo_site):
    page.set_viewport_size(DESKTOP)
    visit(page, f"{demo_site.url}/priorities/1/")

    # Its 24 figures drew 24 charts of one or two points each, 15,354 px in all; as words and
    # folded tables they take about 8,300 px.
    assert page.locator(".js-plotly-plot").count() == 0
    assert page.locator(".metric-panel").count() == 24
    assert page.evaluate("document.documentElement.scrollHeight") < 10_000
