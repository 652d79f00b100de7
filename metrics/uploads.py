"""Observations from a spreadsheet, for staff without a data feed: a CSV or Excel file read
into rows of text under the template's columns (see metrics.upload_rows for checking them).

A file is read into rows of text, one per spreadsheet line. Its header may be the
template's or the observation list's own CSV or Excel download (the API's), whose
output-only columns are left aside, so a download can be uploaded again unchanged. The
rows travel to the confirming step signed (django.core.signing), for that person only and
for an hour, so what is written is exactly what was previewed and cannot be altered in
between.
"""

import csv
import datetime
import hashlib
import re

import openpyxl
from django import forms
from django.core import signing

from essexperf.exports import unguarded
from metrics import upload_limits
from metrics.api.observations import ObservationViewSet
from metrics.feeds import MAX_ITEMS, write_observations
from metrics.import_runs import UPLOADS, data_source, record_delivery
from metrics.models import DataSource
from metrics.source_files import Source
from priorities.models import ReportingPeriod

# What each column takes, as the upload page and the template's Columns sheet explain it.
COLUMN_HELP = {
    "metric": "The metric's slug or its name, as the template's Metrics sheet lists them.",
    "area": "The area's slug or its name, as the template's Areas sheet lists them.",
    "start_date": "The first day the figure covers, as YYYY-MM-DD or DD/MM/YYYY. For a level "
    "(such as a headcount), the day it stands at.",
    "end_date": "The last day the figure covers; for a level, the same day as start_date.",
    "value": "The figure as a number, such as 82.5 for 82.5% or 500000 for £500,000.",
    "basis": "What span the figure covers: a code or label from the template's Bases sheet, "
    "such as three_months or Three months.",
    "compared_with_start_date": "The start date of the earlier figure of the same metric "
    "this one is compared with.",
    "compared_with_end_date": "The end date of that earlier figure.",
    "compared_with_area": "The earlier figure's area, only where it is not this row's area.",
    "reported_in": "The report edition that states the figure, by its code, such as 2017-18-Q2. "
    "Left blank, the edition chosen on the upload page.",
    "source": "Where the figure comes from, such as the report's title.",
    "data_to": 'The source\'s "data to" date.',
    "caveat": "Anything a reader should know about the figure.",
    "denominator": "For a percentage, the count it is of, as a whole number: such as 1200 "
    "calls answered for 82.5% answered in time. Left blank for other figures.",
}
COLUMNS = list(COLUMN_HELP)
REQUIRED_COLUMNS = COLUMNS[:6]
COMPARISON_COLUMNS = {
    "compared_with_start_date": "start_date",
    "compared_with_end_date": "end_date",
    "compared_with_area": "area",
}
# The observation list's download names the observation compared with by its id, and each
# row by its own: read, then turned into the comparison's columns (metrics.upload_rows).
ID, COMPARED_ID = "id", "compared_with_id"
HEADER_ALIASES = {"compared_with": COMPARED_ID}


def header_key(text):
    """A header as a column name: "Start date" and "start_date" are the same column."""
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")


# The download's other columns (names, unit, change, a choice's label beside its code...)
# are worked out from the figures, so a file carrying them is read without them.
DOWNLOADED = {header_key(column.header) for column in ObservationViewSet.export_columns}
READ = {*COLUMNS, ID, *HEADER_ALIASES}
OUTPUT_ONLY = {*DOWNLOADED, *(f"{key}_label" for key in DOWNLOADED)} - READ
MAX_BYTES = 5 * 1024 * 1024
# Blank rows are skipped, but not without end.
MAX_LINES = 5 * MAX_ITEMS
MAX_COLUMNS = 2 * (len(COLUMNS) + len(OUTPUT_ONLY))
# A caveat is the longest text a row holds; the model's own limits check the others.
MAX_CELL_CHARS = 2000
SIGNING_SALT = "metrics.uploads.rows"
PREVIEW_LIFETIME = datetime.timedelta(hours=1)
# Excel saves "CSV" in the computer's code page unless told "CSV UTF-8".
ENCODINGS = ("utf-8-sig", "cp1252")
SHEET_NAME = "Figures"


