"""Uploads that explain themselves: templates with the codes to copy, names and labels for
codes, UK dates, files saved by Excel in Windows-1252, the observation list's own downloads
uploaded again, and errors that say what was found and what would do."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metrics.models import Area, Metric, Observation
from priorities.models import ReportingPeriod
from tests.api_helpers import parse_csv, parse_xlsx, read_body
from tests.factories import (
    AreaFactory,
    MetricFactory,
    ObservationFactory,
    ReportingPeriodFactory,
)
from tests.page_helpers import text_of
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:metrics_observation_upload")
CHANGELIST = reverse("admin:metrics_observation_changelist")
OBSERVATIONS_API = "/api/v1/observations/"
HEADER = ["metric", "area", "start_date", "end_date", "value", "basis"]
TEMPLATE_HEADER = [
    "metric",
    "area",
    "start_date",
    "end_date",
    "value",
    "basis",
    "compared_with_start_date",
    "compared_with_end_date",
    "compared_with_area",
    "reported_in",
    "source",
    "data_to",
    "caveat",
    "denominator",
]
SUMMER_2016 = (datetime.date(2016, 6, 1), datetime.date(2016, 8, 31))
SUMMER_2017 = (datetime.date(2017, 6, 1), datetime.date(2017, 8, 31))
CAVEAT = "Hours on duty; expenses of £12 an hour are not counted."
SOURCE = "Essex Police performance report to the PCC, September 2017"
BASES = (
    "point_in_time (At a date), month (Month), three_months (Three months), "
    "financial_year_to_date (Financial year to date), financial_year (Financial year), "
    "calendar_year (Calendar year), rolling_12_months (Rolling 12 months), "
    "other (Other (see caveat))"
)
SESSION_AND_USER = 2
# An en dash and a pound sign: both one byte in Windows-1252, neither in ASCII.
PAID = "Paid \N{EN DASH} £12 an hour"


@pytest.fixture
def essex():
    return AreaFactory()


@pytest.fixture
def braintree():
    return AreaFactory(slug="braintree", name="Braintree", kind=Area.Kind.DISTRICT)


@pytest.fixture
def hours(essex, braintree):
    return MetricFactory(
        slug="special-constable-hours", name="Special Constable hours", unit=Metric.Unit.HOURS
    )


@pytest.fixture
def headcount(essex):
    return MetricFactory(
        slug="special-constable-headcount",
        name="Special Constable headcount",
        measure=Metric.Measure.LEVEL,
    )


@pytest.fixture
def summer(hours, essex):
    """Special Constables' hours in summer 2017 against summer 2016, in a draft report."""
    period = ReportingPeriodFactory(status=ReportingPeriod.Status.DRAFT)
    before = ObservationFactory(
        metric=hours, area=essex, start_date=SUMMER_2016[0], end_date=SUMMER_2016[1], value=26000
    )
    return ObservationFactory(
        metric=hours,
        area=essex,
        start_date=SUMMER_2017[0],
        end_date=SUMMER_2017[1],
        value=31200,
        compared_with=before,
        reported_in=period,
        source=SOURCE,
        data_to=SUMMER_2017[1],
        caveat=CAVEAT,
    )


def template_url(fmt):
    return reverse("admin:metrics_observation_upload_template", args=[fmt])


def csv_bytes(rows, header=HEADER, encoding="utf-8"):
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    return text.getvalue().encode(encoding)


def csv_upload(rows, header=HEADER, encoding="utf-8"):
    return SimpleUploadedFile("figures.csv", csv_bytes(rows, header, encoding))


def xlsx_upload(rows, header=HEADER, sheet="Figures"):
    workbook = openpyxl.Workbook()
    workbook.active.title = sheet
    for row in [header, *rows]:
        workbook.active.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile("figures.xlsx", content.getvalue())


def upload(client, file):
    return client.post(UPLOAD, {"file": file})


def confirm(client, preview):
    return client.post(UPLOAD, {"payload": preview.context["payload"]}, follow=True)


def outcomes(response):
    return [line["outcome"] for line in response.context["lines"]]


# The templates


