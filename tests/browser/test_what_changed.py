"""What changed this quarter, as a board member meets it in a browser: the demo with a third
quarter written after it (tests.quarter_helpers), on the overview and in the report, at
desktop and phone widths, photographed for a person to look at."""

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import DESKTOP, axe_violations, screenshot, visit
from tests.quarter_helpers import CORRECTED_REASON, write_third_quarter

pytestmark = pytest.mark.django_db(transaction=True)

# The phone width the board's own phones have.
PHONE_390 = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE_390}
PAGES = {"overview": "/", "report": "/reports/2017-18-Q3/"}
# How far down a page the top of the commitment that went off track may be: within the
# first screen or so at either width, not thousands of pixels down.
NEAR_THE_TOP = 1200


@pytest.fixture
def third_quarter(demo_site):
    # A transactional test's flush empties the groups the roles migration made: the office's
    # approver is made a superuser here, who holds every permission of the role.
    approver = get_user_model().objects.create_superuser(username="approver")
    write_third_quarter(approver)
    return demo_site


def off_track_top(page):
    item = page.locator(".change-list__item", has_text="Off track in 2017-18-Q3").first
    return item.bounding_box()["y"]


@pytest.mark.parametrize("name", PAGES)
def test_the_commitment_that_went_off_track_is_seen_first_at_both_widths(page, third_quarter, name):
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        visit(page, third_quarter.url + PAGES[name])
        screenshot(page, f"what-changed-{name}-{width}")

        heading = page.get_by_role("heading", name="What changed this quarter")
        assert heading.is_visible()
        changed = page.locator("#what-changed")
        assert "From On track in 2017-18-Q2 to Off track in 2017-18-Q3" in changed.inner_text()
        assert CORRECTED_REASON in changed.inner_text()
        assert off_track_top(page) < NEAR_THE_TOP, f"{name} at {width}"
        grades = page.get_by_role("heading", name="HMICFRS", exact=False).first
        assert heading.bounding_box()["y"] < grades.bounding_box()["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert page.console_errors == []
        assert axe_violations(page) == []


def test_the_priority_page_lists_the_move_off_track_in_its_contents_at_both_widths(
    page, third_quarter
):
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        visit(page, third_quarter.url + "/priorities/1/")
        screenshot(page, f"what-changed-priority-1-{width}")

        entry = page.locator(".contents__list li", has_text="(was On track in 2017-18-Q2)")
        assert "Off track" in entry.inner_text()
        assert entry.bounding_box()["y"] < NEAR_THE_TOP, width
        assert page.get_by_text("Not updated since 2017-18-Q2").first.is_visible()
