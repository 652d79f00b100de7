"""A chart as a reader meets it: each point tells its figure when the pointer rests on it.
That every chart is drawn at all is checked on every page, in test_pages."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import visit
from tests.page_helpers import add_earlier_hours

pytestmark = pytest.mark.django_db(transaction=True)

HOURS = "/metrics/special-constable-hours/"
HOURS_CHART = "#chart-special-constable-hours"

# Where a data point of a chart lies on the screen, worked out by plotly.js's own axes from
# the point's data coordinates, so that the mouse lands on the point itself.
POINT_ON_SCREEN = """(chart, value) => {
    const trace = chart._fullData.find((t) => t.y && t.y.includes(value));
    const x = trace.x[trace.y.indexOf(value)];
    const {xaxis, yaxis} = chart._fullLayout;
    const box = chart.getBoundingClientRect();
    return [box.left + xaxis._offset + xaxis.d2p(x), box.top + yaxis._offset + yaxis.d2p(value)];
}"""


def test_resting_the_pointer_on_a_point_shows_its_figure(page, demo_site):
    # The demo's two figures are given in words; a chart needs a line of three.
    add_earlier_hours()
    visit(page, f"{demo_site.url}{HOURS}")
    chart = page.locator(HOURS_CHART)
    chart.scroll_into_view_if_needed()

    x, y = chart.evaluate(POINT_ON_SCREEN, 29620)
    page.mouse.move(x, y)

    expect(page.locator(".hovertext")).to_contain_text("29,620 hours")
    expect(page.locator(".hovertext")).to_contain_text("Aug 2017")
