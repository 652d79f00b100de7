"""Observations from a spreadsheet, for staff without a data feed: a CSV or Excel file read
into the items metrics.feeds writes, and the blank template to fill in.

A file is read into rows of text, one per spreadsheet line, and checked; the rows travel to
the confirming step signed (django.core.signing), for that person only and for an hour, so
what is written is exactly what was previewed and cannot be altered in between.
"""

import csv
import datetime
import io

import openpyxl
from django import forms
from django.core import signing

from essexperf.exports import Column, Sheet
from metrics.feeds import MAX_ITEMS

COLUMNS = [
    "metric",
    "area",
    "start_date",
    "end_date",
    "value",
    "basis",
    "compared_with_start_date",
    "compared_with_end_date",
    "reported_in",
    "source",
    "data_to",
    "caveat",
]
REQUIRED_COLUMNS = COLUMNS[:6]
COMPARISON_COLUMNS = {
    "compared_with_start_date": "start_date",
    "compared_with_end_date": "end_date",
}
MAX_BYTES = 5 * 1024 * 1024
# Blank rows are skipped, but not without end.
MAX_LINES = 5 * MAX_ITEMS
MAX_COLUMNS = 2 * len(COLUMNS)
SIGNING_SALT = "metrics.uploads.rows"
PREVIEW_LIFETIME = datetime.timedelta(hours=1)


class UploadError(Exception):
    """A file that cannot be read as rows of observations, with what to do about it."""


def template_sheet():
    return Sheet("Observations", [Column(name, name) for name in COLUMNS], [])


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="A CSV file (saved as CSV UTF-8) or an Excel workbook (.xlsx), "
        "with the template's columns in its first row."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB: upload it in parts.")
        try:
            self.rows = read_upload(upload)
        except UploadError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def read_upload(upload):
    """[(line number, {column: text})] of the file's filled rows."""
    name = upload.name.lower()
    if name.endswith(".csv"):
        return table(read_csv(upload))
    if name.endswith(".xlsx"):
        return table(read_xlsx(upload))
    raise UploadError("Choose a CSV (.csv) or Excel (.xlsx) file.")


def read_csv(upload):
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError('The file is not UTF-8 text: save it as "CSV UTF-8".') from None
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as error:
        raise UploadError(f"The file is not valid CSV: {error}.") from None


def read_xlsx(upload):
    workbook = None
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # A sheet may claim any size: only as many columns as a template could hold are read.
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    # openpyxl raises many kinds of error for a damaged or disguised file.
    except Exception:
        raise UploadError("The file is not an Excel workbook (.xlsx), or it is damaged.") from None
    finally:
        if workbook is not None:
            workbook.close()


def table(lines):
    lines = iter(lines)
    header = [cell_text(cell).lower() for cell in next(lines, None) or []]
    check_header(header)
    rows = []
    for number, line in enumerate(lines, start=2):
        if number > MAX_LINES:
            raise UploadError(f"The file runs past row {MAX_LINES}: upload it in parts.")
        cells = dict(zip(header, map(cell_text, line), strict=False))
        if any(cells.values()):
            rows.append((number, {name: text for name, text in cells.items() if name}))
        if len(rows) > MAX_ITEMS:
            raise UploadError(f"The file holds more than {MAX_ITEMS} rows: upload it in parts.")
    if not rows:
        raise UploadError("The file holds no observations under its header row.")
    return rows


def check_header(header):
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name and name not in COLUMNS]
    if missing:
        raise UploadError(f"The first row lacks the column {', '.join(missing)}.")
    if unknown:
        raise UploadError(f"Unknown column {', '.join(unknown)}: use the template's columns.")
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise UploadError(f"The column {', '.join(repeated)} comes more than once.")


def cell_text(value):
    """A cell as the text a feed item holds: dates as YYYY-MM-DD, numbers as written."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def item_of_row(row):
    """The feed item of a row: blank cells left out, the comparison's dates gathered."""
    item = {name: text for name, text in row.items() if text and name not in COMPARISON_COLUMNS}
    comparison = {key: row[name] for name, key in COMPARISON_COLUMNS.items() if row.get(name)}
    if comparison:
        item["compared_with"] = comparison
    return item


def column_of(field):
    """The column a feed error's field is in, such as compared_with_start_date."""
    return field.replace(".", "_") if field else None


def sign_rows(name, rows, user):
    return signing.dumps([name, rows], salt=f"{SIGNING_SALT}:{user.pk}", compress=True)


def unsign_rows(payload, user):
    """(file name, rows) signed for this user; signing.BadSignature if altered or too old."""
    name, rows = signing.loads(payload, salt=f"{SIGNING_SALT}:{user.pk}", max_age=PREVIEW_LIFETIME)
    return name, [(number, row) for number, row in rows]