class UploadError(Exception):
    """A file that cannot be read as rows of observations, with what to do about it."""


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="A CSV file or an Excel workbook (.xlsx) with the template's columns in its "
        "first row, or a CSV or Excel download of the observation list."
    )

    reported_in = forms.ChoiceField(
        label="Report the figures in",
        required=False,
        help_text="The edition of a row whose reported_in column is blank: the quarter being "
        "written, unless the figures belong to no edition.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Newest first: the quarter being written is the one offered.
        writable = ReportingPeriod.objects.exclude(status=ReportingPeriod.Status.PUBLISHED)
        choices = [(p.code, f"{p.code} ({p.get_status_display().lower()})") for p in writable]
        field = self.fields["reported_in"]
        field.choices = [*choices, ("", "No edition: only the file's reported_in column")]
        field.initial = choices[0][0] if choices else ""

    def clean(self):
        """Give each row without an edition the one chosen, so the preview shows it."""
        code = self.cleaned_data.get("reported_in")
        for _number, cells in getattr(self, "rows", []) if code else []:
            cells["reported_in"] = cells.get("reported_in") or code
        return self.cleaned_data

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB: upload it in parts.")
        try:
            self.rows = read_upload(upload)
        except UploadError as error:
            raise forms.ValidationError(str(error)) from None
        self.file = digest_of(upload)
        return upload


def digest_of(upload):
    """(size, SHA-256) of an uploaded file, recorded with its import."""
    upload.seek(0)
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    return upload.size, sha.hexdigest()


def read_upload(upload):
    """[(line number, {column: text})] of the file's filled rows."""
    name = upload.name.lower()
    if name.endswith(".csv"):
        return table(read_csv(upload))
    if name.endswith(".xlsx"):
        return table(read_xlsx(upload))
    raise UploadError("Choose a CSV (.csv) or Excel (.xlsx) file.")


def decode(data):
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UploadError('The file is not text: save it from Excel as "CSV UTF-8".')


def read_csv(upload):
    text = decode(upload.read(MAX_BYTES + 1))
    # No row of the columns read, each as long as a cell may be, is longer.
    longest = MAX_COLUMNS * (MAX_CELL_CHARS + 3)
    try:
        yield from csv.reader(upload_limits.csv_lines(text, longest))
    except csv.Error as error:
        raise UploadError(f"The file is not valid CSV: {error}.") from None
    except upload_limits.TooLarge as error:
        raise UploadError(str(error)) from None


def read_xlsx(upload):
    workbook = None
    try:
        # Bounded before openpyxl parses it, which builds in memory whatever the file holds.
        upload_limits.check_workbook(upload, rows=MAX_LINES, columns=MAX_COLUMNS)
        upload.seek(0)
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
        names = workbook.sheetnames
        sheet = workbook[SHEET_NAME] if SHEET_NAME in names else workbook.worksheets[0]
        # Whatever the sheet claims, no more is read than the table takes (one row past its
        # last, for its message).
        rows = sheet.iter_rows(max_row=MAX_LINES + 1, max_col=MAX_COLUMNS, values_only=True)
        yield from rows
    except upload_limits.TooLarge as error:
        raise UploadError(str(error)) from None
    # openpyxl raises many kinds of error for a damaged or disguised file.
    except Exception:
        raise UploadError("The file is not an Excel workbook (.xlsx), or it is damaged.") from None
    finally:
        if workbook is not None:
            workbook.close()


def table(lines):
    lines = iter(lines)
    header = read_header(next(lines, None) or [])
    rows = []
    for number, line in enumerate(lines, start=2):
        if number > MAX_LINES:
            raise UploadError(f"The file runs past row {MAX_LINES}: upload it in parts.")
        cells = dict(zip(header, map(cell_text, line), strict=False))
        cells.pop(None, None)
        if any(cells.values()):
            rows.append((number, cells))
        if len(rows) > MAX_ITEMS:
            raise UploadError(f"The file holds more than {MAX_ITEMS} rows: upload it in parts.")
    if not rows:
        raise UploadError("The file holds no observations under its header row.")
    return rows


def read_header(cells):
    """Each cell's column, or None for a column that is read no further."""
    if len(cells) > MAX_COLUMNS:
        raise UploadError(f"The first row has more than {MAX_COLUMNS} columns.")
    keys = [header_key(cell_text(cell)) for cell in cells]
    header = [HEADER_ALIASES.get(key, key) for key in keys]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [key for key in keys if key and key not in READ | OUTPUT_ONLY]
    if missing:
        raise UploadError(f"The first row lacks the column {', '.join(missing)}.")
    if unknown:
        raise UploadError(
            f"Unknown column {', '.join(unknown)}: use the template's columns "
            f"({', '.join(COLUMNS)})."
        )
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise UploadError(f"The column {', '.join(repeated)} comes more than once.")
    return [name if name and name not in OUTPUT_ONLY else None for name in header]


def cell_text(value):
    """A cell as the text a feed item holds: dates as YYYY-MM-DD, numbers as written, text
    trimmed, as a download guarded it from spreadsheets, and cut short past the longest
    a cell may hold (which the row's check reports)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # A download puts a quote before text a spreadsheet would run as a formula.
    return unguarded(str(value)[: MAX_CELL_CHARS + 1].strip())


def item_of_row(row):
    """The feed item of a checked row: blank cells left out, the comparison's gathered."""
    item = {name: text for name, text in row.items() if text and name in COLUMNS}
    comparison = {key: item.pop(name) for name, key in COMPARISON_COLUMNS.items() if name in item}
    if comparison:
        item["compared_with"] = comparison
    return item


def column_of(field):
    """The column a feed error's field is in, such as compared_with_start_date."""
    return field.replace(".", "_") if field else None


def sign_rows(name, rows, user, file):
    """The rows previewed, for this user to confirm, with the file's name and its (size,
    SHA-256), which its import records."""
    payload = [name, rows, list(file)]
    return signing.dumps(payload, salt=f"{SIGNING_SALT}:{user.pk}", compress=True)


def unsign_rows(payload, user):
    """(file name, rows, (size, SHA-256)) signed for this user; signing.BadSignature if
    altered or too old."""
    salt = f"{SIGNING_SALT}:{user.pk}"
    name, rows, file = signing.loads(payload, salt=salt, max_age=PREVIEW_LIFETIME)
    return name, [(number, row) for number, row in rows], tuple(file)


def record_upload(name, file, items):
    """Write an upload's figures (metrics.feeds) as an import of uploaded observations, of
    the file of that name and (size, SHA-256), which each figure written names."""
    size, sha256 = file
    return record_delivery(
        Source(name, size, sha256, None),
        data_source(UPLOADS, DataSource.Kind.MANUAL_UPLOAD),
        "admin upload",
        lambda record: write_observations(items, data_import=record),
    )
