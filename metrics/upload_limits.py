"""Bounds on an uploaded file, checked as it is read, before anything large is built from it.

A CSV file's lines are bounded as they are read: the csv module builds all of a line's
cells at once, and a 5 MB line of commas is 5 million of them (72 MB).

An Excel workbook is checked with the standard library before openpyxl reads it.

An .xlsx file is a zip of XML parts, so a file of a few hundred KB can unpack to gigabytes,
and openpyxl builds in memory what it parses: every part but the sheets whole (the styles,
the workbook, the shared strings, which it keeps for the whole read) and, as it streams a
sheet, each row whole. One row of ten million cells, or two million shared strings, took a
worker past a gigabyte. So the zip's directory is checked first, then every part is read as
a stream by expat, which holds one chunk at a time and stops at the first limit passed:
nothing large is ever built, and the largest workbook allowed cannot grow a worker much.
"""

import re
import zipfile
from xml.parsers import expat

from openpyxl.utils.cell import range_boundaries

# Excel's own workbook of a few sheets is some 15 parts; pictures and comments add a few each.
MAX_PARTS = 200
# The largest workbook an upload may hold (1,000 rows of the observation list's download,
# every column filled and a 2,000-character caveat on each row) unpacks to about 7 MB. The
# texts openpyxl keeps for the whole read are at most this size.
MAX_UNPACKED = 16 * 1024 * 1024
# Every element of every part is counted, which bounds the time the check takes and any part
# openpyxl parses whole: that download holds about 140,000 (a cell and its text are three).
MAX_ELEMENTS = 250_000
# Outside the bulk below, openpyxl makes objects of what it parses (some 1.7 KB for each cell
# format of the styles): a template's styles, theme, names and sheets are some 1,500.
MAX_SETTINGS = 20_000
# openpyxl keeps each distinct text of the workbook for the whole read: a template of 1,000
# rows has at most 13 texts a row, with its code lists some 15,000.
MAX_STRINGS = 30_000
# Excel writes no cell longer than this; an upload's longest cell is 2,000 characters.
MAX_TEXT = 32_767
# A part that is not XML (a picture) is not parsed by openpyxl: it only takes room.
MAX_OTHER_PART = 1024 * 1024
# The elements that hold the bulk of a workbook, of whose content openpyxl keeps no objects:
# a sheet's rows and the shared texts, read and let go one by one, and the chain of formulas
# to recalculate (one element a formula), which it does not read.
BULK = {"row", "si", "calcChain"}
CHUNK = 64 * 1024
# A line ends as a CSV file's may: CR LF, LF or CR; the last may have no end.
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
WHAT_TO_DO = "copy the figures into the template, or upload them in parts."


class TooLarge(Exception):
    """A file beyond a limit, with what is too large and what to do."""


def too_large(found):
    return TooLarge(f"{found}: {WHAT_TO_DO}")


def csv_lines(text, longest):
    """The lines of a CSV text with their endings, as csv.reader takes them, refusing one
    longer than `longest` characters. (io.StringIO would copy the text at four bytes a
    character.)"""
    for match in LINE.finditer(text):
        if match.end() - match.start() > longest:
            raise too_large(
                f"A line of the file is longer than {longest:,} characters, more than a row of "
                "figures can be"
            )
        yield match.group()


def check_workbook(file, rows, columns):
    """Refuse a workbook larger than an upload of `rows` lines and `columns` columns can be,
    before openpyxl parses it; zipfile.BadZipFile if it is not a zip."""
    with zipfile.ZipFile(file) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise too_large(
                f"The workbook is made of {len(parts):,} parts; an upload may have at most "
                f"{MAX_PARTS}"
            )
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_UNPACKED:
            raise too_large(
                f"The workbook unpacks to {unpacked / 2**20:,.0f} MB; an upload may unpack to "
                f"at most {MAX_UNPACKED // 2**20} MB"
            )
        scan = Scan(rows, columns)
        for part in parts:
            scan.read(archive, part)


