"""The quarterly report as a PDF download: the same content as the page, on A4 pages, tagged
for assistive technology (PDF/UA)."""

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject

from priorities import roles
from tests.conftest import person, rolled_back, signed_in
from tests.factories import (
    CommitmentFactory,
    PlanFactory,
    PriorityFactory,
    ReportingPeriodFactory,
    UpdateFactory,
)
from tests.site.test_report import (
    CODE,
    FOOTNOTE,
    KSI_ROWS,
    NO_FIGURE_QUERIES,
    PRIORITY_HEADINGS,
    RACIAL_HATE_LATE,
    REPORT_QUERIES,
    build_large_period,
    normalised,
)

pytestmark = pytest.mark.django_db

MARKING = "OFFICIAL - for the PCC's office only, not for publication"


def pdf_url(code=CODE):
    return reverse("reports:report_pdf", args=[code])


def page_texts(response):
    """The whitespace-normalised text of each page of the PDF."""
    reader = PdfReader(BytesIO(response.content))
    return [normalised(page.extract_text()) for page in reader.pages]


def structure_elements(reader):
    """Each element of the PDF's structure tree in reading order, with its ancestors' tags."""
    elements = []

    def visit(kids, ancestors):
        for kid in kids:
            kid = kid.get_object()
            if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/StructElem":
                elements.append((kid, ancestors))
                children = kid.get("/K", [])
                if not isinstance(children, ArrayObject):
                    children = [children]
                visit(children, (*ancestors, kid["/S"]))

    visit(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], ())
    return elements


@pytest.fixture(scope="class")
def response(demo_database, django_db_blocker):
    """The demo period's PDF as a board member downloads it, drawn once for a class of
    read-only tests: drawing it takes seconds."""
    with rolled_back(django_db_blocker):
        board_member = person(
            get_user_model(), "valerie", roles.VIEWERS, staff=False, password="viewer-password-1"
        )
        yield signed_in(board_member).get(pdf_url())


@pytest.fixture(scope="class")
def reader(response):
    return PdfReader(BytesIO(response.content))


@pytest.fixture(scope="class")
def pages(response):
    return page_texts(response)


