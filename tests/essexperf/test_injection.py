"""Script, HTML, Markdown and spreadsheet-formula payloads typed into any free-text field stay
inert wherever the text is shown: every page, the report's PDF, the admin and every export."""

import html.parser
import io

import openpyxl
import pytest
from django.test import Client
from pypdf import PdfReader

from essexperf.api.models import ApiToken
from inspections.models import Finding, Inspection
from metrics.models import Area, KsiRoute, Metric
from priorities.models import Commitment, Footnote, Priority, ReportingPeriod, Update
from tests.api_helpers import parse_csv, read_body
from tests.conftest import rolled_back
from tests.factories import FindingFactory, FootnoteFactory
from tests.page_helpers import add_later_period

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '"><svg onload=alert(1)>',
    '=HYPERLINK("http://evil","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
]
# (model, field): every free-text field shown on a page, the report or an export.
FIELDS = [
    (Update, "text"),
    (Update, "section"),
    (Commitment, "text"),
    (Commitment, "lead_in"),
    (Priority, "title"),
    (Metric, "name"),
    (Metric, "description"),
    (Finding, "text"),
    (Inspection, "comment"),
    (Area, "name"),
    (KsiRoute, "road"),
    (ReportingPeriod, "title"),
    (ReportingPeriod, "protective_marking"),
    (Footnote, "text"),
]
FORMULA_STARTS = ("=", "+", "-", "@")
EXPORTED = ["priorities", "commitments", "updates", "periods", "areas", "metrics"]
EXPORTED += ["ksi-routes", "inspections", "findings"]


def plant(payload):
    """Write the payload at the start of every free-text field of every row."""
    for model, field in FIELDS:
        limit = model._meta.get_field(field).max_length
        for row in model.objects.all():
            # A suffix keeps unique fields unique; the payload still starts the value.
            suffix = f" {row.pk}"
            start = payload[: limit - len(suffix)] if limit else payload
            model._base_manager.filter(pk=row.pk).update(**{field: start + suffix})


@pytest.fixture(scope="module", params=PAYLOADS, ids=range(len(PAYLOADS)))
def payload(request, demo_database, django_db_blocker):
    """The demo report with the payload planted, once per payload, and rolled back after."""
    with rolled_back(django_db_blocker):
        add_later_period(status=ReportingPeriod.Status.DRAFT)
        # The demo report has no findings; one makes sure the field is shown and exported.
        FindingFactory(inspection=Inspection.objects.order_by("pk").first())
        if not Footnote.objects.exists():
            FootnoteFactory(update=Update.objects.order_by("pk").first())
        plant(request.param)
        yield request.param


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_superuser("office", password="office-password-1")
    client = Client()
    client.force_login(user)
    return client