def check_other_part(part, head):
    """A part expat cannot read: a picture, kept small, or XML that lxml, with which
    openpyxl parses whole parts, reads in an encoding expat does not (UTF-32): such a part
    would escape every count, so it is refused."""
    # Past byte order marks, the NUL bytes of wide encodings and blanks, XML starts with "<".
    if head.lstrip(b"\x00\xef\xbb\xbf\xfe\xff\t\n\r ")[:1] == b"<":
        raise ValueError(f"{part.filename} is XML that expat cannot read.")
    if part.file_size > MAX_OTHER_PART:
        raise too_large(
            f"The workbook holds a picture or other part of {part.file_size / 2**20:.1f} MB; "
            f"an upload's may be at most {MAX_OTHER_PART // 2**20} MB"
        )


class Scan:
    """What the workbook's parts hold, counted as expat streams them: the elements, each
    row's cells, the distinct texts, the longest text, and what each sheet claims."""

    def __init__(self, rows, columns):
        self.rows, self.columns = rows, columns
        self.elements = self.settings = self.strings = self.cells = self.text = 0
        self.open, self.bulk = [], 0

    def read(self, archive, part):
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        self.open, self.bulk = [], 0
        try:
            with archive.open(part) as stream:
                chunk = head = stream.read(CHUNK)
                while chunk:
                    parser.Parse(chunk, False)
                    chunk = stream.read(CHUNK)
                parser.Parse(b"", True)
        except expat.ExpatError:
            check_other_part(part, head)

    def start(self, name, attributes):
        tag = name.rpartition(" ")[2]
        parent = self.open[-1] if self.open else None
        self.open.append(tag)
        self.text = sum(map(len, attributes.values()))
        self.count(tag)
        if tag == "dimension":
            self.check_dimension(attributes.get("ref", "A1"))
        elif tag == "sst":
            self.check_strings(int(attributes.get("uniqueCount", 0)), "claims")
        elif tag == "si":
            self.strings += 1
            self.check_strings(self.strings, "holds at least")
        elif tag == "row":
            self.cells = 0
        elif tag == "c" and parent == "row":
            self.cells += 1
            if self.cells > self.columns:
                raise too_large(
                    f"A row of the workbook holds more than {self.columns} cells (an empty "
                    f"cell with a format counts); an upload reads at most {self.columns} columns"
                )
        self.bulk += tag in BULK

    def count(self, tag):
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise too_large(
                f"The workbook holds more than {MAX_ELEMENTS:,} cells, texts and formats together"
            )
        self.settings += not self.bulk and tag != "si"
        if self.settings > MAX_SETTINGS:
            raise too_large(
                f"The workbook holds more than {MAX_SETTINGS:,} formats, names and other settings"
            )

    def end(self, name):
        self.bulk -= self.open.pop() in BULK
        self.text = 0

    def characters(self, data):
        self.text += len(data)
        if self.text > MAX_TEXT:
            raise too_large(
                f"The workbook holds a text of more than {MAX_TEXT:,} characters, longer than "
                "Excel writes in a cell"
            )

    def check_dimension(self, ref):
        """A sheet states its size at its start: refused there, before its rows are read."""
        _, _, last_column, last_row = range_boundaries(ref)
        if last_column and last_column > self.columns:
            raise too_large(
                f"A sheet of the workbook claims {last_column:,} columns; an upload reads at "
                f"most {self.columns}"
            )
        if last_row and last_row > self.rows:
            raise too_large(
                f"A sheet of the workbook claims {last_row:,} rows; an upload reads at most "
                f"{self.rows:,}"
            )

    def check_strings(self, count, verb):
        if count > MAX_STRINGS:
            raise too_large(
                f"The workbook {verb} {count:,} distinct texts; an upload may have at most "
                f"{MAX_STRINGS:,}"
            )