def test_the_excel_template_has_a_worked_example_and_sheets_of_the_codes_to_copy(
    editor_client, summer, headcount
):
    sheets = parse_xlsx(editor_client.get(template_url("xlsx")))

    assert list(sheets) == ["Figures", "Metrics", "Areas", "Bases", "Columns"]
    assert sheets["Figures"] == [
        TEMPLATE_HEADER,
        [
            "special-constable-hours",
            "essex",
            datetime.datetime(2017, 6, 1),
            datetime.datetime(2017, 8, 31),
            31200,
            "three_months",
            datetime.datetime(2016, 6, 1),
            datetime.datetime(2016, 8, 31),
            None,
            "2017-18-Q2",
            SOURCE,
            datetime.datetime(2017, 8, 31),
            CAVEAT,
            None,
        ],
    ]
    assert sheets["Metrics"] == [
        ["slug", "name", "unit", "measure"],
        [
            "special-constable-headcount",
            "Special Constable headcount",
            "Count",
            "A level at a date (such as a headcount)",
        ],
        [
            "special-constable-hours",
            "Special Constable hours",
            "Hours",
            "A total over a period (such as hours of service)",
        ],
    ]
    assert sheets["Areas"] == [["slug", "name"], ["braintree", "Braintree"], ["essex", "Essex"]]
    assert sheets["Bases"][:4] == [
        ["code", "label"],
        ["point_in_time", "At a date"],
        ["month", "Month"],
        ["three_months", "Three months"],
    ]
    assert len(sheets["Bases"]) == 1 + 8
    assert sheets["Columns"][0] == ["column", "required", "what to write"]
    assert [row[:2] for row in sheets["Columns"][5:8]] == [
        ["value", "yes"],
        ["basis", "yes"],
        ["compared_with_start_date", "no"],
    ]


def test_the_csv_template_has_the_header_and_the_worked_example(editor_client, summer):
    rows = parse_csv(editor_client.get(template_url("csv")))

    assert rows == [
        TEMPLATE_HEADER,
        [
            "special-constable-hours",
            "essex",
            "2017-06-01",
            "2017-08-31",
            "31200",
            "three_months",
            "2016-06-01",
            "2016-08-31",
            "",
            "2017-18-Q2",
            SOURCE,
            "2017-08-31",
            CAVEAT,
            "",
        ],
    ]


def test_the_excel_template_is_read_in_a_fixed_number_of_queries(
    editor_client, summer, headcount, django_assert_num_queries
):
    # The example (one with a comparison), the metrics and the areas.
    with django_assert_num_queries(SESSION_AND_USER + PERMISSION_QUERIES + 3):
        read_body(editor_client.get(template_url("xlsx")))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_uploaded_as_it_is_changes_nothing(editor_client, summer, fmt):
    content = read_body(editor_client.get(template_url(fmt)))

    preview = upload(editor_client, SimpleUploadedFile(f"template.{fmt}", content))

    assert preview.context["problems"] == []
    assert outcomes(preview) == ["No change"]


def test_the_upload_page_links_both_templates_and_explains_each_column(editor_client, hours):
    response = editor_client.get(UPLOAD)
    page = text_of(response)
    content = response.content.decode()

    assert f'href="{template_url("xlsx")}"' in content
    assert f'href="{template_url("csv")}"' in content
    assert "basis Required What span the figure covers: a code or label from the" in page
    assert "caveat Optional Anything a reader should know about the figure." in page
    assert "DD/MM/YYYY (31/08/2017)" in page
    assert "three_months : Three months" in page


# Names, labels, dates and encodings


def test_metric_area_and_basis_may_be_given_by_name_or_label_in_any_case(
    editor_client, hours, braintree
):
    rows = [
        [
            " Special Constable HOURS ",
            "BRAINTREE",
            "2017-06-01",
            "2017-08-31",
            "2,150",
            "three months",
        ],
        [
            "special-constable-hours",
            "Braintree",
            "2016-06-01",
            "2016-08-31",
            "1900",
            "Three Months",
        ],
    ]

    preview = upload(editor_client, csv_upload(rows))
    cells = [line["cells"][:6] for line in preview.context["lines"]]
    response = confirm(editor_client, preview)

    assert preview.context["problems"] == []
    assert cells == [
        [
            "special-constable-hours",
            "braintree",
            "2017-06-01",
            "2017-08-31",
            "2150",
            "three_months",
        ],
        [
            "special-constable-hours",
            "braintree",
            "2016-06-01",
            "2016-08-31",
            "1900",
            "three_months",
        ],
    ]
    assert "2 new, 0 changed and 0 unchanged" in text_of(response)
    saved = Observation.objects.get(end_date=SUMMER_2017[1])
    assert (saved.metric, saved.area, saved.value, saved.basis) == (
        hours,
        braintree,
        Decimal("2150"),
        Observation.Basis.THREE_MONTHS,
    )