class Markup(html.parser.HTMLParser):
    """Collects whatever in a page could run: scripts, handlers, script URLs, injected tags."""

    def __init__(self):
        super().__init__()
        self.dangers = []
        self.script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.script = "data" if attributes.get("type") == "application/json" else "code"
            if self.script == "code" and not attributes.get("src"):
                self.dangers.append("inline script")
        if tag in ("svg", "img") and (attributes.get("src") == "x" or "onload" in attributes):
            self.dangers.append(f"injected <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.dangers.append(f"handler {name}")
            if name in ("href", "src", "action") and (value or "").strip().startswith("javascript"):
                self.dangers.append(f"script URL in {name}")

    def handle_data(self, data):
        # A figure's JSON holds the names typed, with < > & written as \u escapes.
        if self.script == "data" and ("<" in data or ">" in data):
            self.dangers.append("markup inside a JSON script element")
        if self.script == "code" and data.strip():
            self.dangers.append("code inside a script element")

    def handle_endtag(self, tag):
        self.script = None


def dangers(response):
    assert response.status_code == 200, response.status_code
    parser = Markup()
    parser.feed(response.content.decode())
    return parser.dangers


def page_paths():
    metric = Metric.objects.filter(observations__isnull=False).order_by("pk").first()
    periods = ReportingPeriod.objects.order_by("financial_year", "quarter")
    paths = ["/", "/priorities/", "/priorities/1/", f"/metrics/{metric.slug}/", "/roads/"]
    paths += ["/inspections/", "/search/?q=alert", "/search/?q=cmd", "/search/?q=SUM"]
    paths += [f"/reports/{period.code}/" for period in periods]
    return paths


def test_every_page_shows_the_payload_as_text(payload, staff):
    for path in page_paths():
        assert dangers(staff.get(path)) == [], path


def test_the_search_finds_the_payload_and_shows_it_escaped(payload, staff):
    words = "alert" if "alert" in payload else payload[1:4]
    response = staff.get("/search/", {"q": words})

    assert dangers(response) == []
    assert words.replace('"', "&quot;").replace("'", "&#x27;") in response.content.decode()


def admin_paths():
    update = Footnote.objects.order_by("pk").first().update
    rows = [
        ("priorities", "priority", Priority.objects.first()),
        ("priorities", "commitment", Commitment.objects.first()),
        ("priorities", "update", update),
        ("priorities", "reportingperiod", ReportingPeriod.objects.first()),
        ("metrics", "metric", Metric.objects.first()),
        ("metrics", "area", Area.objects.first()),
        ("metrics", "ksiroute", KsiRoute.objects.first()),
        ("inspections", "inspection", Inspection.objects.first()),
        ("inspections", "finding", Finding.objects.first()),
    ]
    return [f"/admin/{app}/{model}/{row.pk}/change/" for app, model, row in rows]


def test_the_admin_change_pages_show_the_payload_as_text(payload, staff):
    for path in admin_paths():
        assert dangers(staff.get(path)) == [], path


def test_the_report_pdf_prints_the_payload_as_text(payload, staff):
    code = ReportingPeriod.objects.order_by("financial_year").first().code
    response = staff.get(f"/reports/{code}.pdf")

    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(read_body(response))).pages)
    # Printed as the characters typed, not read as markup by the PDF renderer.
    assert payload[:8] in text


@pytest.fixture
def reader():
    _, secret = ApiToken.issue("Injection reader", can_write=False)
    return Client(HTTP_AUTHORIZATION=f"Token {secret}")


def not_a_number(cell):
    try:
        float(cell)
    except ValueError:
        return True
    return False


def formulas(cells):
    return [cell for cell in cells if cell.startswith(FORMULA_STARTS) and not_a_number(cell)]


def test_the_json_api_returns_the_payload_unchanged(payload, reader):
    for resource in EXPORTED:
        response = reader.get(f"/api/v1/{resource}/", {"format": "json", "page_size": 500})

        assert response.status_code == 200, resource
        assert response["Content-Type"] == "application/json"
        assert any(text.startswith(payload[:10]) for text in strings(response.json())), resource


def strings(value):
    """Every string in a JSON document, at any depth."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def csv_cells(response):
    assert response.status_code == 200
    return [cell for row in parse_csv(response) for cell in row]


def xlsx_cells(response):
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(read_body(response)), read_only=True)
    values = (
        cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    )
    return [value for value in values if isinstance(value, str)]


def test_no_csv_or_xlsx_cell_starts_like_a_formula(payload, reader):
    for resource in EXPORTED:
        for reading in (csv_cells, xlsx_cells):
            fmt = "csv" if reading is csv_cells else "xlsx"
            cells = reading(reader.get(f"/api/v1/{resource}/", {"format": fmt}))

            assert formulas(cells) == [], (resource, fmt)
            if payload.startswith(FORMULA_STARTS):
                assert any(cell.startswith("'" + payload[:3]) for cell in cells), (resource, fmt)


def test_the_period_export_neutralises_formulas(payload, reader):
    code = ReportingPeriod.objects.order_by("financial_year").first().code
    for fmt, reading in (("csv", csv_cells), ("xlsx", xlsx_cells)):
        cells = reading(reader.get(f"/api/v1/periods/{code}/export.{fmt}"))

        assert formulas(cells) == [], fmt
