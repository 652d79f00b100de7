"""An editor's quarter, from the demo's published 2017-18-Q2, in a real browser: signs in to
the admin, starts Q3, follows "What is missing" to the commitments, writes their statuses and
updates (a section, a sub-bullet and a footnote, previewed first; a status off track without
a reason is refused), gives a figure by hand, uploads the rest in the Excel template, sees
what is missing shrink and sends the quarter for review."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from playwright.sync_api import expect

from metrics.models import Observation
from priorities.models import Assessment, Commitment, Footnote, ReportingPeriod, Update
from tests.browser.journeys import Journey, message, sign_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

Q3 = "2017-18-Q3"
REASON = "Recruitment of Special Constables paused while the training team is short."
UPDATE = (
    "Special Constables gave 25,000 hours in the quarter[^1]:\n"
    "- 9,400 in Local Policing Areas\n"
    "- 3,100 at events"
)
FOOTNOTE = "1. Hours recorded on duty rosters"
CONCERN = "Two of the five planned cadet units have no leader yet."


def missing_count(page, kind):
    """The count a kind's heading gives on the completion page: "Commitments (12)" gives 12."""
    heading = page.locator(f"#missing-{kind} h2").inner_text()
    return int(heading.rsplit("(", 1)[1].rstrip(")"))


