"""Peer forces in a real browser, from the demo's published 2017-18-Q2: Essex already has a
peer group of Kent and Norfolk with their populations and figures. An office editor adds
Hertfordshire as a peer force with its population, puts it in the group and uploads the
peers' applications to the Special Constabulary as a CSV file; then a board member opens the
metric's page and sees Essex ranked among them, in a chart and in words, also on a phone.

    force          population  applications, Jun to Aug 2017  per 1,000 residents
    Essex           1,795,000  460 (the demo's)     460 / 1,795,000 x 1,000 = 0.26
    Kent            1,846,500  300                  300 / 1,846,500 x 1,000 = 0.16
    Norfolk           898,400  280                  280 /   898,400 x 1,000 = 0.31
    Hertfordshire   1,180,900  410                  410 / 1,180,900 x 1,000 = 0.35

Up is good, so Hertfordshire ranks 1, Norfolk 2, Essex 3 and Kent 4. The group average is
(0.2563 + 0.1625 + 0.3117 + 0.3472) / 4 = 0.27; at that rate Essex would expect
0.2694 x 1,795 = 483.6 applications, and 460 is within chance of it (z about -1.1).
"""

import datetime

import pytest
from playwright.sync_api import expect

from metrics.models import Area, AreaPopulation, Observation, PeerGroup, PeerGroupMember
from tests.browser.conftest import axe_violations, visit
from tests.browser.journeys import Journey, message, sign_in_to_admin
from tests.browser.test_admin_inlines import choose

pytestmark = pytest.mark.django_db(transaction=True)

METRIC = "special-constable-applications"
PHONE_390 = {"width": 390, "height": 844}
FIGURES = (
    "metric,area,start_date,end_date,value\n"
    f"{METRIC},kent,2017-06-01,2017-08-31,300\n"
    f"{METRIC},norfolk,01/06/2017,31/08/2017,280\n"
    f"{METRIC},Hertfordshire,2017-06-01,2017-08-31,410\n"
)


def existing_group():
    """Essex's population, and its group of Kent and Norfolk with theirs."""
    essex = Area.objects.get(slug="essex")
    AreaPopulation.objects.create(area=essex, year=2017, population=1_795_000, source="ONS")
    group = PeerGroup.objects.create(name="Most similar group", home_force=essex)
    for order, (name, population) in enumerate(
        [("Kent", 1_846_500), ("Norfolk", 898_400)], start=1
    ):
        area = Area.objects.create(name=name, slug=name.lower(), kind=Area.Kind.FORCE)
        AreaPopulation.objects.create(area=area, year=2017, population=population, source="ONS")
        PeerGroupMember.objects.create(group=group, area=area, order=order)
    return group


def test_an_editor_adds_a_peer_force_and_a_board_member_sees_essex_ranked(
    browser, demo_site, editor, viewer
):
    group = existing_group()
    editing = Journey(browser.new_context(viewport={"width": 1280, "height": 900}), "peers")
    with editing.step("An editor signs in to the admin") as page:
        sign_in_to_admin(page, demo_site.url, "edith", "editor-password-1")

    with editing.step("Add Hertfordshire as a force with its 2017 population") as page:
        page.goto(f"{demo_site.url}/admin/metrics/area/add/")
        page.fill("#id_name", "Hertfordshire")
        page.select_option("#id_kind", "force")
        page.fill("#id_populations-0-year", "2017")
        page.fill("#id_populations-0-population", "1180900")
        page.fill("#id_populations-0-source", "ONS mid-year estimates")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(message(page)).to_contain_text("Hertfordshire")
        expect(message(page)).to_contain_text("was added successfully")

    with editing.step("Put Hertfordshire in Essex's peer group, third") as page:
        page.goto(f"{demo_site.url}/admin/metrics/peergroup/{group.pk}/change/")
        page.fill("#id_members-2-order", "3")
        choose(page, "id_members-2-area", "Hertfordshire")
        page.get_by_role("button", name="Save and continue editing").click()
        expect(message(page)).to_contain_text("was changed successfully")

    with editing.step("Upload the peers' figures as a CSV file") as page:
        page.get_by_role("link", name="Upload peer figures").click()
        expect(page.locator("#content-main")).to_contain_text("hertfordshire (Hertfordshire)")
        page.set_input_files(
            "#id_file",
            files=[{"name": "peers.csv", "mimeType": "text/csv", "buffer": FIGURES.encode()}],
        )
        page.get_by_role("button", name="Upload peer figures").click()
        expect(message(page)).to_contain_text(
            "Wrote peers.csv: 3 new, 0 changed and 0 unchanged peer figures."
        )
    # Each a plain observation of its force, over the dates and on the basis of Essex's.
    written = Observation.objects.filter(metric__slug=METRIC).exclude(area__slug="essex")
    assert sorted((o.area.slug, o.basis, o.end_date) for o in written) == [
        (slug, "three_months", datetime.date(2017, 8, 31))
        for slug in ["hertfordshire", "kent", "norfolk"]
    ]
    editing.finish()

    reading = Journey(browser.new_context(viewport={"width": 1280, "height": 900}), "peers-board")
    with reading.step("A board member opens the metric: Essex ranks 3 of 4") as page:
        page.goto(f"{demo_site.url}/accounts/login/")
        page.get_by_label("Username").fill("victor")
        page.get_by_label("Password").fill("viewer-password-1")
        page.get_by_role("button", name="Sign in").click()
        visit(page, f"{demo_site.url}/metrics/{METRIC}/")
        peers = page.locator(".peers")
        expect(peers).to_contain_text("Compared with forces like Essex")
        expect(peers).to_contain_text(
            "Essex ranks 3 of 4 at 0.26 per 1,000 residents, against a group average of 0.27."
        )
        expect(peers).to_contain_text("Highest rate first: higher is better.")
        expect(peers).to_contain_text("Not significantly different from the group average")
        # The chart draws a bar a force, the home force's named so in words.
        expect(peers.locator("#chart-peers svg.main-svg").first).to_be_visible()
        expect(peers.locator("#chart-peers")).to_contain_text("3. Essex (home force)")
        rows = peers.locator("tbody tr")
        expect(rows.nth(0)).to_contain_text("Hertfordshire")
        expect(rows.nth(2)).to_contain_text("Essex")
        expect(rows.nth(2)).to_contain_text("Home force")
        expect(rows.nth(3)).to_contain_text("Kent")
        # The demo's own headline is still Essex's 460.
        expect(page.locator(".summary-list")).to_contain_text("460 (1 Jun to 31 Aug 2017, Essex)")
        assert axe_violations(page) == []

    with reading.step("Read the ranking on a phone: the table stacks, nothing runs off") as page:
        page.set_viewport_size(PHONE_390)
        visit(page, f"{demo_site.url}/metrics/{METRIC}/")
        page.locator("#peers-heading").scroll_into_view_if_needed()
        expect(page.locator(".peers")).to_contain_text("Essex ranks 3 of 4")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    reading.finish()
