"""A system's quarter: an administrator issues it a token in the admin, in a real browser, and
the system, holding nothing but the token, pushes 2017-18-Q3's figures into the draft over
the REST API (twice: the second push changes nothing), reads back what it wrote, is told
exactly why a bad date is refused, and pulls the quarter as JSON, CSV and Excel."""

import csv
import io
import json
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from metrics.models import Observation
from priorities import workflow
from priorities.models import ReportingPeriod
from tests.browser.journeys import Journey, message, sign_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

Q3 = "2017-18-Q3"
BATCH = [
    {
        "metric": "volunteer-police-cadets",
        "area": "essex",
        "date": "2017-11-30",
        "value": "200",
        "basis": "point_in_time",
        "compared_with": {"date": "2017-08-31"},
        "reported_in": Q3,
        "source": "Force volunteering return",
    },
    {
        "metric": "county-lines-recorded",
        "area": "essex",
        "date": "2017-11-30",
        "value": "21",
        "basis": "point_in_time",
        "reported_in": Q3,
    },
]
JSON_BODY = {"Content-Type": "application/json"}


def test_a_system_pushes_a_quarters_figures_and_pulls_the_quarter_with_its_token(
    browser, demo_site, administrator, approver
):
    workflow.start_next_quarter(ReportingPeriod.objects.get(code="2017-18-Q2"), approver)
    journey = Journey(browser.new_context(viewport={"width": 1280, "height": 900}), "system")
    with journey.step("An administrator signs in to the admin") as page:
        sign_in_to_admin(page, demo_site.url, "ada", "administrator-password-1")

    with journey.step("Issue a token that writes figures and reads drafts") as page:
        page.goto(f"{demo_site.url}/admin/api/apitoken/add/")
        page.get_by_label("Name").fill("Force performance feed")
        page.get_by_label("Can write").check()
        page.get_by_label("Can read drafts").check()
        page.get_by_role("button", name="Save", exact=True).click()
        expect(message(page)).to_contain_text("copy it now: it will not be shown again")
        secret = re.search(r" is (\S+) - copy it now", message(page).inner_text()).group(1)

    system = browser.new_context(
        base_url=demo_site.url, extra_http_headers={"Authorization": f"Token {secret}"}
    ).request
    with journey.step("Push the batch into the draft quarter: both new", photographed=False):
        pushed = system.post("/api/v1/observations/", data=json.dumps(BATCH), headers=JSON_BODY)
        assert pushed.status == 201
        written = pushed.json()
        assert [entry["outcome"] for entry in written["observations"]] == ["created", "created"]

    with journey.step("Push it again: nothing changes", photographed=False):
        again = system.post("/api/v1/observations/", data=json.dumps(BATCH), headers=JSON_BODY)
        assert again.status == 200
        assert [e["outcome"] for e in again.json()["observations"]] == ["unchanged"] * 2
        assert Observation.objects.filter(reported_in__code=Q3).count() == 2

    with journey.step("Read back a figure from the address it was given", photographed=False):
        cadets = system.get(written["observations"][0]["url"])
        assert cadets.status == 200
        assert (cadets.json()["value"], cadets.json()["reported_in"]) == ("200", Q3)

    with journey.step("Push a date that names no day: refused, saying why", photographed=False):
        impossible = [BATCH[1] | {"date": "2018-02-31"}]
        refused = system.post(
            "/api/v1/observations/", data=json.dumps(impossible), headers=JSON_BODY
        )
        assert refused.status == 400
        assert "not a real date: February 2018 has 28 days" in refused.text()

    with journey.step("Pull the quarter as JSON, CSV and Excel", photographed=False):
        export = f"/api/v1/periods/{Q3}/export/"
        pulled = system.get(export, headers={"Accept": "application/json"}).json()
        assert sorted(o["metric"] for o in pulled["observations"]) == [
            "county-lines-recorded",
            "volunteer-police-cadets",
        ]
        assert "volunteer-police-cadets" in csv_cells(system.get(export + "?format=csv").text())
        sheets = openpyxl.load_workbook(io.BytesIO(system.get(export + "?format=xlsx").body()))
        assert sheets["Observations"].max_row == 3
    journey.finish()


def csv_cells(text):
    return {cell for row in csv.reader(io.StringIO(text)) for cell in row}