def test_an_editor_writes_a_quarter_and_sends_it_for_review(browser, demo_site, editor):
    journey = Journey(browser.new_context(viewport={"width": 1280, "height": 900}), "editor")
    with journey.step("Sign in to the admin") as page:
        sign_in_to_admin(page, demo_site.url, "edith", "editor-password-1")

    with journey.step("Start 2017-18-Q3 from the list of periods") as page:
        page.get_by_role("link", name="Reporting periods").first.click()
        page.locator("tr", has_text="2017-18-Q2").get_by_role("checkbox").check()
        page.get_by_label("Action:").select_option(label="Start the next quarter")
        page.get_by_role("button", name="Go").click()
        expect(message(page)).to_contain_text(f"{Q3} is started as a draft")

    with journey.step("Open what Q3 still lacks") as page:
        page.get_by_role("link", name=Q3).first.click()
        page.get_by_role("link", name="What is missing").first.click()
        commitments_lacking = missing_count(page, "commitments")
        figures_lacking = missing_count(page, "metrics")
        assert commitments_lacking == Commitment.objects.count()

    with journey.step("Open the first commitment lacking an update") as page:
        page.locator("#missing-commitments tbody a").first.click()
        expect(page.locator("#this-quarter-heading")).to_have_text(f"This quarter: {Q3}")
        expect(page.locator("#last-quarter-heading")).to_have_text("Last quarter: 2017-18-Q2")
        first = commitment_of(page)

    with journey.step("Give the status off track with no reason: refused, nothing saved") as page:
        page.get_by_label("Status").select_option(label="Off track")
        page.locator("#save").click()
        expect(page.locator(".errornote, .errorlist").first).to_be_visible()
        expect(page.locator("#quarter-form")).to_contain_text(
            "Give the reason unless the commitment is on track."
        )
        assert not Assessment.objects.filter(period__code=Q3).exists()

    with journey.step("Give the reason, write an update with a sub-bullet and a footnote, preview"):
        page.get_by_label("Reason").fill(REASON)
        write_update(page, section="LPA North", text=UPDATE, footnotes=FOOTNOTE)
        page.locator("#preview-button").click()
        preview = page.locator("#preview")
        expect(preview).to_contain_text("Preview: as the report will print it")
        expect(preview.locator("li li")).to_have_text(
            ["9,400 in Local Policing Areas", "3,100 at events"]
        )
        expect(preview).to_contain_text("Hours recorded on duty rosters")
        assert not Update.objects.filter(period__code=Q3).exists()

    with journey.step("Give a figure by hand and save, going on to the next commitment") as page:
        figure = page.locator(".quarter-figure").first
        figure.get_by_label(f"Value in {Q3}").fill("25000")
        page.locator("#save-and-next").click()
        expect(message(page)).to_contain_text("saved")
        second = commitment_of(page)
        assert second != first

    saved = Update.objects.get(period__code=Q3, commitment__pk=first)
    # A browser sends a text box's lines ended by CR LF.
    assert (saved.section, saved.text.splitlines()) == ("LPA North", UPDATE.splitlines())
    assert Footnote.objects.get(update=saved).text == "Hours recorded on duty rosters"
    assessment = Assessment.objects.get(period__code=Q3, commitment__pk=first)
    assert (assessment.status, assessment.reason) == ("off_track", REASON)

    with journey.step("Write the next commitment on track with one update, save and next") as page:
        page.get_by_label("Status").select_option(label="On track")
        write_update(page, section="", text="The 101 call-back service began in October.")
        page.locator("#save-and-next").click()
        expect(message(page)).to_contain_text("saved")
        third = commitment_of(page)
        assert third not in (first, second)

    with journey.step("Write a third with some concerns, its reason and an update, and save"):
        page.get_by_label("Status").select_option(label="Some concerns")
        page.get_by_label("Reason").fill(CONCERN)
        write_update(page, section="", text="Two new Neighbourhood Watch schemes started.")
        page.locator("#save").click()
        expect(message(page)).to_contain_text("saved")
        assert commitment_of(page) == third

    with journey.step("Read the draft report: the statuses, reasons and the update as written"):
        page.goto(f"{demo_site.url}/reports/{Q3}/")
        report = page.locator("main")
        expect(report.locator(".tag", has_text="Off track").first).to_be_visible()
        expect(report).to_contain_text(REASON)
        expect(report).to_contain_text(CONCERN)
        expect(report.locator("li li", has_text="9,400 in Local Policing Areas")).to_be_visible()
        expect(report).to_contain_text("Hours recorded on duty rosters")

    with journey.step("Download the Excel template from the upload page") as page:
        page.goto(f"{demo_site.url}/admin/metrics/observation/upload/")
        with page.expect_download() as download:
            page.locator("#template-xlsx").click()
        assert download.value.suggested_filename.endswith(".xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))

    with journey.step("Upload the filled template and check it") as page:
        page.set_input_files("input[type=file]", files=[filled_template(workbook)])
        page.click("input[type=submit][value='Check the file']")
        expect(page.locator("#upload-summary")).to_contain_text("adds 2 new observations")

    with journey.step("Write the checked figures") as page:
        page.click("#upload-confirm")
        expect(message(page)).to_contain_text("2 new, 0 changed and 0 unchanged")
        cadets = Observation.objects.get(
            metric__slug="volunteer-police-cadets", reported_in__code=Q3
        )
        assert cadets.value == Decimal(200)

    with journey.step("See what is missing shrink") as page:
        period = ReportingPeriod.objects.get(code=Q3)
        page.goto(f"{demo_site.url}/admin/priorities/reportingperiod/{period.pk}/completion/")
        assert missing_count(page, "commitments") == commitments_lacking - 3
        assert missing_count(page, "metrics") == figures_lacking - 3

    with journey.step("Send Q3 for review") as page:
        page.goto(f"{demo_site.url}/admin/priorities/reportingperiod/{period.pk}/change/")
        page.get_by_role("button", name="Send for review").click()
        expect(message(page)).to_contain_text(f"{Q3} is in review.")
        assert ReportingPeriod.objects.get(code=Q3).status == "in_review"
    journey.finish()


def commitment_of(page):
    """The id of the commitment whose quarter page is open, from its address."""
    return int(page.url.split("/commitment/")[1].split("/")[0])


def write_update(page, section, text, footnotes=""):
    """Fill in the page's blank update, the last one."""
    update = page.locator("fieldset.quarter-update").last
    update.get_by_label("Section").fill(section)
    update.get_by_label("Text").fill(text)
    if footnotes:
        update.get_by_label("Footnotes").fill(footnotes)


def filled_template(workbook):
    """The template with its example row replaced by two of the quarter's figures, written
    as staff would: the metrics' and area's names, UK dates and the basis's label."""
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)
    for row in (
        ["Volunteer Police Cadets", "Essex", "30/11/2017", "30/11/2017", 200, "At a date"],
        [
            "County Lines recorded within Essex",
            "Essex",
            "30/11/2017",
            "30/11/2017",
            21,
            "At a date",
        ],
    ):
        sheet.append(row + [None] * (len(header) - len(row)))
    written = io.BytesIO()
    workbook.save(written)
    return {
        "name": f"figures-{datetime.date.today()}.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": written.getvalue(),
    }