@pytest.mark.usefixtures("demo")
class TestTheSeptember2017Pdf:
    """Read-only checks of the demo period's PDF, sharing one drawing of it."""

    def test_it_downloads_as_a_pdf_named_after_the_period(self, response):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'attachment; filename="essexperf-report-2017-18-Q2.pdf"'
        )
        assert response.content.startswith(b"%PDF")

    def test_it_holds_the_priority_headings_figures_and_footnote(self, pages):
        text = " ".join(pages)
        for expected in [*PRIORITY_HEADINGS, "29,620", "403 KSI casualties", "B1414", FOOTNOTE]:
            assert expected in text

    def test_it_holds_the_grade_table_and_every_cell_of_the_ksi_table(self, pages):
        text = " ".join(pages)
        assert (
            "Effectiveness 2016 Published 02/03/2017 Good No recommendations 9 areas for "
            "improvement Next Inspection due 11th September 2017"
        ) in text
        assert "Leadership 2016 Narrative No recommendations 1 area for improvement" in text
        assert " ".join(cell for row in KSI_ROWS for cell in row) in text

    def test_each_priority_starts_a_page_of_its_own(self, pages):
        first_pages = [
            next(number for number, text in enumerate(pages) if heading in text)
            for heading in PRIORITY_HEADINGS
        ]
        assert first_pages[0] > 0
        assert first_pages == sorted(set(first_pages))

    def test_every_page_carries_its_number_and_no_marking_once_published(self, pages):
        for number, text in enumerate(pages, start=1):
            assert MARKING not in text
            assert f"page {number} of {len(pages)}" in text

    def test_it_is_tagged_with_the_report_s_headings_lists_and_tables(self, reader):
        catalog = reader.trailer["/Root"]
        assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
        assert catalog["/StructTreeRoot"]["/Type"] == "/StructTreeRoot"
        tags = [element["/S"] for element, _ in structure_elements(reader)]
        assert tags.count("/H1") == 1
        # What changed this quarter, what needs the board's attention, the HMICFRS grades,
        # then one heading per priority.
        assert tags.count("/H2") == 3 + len(PRIORITY_HEADINGS)
        assert tags.count("/Table") == 2
        assert {"/L", "/LI", "/TH", "/TD"} <= set(tags)

    def test_its_metadata_declares_it_conforms_to_pdf_ua_1(self, reader):
        metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
        assert b'pdfuaid:part="1"' in metadata

    def test_it_declares_its_language_as_british_english(self, reader):
        assert reader.trailer["/Root"]["/Lang"] == "en-GB"

    def test_its_title_is_the_report_s_and_viewers_show_it(self, reader):
        assert reader.metadata.title == (
            "Performance report to the Police and Crime Commissioner, September 2017"
        )
        assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(
            True
        )

    def test_it_reads_in_the_order_of_the_report(self, pages):
        text = " ".join(pages)
        positions = [
            text.index(heading)
            for heading in [
                "Performance report to the Police and Crime Commissioner, September 2017",
                "What changed this quarter",
                "What needs the board's attention",
                RACIAL_HATE_LATE,
                "Essex Police HMICFRS Grades",
                *PRIORITY_HEADINGS,
                "B1414",
            ]
        ]
        assert positions == sorted(positions)

    def test_each_table_cell_is_tied_to_its_column_and_row_headers(self, reader):
        elements = structure_elements(reader)
        column_headers = {
            e["/ID"] for e, above in elements if e["/S"] == "/TH" and "/THead" in above
        }
        row_headers = {e["/ID"] for e, above in elements if e["/S"] == "/TH" and "/TBody" in above}
        cells = [e for e, _ in elements if e["/S"] == "/TD"]
        # The grades table: 4 rows of 3 cells; the KSI routes table: 5 rows of 4 cells.
        assert len(cells) == 4 * 3 + 5 * 4
        for cell in cells:
            headers = set(cell["/A"]["/Headers"])
            assert len(headers & column_headers) == 1
            assert len(headers & row_headers) == 1

    def test_it_takes_as_many_queries_as_the_page(self, viewer_client, django_assert_num_queries):
        with django_assert_num_queries(len(REPORT_QUERIES)):
            viewer_client.get(pdf_url())

    def test_someone_signed_out_is_sent_to_sign_in(self, outsider):
        response = outsider.get(pdf_url())
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={pdf_url()}"

    def test_an_unknown_period_code_is_not_found(self, viewer_client):
        assert viewer_client.get(pdf_url("2030-31-Q1")).status_code == 404


def test_a_viewer_cannot_download_a_draft_period_s_pdf(viewer_client):
    ReportingPeriodFactory()
    assert viewer_client.get(pdf_url()).status_code == 404


def test_staff_download_a_draft_period_s_pdf_marked_draft(editor_client):
    ReportingPeriodFactory()
    response = editor_client.get(pdf_url())
    assert response.status_code == 200
    assert "Draft" in page_texts(response)[0]


def test_a_draft_s_protective_marking_is_printed_on_every_page(editor_client):
    period = ReportingPeriodFactory(protective_marking="OFFICIAL-SENSITIVE")
    plan = PlanFactory()
    for priority in PriorityFactory.create_batch(2, plan=plan):
        UpdateFactory(period=period, commitment=CommitmentFactory(priority=priority))
    pages = page_texts(editor_client.get(pdf_url()))
    # The title and what changed, then a page for each priority.
    assert len(pages) == 3
    for text in pages:
        assert "OFFICIAL-SENSITIVE" in text


def test_a_much_bigger_period_takes_the_same_number_of_queries(
    viewer_client, django_assert_num_queries
):
    period = build_large_period()
    # It has no metrics, so no process chart or peer group to read.
    with django_assert_num_queries(len(REPORT_QUERIES) - NO_FIGURE_QUERIES):
        response = viewer_client.get(pdf_url(period.code))
    assert response.status_code == 200


def test_markup_typed_into_an_update_is_printed_as_text(viewer_client):
    period = ReportingPeriodFactory(published=True)
    UpdateFactory(period=period, text='<script>alert("x")</script> <b>bold</b> <img src=x>')
    text = " ".join(page_texts(viewer_client.get(pdf_url())))
    assert '<script>alert("x")</script> <b>bold</b> <img src=x>' in text
