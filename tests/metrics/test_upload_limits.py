"""An Excel upload is bounded before openpyxl parses it: a small file that unpacks to a huge
row, millions of texts or formats is refused saying what is too large, without the worker's
memory growing, and nothing is written. A CSV file's lines are bounded as they are read."""

import datetime
import io
import os
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metrics.models import Observation
from metrics.upload_limits import MAX_SETTINGS, check_workbook
from metrics.uploads import COLUMNS, MAX_COLUMNS, MAX_LINES, read_upload, read_xlsx

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:metrics_observation_upload")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The largest upload allowed peaks at about 7 MB while it is read. Before the bounds, the row
# of ten million cells took a worker to 3 GB and two million texts to 170 MB traced.
MEMORY_BOUND = 20 * 1024 * 1024
# A CSV file of 5 MB is held four times in the view (the request's body, the uploaded file,
# the bytes read and their text): some 21 MB. A line of 5 million commas took 5 million cells
# on top of that before lines were bounded.
CSV_MEMORY_BOUND = 30 * 1024 * 1024
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>metric</t></is></c></row>'


def workbook(sheet_rows=HEADER_ROW, dimension="A1:F2", texts=None, styles=None, extra=None):
    """An .xlsx written part by part, as an attacker would: openpyxl cannot write these."""
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{TYPES}.sharedStrings+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELATIONS}"><Relationship Id="rId1" '
            f'Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets>'
            '<sheet name="Figures" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{RELATIONS}"><Relationship Id="rId1" '
            f'Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
            f"<sheetData>{sheet_rows}</sheetData></worksheet>",
        )
        archive.writestr("xl/sharedStrings.xml", texts or f'<sst xmlns="{MAIN}"/>')
        if styles:
            archive.writestr("xl/styles.xml", styles)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return SimpleUploadedFile("figures.xlsx", content.getvalue())


def texts(count, claimed):
    return f'<sst xmlns="{MAIN}" uniqueCount="{claimed}">' + "<si/>" * count + "</sst>"