def test_uk_dates_and_excel_date_cells_are_read_as_the_same_days(editor_client, hours):
    rows = [
        ["special-constable-hours", "essex", "01/06/2016", "31/08/2016", 26000, "three_months"],
        ["special-constable-hours", "essex", *SUMMER_2017, 31200, "three_months", *SUMMER_2016],
    ]
    header = [*HEADER, "compared_with_start_date", "compared_with_end_date"]

    preview = upload(editor_client, xlsx_upload(rows, header=header))
    confirm(editor_client, preview)

    assert preview.context["problems"] == []
    later = Observation.objects.get(end_date=SUMMER_2017[1])
    assert (later.start_date, later.value) == (SUMMER_2017[0], Decimal("31200"))
    assert (later.compared_with.start_date, later.compared_with.end_date) == SUMMER_2016


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("31/02/2018", "'31/02/2018' is not a real date: February 2018 has 28 days."),
        ("2018-02-31", "'2018-02-31' is not a real date: February 2018 has 28 days."),
        ("29/02/2019", "'29/02/2019' is not a real date: February 2019 has 28 days."),
        ("01/13/2018", "'01/13/2018' is not a real date: there is no month 13."),
        ("June 2018", "'June 2018' is not a date: write it as YYYY-MM-DD or DD/MM/YYYY."),
    ],
)
def test_a_date_that_is_not_real_is_refused_saying_so(editor_client, hours, written, problem):
    rows = [["special-constable-hours", "essex", written, "31/08/2018", "10", "month"]]

    response = upload(editor_client, csv_upload(rows))

    assert f"Row 2, column start_date: {problem}" in text_of(response)
    assert response.context["payload"] is None
    assert not Observation.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_a_csv_saved_as_utf_8_with_or_without_bom_or_as_windows_1252_is_read(
    editor_client, hours, encoding
):
    rows = [
        [
            "special-constable-hours",
            "essex",
            "01/06/2017",
            "31/08/2017",
            "£31,200",
            "Three months",
            PAID,
        ]
    ]
    file = csv_upload(rows, header=[*HEADER, "caveat"], encoding=encoding)

    preview = upload(editor_client, file)
    confirm(editor_client, preview)

    saved = Observation.objects.get()
    assert (saved.value, saved.caveat) == (Decimal("31200"), PAID)


def test_the_figures_sheet_is_read_wherever_it_stands_in_the_workbook(editor_client, hours):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["Figures for the September report"])
    figures = workbook.create_sheet("Figures")
    figures.append(HEADER)
    figures.append(["special-constable-hours", "essex", *SUMMER_2017, 31200, "three_months"])
    content = io.BytesIO()
    workbook.save(content)

    preview = upload(editor_client, SimpleUploadedFile("figures.xlsx", content.getvalue()))

    assert outcomes(preview) == ["New"]


# Errors


def test_every_error_names_the_row_the_column_what_was_found_and_what_would_do(
    editor_client, hours, braintree
):
    good = ["special-constable-hours", "essex", "01/06/2017", "31/08/2017", "31200"]
    rows = [
        [*good, "quartely"],
        ["special-constable-hours", "Essx", "01/06/2017", "31/08/2017", "100", "month"],
        ["special constable hour", "essex", "01/06/2016", "31/08/2016", "100", "month"],
        ["special-constable-hours", "essex", "01/06/2015", "31/08/2015", "lots", "month"],
        ["special-constable-hours", "essex", "01/06/2014", "31/08/2014", "5", "month"],
        ["special-constable-hours", "essex", "2014-06-01", "2014-08-31", "5", "month"],
    ]

    response = upload(editor_client, csv_upload(rows))
    page = text_of(response)

    for problem in [
        f"Row 2, column basis: 'quartely' is not a basis; use one of: {BASES}.",
        "Row 3, column area: 'Essx' is not an area; use one of: braintree (Braintree), "
        "essex (Essex).",
        "Row 4, column metric: 'special constable hour' is not a metric; use a slug or name "
        "from the Metrics sheet of the template, such as 'special-constable-hours'.",
        "Row 5, column value: 'lots' is not a number.",
        "Row 7: Row 6 has the same metric, area and dates: give each once.",
    ]:
        assert problem in page
    assert [number for number, _, _ in response.context["problems"]] == [2, 3, 4, 5, 7]
    assert "nothing has been written" in page
    assert "Write these observations" not in page
    assert response.context["payload"] is None
    assert not Observation.objects.exists()


