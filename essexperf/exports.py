"""Streamed CSV and Excel (.xlsx) downloads whose memory stays bounded however many rows.

Rows are read in chunks and bytes leave as soon as each chunk is written, so the first bytes
reach the client before the last row is read. The .xlsx is written by hand (it is a zip of a
few XML files) because spreadsheet libraries build the whole workbook before saving it.
"""

import csv
import datetime
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.core.exceptions import FieldDoesNotExist
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_ROWS = 500
# A cell starting with one of these is run as a formula by spreadsheet programs; the
# full-width signs too, which some (and input methods for East Asian text) take for the
# plain ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
GUARD = "'"
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


@dataclass(frozen=True)
class Column:
    """A column of a download: its header and how to read its value from a row.

    A value that is one of a field's choices is written as its code, the same as in JSON;
    `labelled` puts its label in a column beside it. `choices` names them for a column read
    by a function; a column read by a path finds them on the model's field."""

    header: str
    read: object
    choices: object = None

    def value(self, row):
        if callable(self.read):
            return self.read(row)
        value = row
        for name in self.read.split("."):
            value = getattr(value, name, None) if value is not None else None
        return value


def field_at(model, path):
    """The model field a dotted path such as "period.status" reads, or None where the path
    reads no field (an annotation, a method)."""
    *relations, name = path.split(".")
    try:
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        return model._meta.get_field(name)
    except (AttributeError, FieldDoesNotExist):
        return None


def choices_of(model, column):
    """{code: label} of the choices a column's values are one of, or None."""
    if column.choices is not None:
        return dict(column.choices.choices)
    field = field_at(model, column.read) if isinstance(column.read, str) else None
    return dict(field.flatchoices) if field is not None and field.choices else None


def label_column(column, labels):
    def label(row):
        code = column.value(row)
        # A code no longer among the choices is shown as it is rather than failing.
        return None if code in (None, "") else labels.get(code, code)

    return Column(f"{column.header} label", label)


def labelled(model, columns):
    """The columns of a download of the model's rows, each column of choices (a status, a
    basis, a grade...) followed by one of their labels: codes to read by program, labels
    to read by people, in every download alike."""
    out = []
    for column in columns:
        out.append(column)
        labels = choices_of(model, column)
        if labels is not None:
            out.append(label_column(column, labels))
    return out


@dataclass(frozen=True)
class Sheet:
    """One table of a download: a name, its columns and the rows (an iterable)."""

    name: str
    columns: list
    rows: object


def streaming_download(fmt, sheets, filename):
    """A response streaming the sheets as "csv" or "xlsx", saved by the browser as filename."""
    stream = stream_csv(sheets) if fmt == "csv" else stream_xlsx(sheets)
    content_type = CSV_CONTENT_TYPE if fmt == "csv" else XLSX_CONTENT_TYPE
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    return response


def starts_like_formula(text):
    """Whether a spreadsheet may run the text as a formula: a sign first, or after the
    spaces, tabs and line breaks it skips; or the text already reads as guarded (quotes
    before such text), which an upload would otherwise take the guard off."""
    text = text.lstrip(GUARD)
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def neutralise(text):
    """Keep text that starts like a formula from being run when the file is opened."""
    return GUARD + text if starts_like_formula(text) else text


def unguarded(text):
    """The text that neutralise guarded, as it was: an upload of a download reads each cell
    so, and the text round-trips unchanged."""
    guarded = text.startswith(GUARD) and starts_like_formula(text[len(GUARD) :])
    return text[len(GUARD) :] if guarded else text


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return neutralise(str(value))


class _Pipe:
    """A file-like object that keeps what is written until it is drained."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def drain(self):
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def stream_csv(sheets):
    """Yield CSV bytes; several sheets follow each other, each under its name."""
    pipe = _Pipe()
    writer = csv.writer(_TextPipe(pipe))
    yield "\ufeff".encode()  # Excel opens UTF-8 CSV correctly only with a byte-order mark.
    for index, sheet in enumerate(sheets):
        if len(sheets) > 1:
            if index:
                writer.writerow([])
            writer.writerow([sheet.name])
        writer.writerow([column.header for column in sheet.columns])
        for count, row in enumerate(sheet.rows, start=1):
            writer.writerow([csv_cell(column.value(row)) for column in sheet.columns])
            if count % CHUNK_ROWS == 0:
                yield pipe.drain()
        yield pipe.drain()


class _TextPipe:
    def __init__(self, pipe):
        self.pipe = pipe

    def write(self, text):
        return self.pipe.write(text.encode())


def xlsx_cell(reference, value):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if isinstance(value, (int, Decimal, float)):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if isinstance(value, datetime.date):
        serial = (value - EXCEL_EPOCH).days
        return f'<c r="{reference}" s="1"><v>{serial}</v></c>'
    if isinstance(value, datetime.time):
        value = value.isoformat(timespec="minutes")
    # Characters Excel cannot hold go first, so that the guard sees what the cell will start with.
    text = escape(neutralise(XML_ILLEGAL.sub("", str(value))))
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def column_letters(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def xlsx_row(number, values):
    cells = "".join(
        xlsx_cell(f"{column_letters(i)}{number}", value) for i, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def stream_xlsx(sheets):
    """Yield the bytes of an .xlsx workbook holding each sheet, with numbers as numbers."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as workbook:
        for name, content in _workbook_parts(sheets):
            workbook.writestr(name, content)
        yield pipe.drain()
        for number, sheet in enumerate(sheets, start=1):
            with workbook.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as part:
                for chunk in _sheet_xml(sheet):
                    part.write(chunk.encode())
                    yield pipe.drain()
    yield pipe.drain()


def _sheet_xml(sheet):
    headers = [column.header for column in sheet.columns]
    lines = [SHEET_START, xlsx_row(1, headers)]
    for number, row in enumerate(sheet.rows, start=2):
        lines.append(xlsx_row(number, [column.value(row) for column in sheet.columns]))
        if len(lines) >= CHUNK_ROWS:
            yield "".join(lines)
            lines = []
    lines.append(SHEET_END)
    yield "".join(lines)


def sheet_title(name):
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Sheet"


def _workbook_parts(sheets):
    sheet_entries = "".join(
        f'<sheet name="{escape(sheet_title(sheet.name))}" sheetId="{n}" r:id="rId{n}"/>'
        for n, sheet in enumerate(sheets, start=1)
    )
    relations = "".join(
        f'<Relationship Id="rId{n}" Type="{OFFICE_REL}/worksheet" '
        f'Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    styles_id = len(sheets) + 1
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
        for n in range(1, len(sheets) + 1)
    )
    yield "[Content_Types].xml", CONTENT_TYPES.format(overrides=overrides)
    yield "_rels/.rels", ROOT_RELS
    yield "xl/workbook.xml", WORKBOOK.format(sheets=sheet_entries)
    yield (
        "xl/_rels/workbook.xml.rels",
        WORKBOOK_RELS.format(relations=relations, styles_id=styles_id),
    )
    yield "xl/styles.xml", STYLES


OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SHEET_START = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>'
SHEET_END = "</sheetData></worksheet>"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{overrides}</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{OFFICE_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{OFFICE_REL}">'
    "<sheets>{sheets}</sheets></workbook>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{relations}"
    f'<Relationship Id="rId{{styles_id}}" Type="{OFFICE_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Style 0 is the default; style 1 shows a number as a date (built-in format 14).
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Arial"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