def peak_memory(read):
    """What read() returns and the most memory traced while it ran."""
    tracemalloc.start()
    try:
        return read(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# An upload reads at most 2 * (14 columns of the template + 47 columns a download adds, each
# with its label) = 122 columns, and a CSV line of 122 cells of 2,000 characters and 3 more
# (quotes and a comma): 244,366 characters.
ATTACKS = {
    "one row of ten million cells": (
        lambda: workbook('<row r="1">' + "<c/>" * 10_000_000 + "</row>", "A1:XFD1"),
        "The workbook unpacks to 38 MB; an upload may unpack to at most 16 MB",
    ),
    "two million texts": (
        lambda: workbook(texts=f'<sst xmlns="{MAIN}">' + "<si><t>x</t></si>" * 2_000_000),
        "The workbook unpacks to 32 MB; an upload may unpack to at most 16 MB",
    ),
    "a sheet claiming every column Excel has": (
        lambda: workbook(dimension="A1:XFD1"),
        "A sheet of the workbook claims 16,384 columns; an upload reads at most 122",
    ),
    "a sheet claiming a million rows": (
        lambda: workbook(dimension="A1:F1000000"),
        "A sheet of the workbook claims 1,000,000 rows; an upload reads at most 5,000",
    ),
    "a row of a million cells under a dimension that lies": (
        lambda: workbook('<row r="1">' + "<c/>" * 1_000_000 + "</row>", "A1:F2"),
        "A row of the workbook holds more than 122 cells",
    ),
    "two million texts in a small file": (
        lambda: workbook(texts=texts(2_000_000, claimed=2_000_000)),
        "The workbook claims 2,000,000 distinct texts; an upload may have at most 30,000",
    ),
    "two million texts whose count lies": (
        lambda: workbook(texts=texts(2_000_000, claimed=1)),
        "The workbook holds at least 30,001 distinct texts",
    ),
    "a million cell formats": (
        lambda: workbook(
            styles=f'<styleSheet xmlns="{MAIN}"><cellXfs>' + "<xf/>" * 1_000_000 + "</cellXfs>"
        ),
        "The workbook holds more than 20,000 formats, names and other settings",
    ),
    "a million cells in rows": (
        lambda: workbook(('<row r="2">' + "<c/>" * 80 + "</row>") * 12_500),
        "The workbook holds more than 250,000 cells, texts and formats together",
    ),
    "a text of a million characters": (
        lambda: workbook(
            '<row r="1"><c t="inlineStr"><is><t>' + "x" * 1_000_000 + "</t></is></c></row>"
        ),
        "The workbook holds a text of more than 32,767 characters",
    ),
    "a part that is not XML": (
        # A picture starts with its signature, never with "<" as random bytes may.
        lambda: workbook(extra={"xl/media/image1.png": PNG_SIGNATURE + os.urandom(1_200_000)}),
        "The workbook holds a picture or other part of 1.1 MB; an upload's may be at most 1 MB",
    ),
    "three hundred parts": (
        lambda: workbook(extra={f"xl/media/image{n}.png": b"" for n in range(300)}),
        "The workbook is made of 306 parts; an upload may have at most 200",
    ),
}


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_workbook_larger_than_an_upload_can_be_is_refused_saying_what_and_writes_nothing(
    editor_client, attack
):
    build, message = ATTACKS[attack]
    file = build()

    response, peak = peak_memory(lambda: editor_client.post(UPLOAD, {"file": file}))

    error = response.context["form"].errors["file"][0]
    assert error.startswith(message)
    assert error.endswith("copy the figures into the template, or upload them in parts.")
    assert peak < MEMORY_BOUND
    assert not Observation.objects.exists()


def styles_encoded(encoding):
    """Thirty thousand cell formats in an encoding lxml reads and expat does not."""
    formats = "<xf/>" * 30_000
    return (
        f'<?xml version="1.0" encoding="{encoding}"?><styleSheet xmlns="{MAIN}">'
        f"<cellXfs>{formats}</cellXfs></styleSheet>"
    ).encode(encoding)


DISGUISED = {
    "styles in UTF-32": lambda: workbook(styles=styles_encoded("utf-32")),
    "styles in UTF-32 without BOM": lambda: workbook(styles=styles_encoded("utf-32-be")),
}


@pytest.mark.parametrize("attack", DISGUISED)
def test_a_part_that_would_escape_the_counts_is_refused_as_damaged_and_writes_nothing(
    editor_client, attack
):
    file = DISGUISED[attack]()

    response, peak = peak_memory(lambda: editor_client.post(UPLOAD, {"file": file}))

    error = response.context["form"].errors["file"][0]
    assert error == "The file is not an Excel workbook (.xlsx), or it is damaged."
    assert peak < MEMORY_BOUND
    assert not Observation.objects.exists()


def test_the_largest_upload_allowed_is_read_whole_within_the_same_memory():
    sheet = openpyxl.Workbook()
    sheet.active.title = "Figures"
    sheet.active.append(COLUMNS)
    day = datetime.date(2017, 5, 31)
    for number in range(1000):
        # Every caveat different, as long as a caveat may be: no text is shared.
        caveat = (f"{number:04} " + "Hours on duty, expenses not counted. " * 54)[:2000]
        figure = ["headcount", "essex", day, day, number, "point_in_time", day, day]
        sheet.active.append([*figure, "braintree", "2017-18-Q2", f"Report {number}", day, caveat])
    content = io.BytesIO()
    sheet.save(content)
    file = SimpleUploadedFile("figures.xlsx", content.getvalue())

    rows, peak = peak_memory(lambda: read_upload(file))

    assert len(rows) == 1000
    assert rows[-1][1]["caveat"].startswith("0999 Hours on duty")
    assert peak < MEMORY_BOUND


def test_a_sheet_claiming_fewer_rows_than_it_has_is_read_to_a_row_past_the_last_an_upload_takes():
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 6001))
    # Its dimension claims two rows: it holds 6,000.
    file = workbook(rows, dimension="A1:A2")

    lines = list(read_xlsx(file))

    assert len(lines) == MAX_LINES + 1
    assert lines[-1][0] == MAX_LINES + 1


def test_a_workbook_of_many_formulas_is_not_refused_for_the_chain_excel_keeps_of_them():
    # Excel lists every formula cell in calcChain.xml, which openpyxl does not read.
    chain = "<calcChain>" + '<c r="A1" i="1"/>' * (MAX_SETTINGS + 1) + "</calcChain>"
    file = workbook(extra={"xl/calcChain.xml": chain})

    assert check_workbook(file, rows=MAX_LINES, columns=MAX_COLUMNS) is None


def test_a_csv_line_longer_than_any_row_of_figures_is_refused_before_its_cells_are_built(
    editor_client,
):
    file = SimpleUploadedFile("figures.csv", b"metric" + b"," * (5 * 1024 * 1024 - 10))

    response, peak = peak_memory(lambda: editor_client.post(UPLOAD, {"file": file}))

    assert response.context["form"].errors["file"][0] == (
        "A line of the file is longer than 244,366 characters, more than a row of figures can "
        "be: copy the figures into the template, or upload them in parts."
    )
    assert peak < CSV_MEMORY_BOUND
    assert not Observation.objects.exists()