def test_a_cell_longer_than_a_cell_may_hold_is_refused_by_its_row_and_column(editor_client, hours):
    rows = [
        ["special-constable-hours", "essex", "01/06/2017", "31/08/2017", "1", "month", "x" * 2001]
    ]

    response = upload(editor_client, csv_upload(rows, header=[*HEADER, "caveat"]))

    assert response.context["problems"] == [
        (2, "caveat", "The text is longer than 2,000 characters.")
    ]


# The observation list's own downloads


def api_download(client, fmt):
    return read_body(client.get(OBSERVATIONS_API, {"format": fmt}))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_observation_lists_download_of_the_demo_uploads_again_unchanged(
    editor_client, demo, fmt
):
    stored = Observation.objects.count()
    content = api_download(editor_client, fmt)

    preview = upload(editor_client, SimpleUploadedFile(f"observations.{fmt}", content))
    response = confirm(editor_client, preview)

    assert preview.context["problems"] == []
    assert stored > 50
    assert outcomes(preview) == ["No change"] * stored
    assert f"0 new, 0 changed and {stored} unchanged" in text_of(response)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "caveat", ["=1+1 runs", "\uff1d1+1 in full width", "'=1+1 already quoted", "\n@SUM(A1)"]
)
def test_text_a_download_guards_from_spreadsheets_uploads_again_unchanged(
    editor_client, summer, fmt, caveat
):
    Observation.objects.filter(pk=summer.pk).update(caveat=caveat)
    content = api_download(editor_client, fmt)

    preview = upload(editor_client, SimpleUploadedFile(f"observations.{fmt}", content))

    assert preview.context["problems"] == []
    assert outcomes(preview) == ["No change", "No change"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_corrected_download_changes_the_corrected_figure_and_keeps_its_comparison(
    editor_client, summer, fmt
):
    content = api_download(editor_client, fmt)
    corrected = corrected_download(content, fmt, value="31250")

    preview = upload(editor_client, SimpleUploadedFile(f"observations.{fmt}", corrected))
    confirm(editor_client, preview)

    assert preview.context["problems"] == []
    assert sorted(outcomes(preview)) == ["Changed", "No change"]
    summer.refresh_from_db()
    assert summer.value == Decimal("31250")
    assert (summer.compared_with.start_date, summer.compared_with.end_date) == SUMMER_2016
    assert (summer.source, summer.caveat, summer.basis) == (SOURCE, CAVEAT, "three_months")


def corrected_download(content, fmt, value):
    """The download with summer 2017's value (the row that has a comparison) changed."""
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        row = next(row for row in rows[1:] if row[rows[0].index("Compared with")])
        row[rows[0].index("Value")] = value
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue().encode("utf-8-sig")
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = next(
        row for row in sheet.iter_rows(min_row=2) if row[header.index("Compared with")].value
    )
    row[header.index("Value")].value = int(value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_download_uploaded_where_its_figures_are_gone_adds_them_with_their_comparisons(
    editor_client, summer
):
    content = api_download(editor_client, "csv")
    Observation.objects.all().delete()

    preview = upload(editor_client, SimpleUploadedFile("observations.csv", content))
    confirm(editor_client, preview)

    assert outcomes(preview) == ["New", "New"]
    later = Observation.objects.get(end_date=SUMMER_2017[1])
    assert later.value == Decimal("31200")
    assert later.compared_with.end_date == SUMMER_2016[1]


def test_a_comparison_id_that_names_no_observation_is_refused(editor_client, summer):
    header = [*HEADER, "Compared with"]
    rows = [
        ["special-constable-hours", "essex", "01/06/2018", "31/08/2018", "1", "month", "999999"]
    ]

    response = upload(editor_client, csv_upload(rows, header=header))

    assert (
        "Row 2, column compared_with: '999999' is the id of no observation, stored or in this file."
        in text_of(response)
    )


@pytest.mark.parametrize("count", [2, 30])
def test_a_preview_is_checked_in_the_same_number_of_queries_however_many_rows(
    editor_client, hours, django_assert_num_queries, count
):
    rows = [
        ["Special Constable hours", "Essex", f"{day:02}/06/2017", f"{day:02}/06/2017", "9", "Month"]
        for day in range(1, count + 1)
    ]
    file = csv_upload(rows)

    # The periods the form offers (for the file, then for the next file under the preview),
    # the metrics and areas by name, then the feed's lookups of the metrics, the areas and
    # the stored observations the rows may change.
    with django_assert_num_queries(SESSION_AND_USER + PERMISSION_QUERIES + 7):
        response = upload(editor_client, file)

    assert outcomes(response) == ["New"] * count
