"""Reading the DfT's files: plain .csv, or .zip holding .csv files, streamed row by row in
bounded memory, every input bounded where it enters (file size, rows, cell length, UTF-8)."""

import csv
import hashlib
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from metrics.stats19.columns import fields_of, kind_of, missing

# No code or index of the DfT's is longer; a longer cell is not their data.
MAX_CELL = 100
MAX_LINE = 64 * 1024
CHUNK = 1024 * 1024


class FileError(Exception):
    """A file that cannot be imported at all, naming the file and, where known, the row."""


@dataclass
class Source:
    """One CSV file to read: its name, size, digest and how to open its bytes."""

    name: str
    size: int
    sha256: str
    open: object


def sources(path):
    """The CSV files at `path` (one, or each in a zip), each checked against the size bound."""
    path = Path(path)
    if not path.is_file():
        raise FileError(f"{path}: not a file")
    if zipfile.is_zipfile(path):
        return zipped(path)
    check_size(str(path), path.stat().st_size)
    return [Source(str(path), path.stat().st_size, digest(path.open, "rb"), path_opener(path))]


def zipped(path):
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
    if not members:
        raise FileError(f"{path}: the zip holds no .csv file")
    found = []
    for member in members:
        name = f"{path}:{member.filename}"
        check_size(name, member.file_size)
        opener = member_opener(path, member.filename)
        found.append(Source(name, member.file_size, digest(opener), opener))
    return found


def path_opener(path):
    return lambda: path.open("rb")


def member_opener(path, member):
    """Opens the member's bytes, closing the zip with them. Reading stops at the size the
    zip declares, which check_size bounded, whatever the compressed data would expand to."""

    @contextmanager
    def opened():
        with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
            yield stream

    return opened


def check_size(name, size):
    if size > settings.STATS19_MAX_FILE_BYTES:
        raise FileError(
            f"{name}: {size} bytes, over the limit of {settings.STATS19_MAX_FILE_BYTES} "
            "(STATS19_MAX_FILE_BYTES)"
        )


def digest(opener, *args):
    sha = hashlib.sha256()
    with opener(*args) as stream:
        while chunk := stream.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def rows(source, binary):
    """(kind, iterator of (row number, {field: cell})) of a source's opened bytes; the
    iterator raises FileError on a row that breaks a bound or is not UTF-8."""
    lines = Lines(source, binary)
    reader = csv.reader(lines)
    header = next_row(source, reader)
    if header is None:
        raise FileError(f"{source.name}: empty file")
    positions = fields_of(header)
    kind = kind_of(positions)
    if kind is None:
        raise FileError(f"{source.name}: not a collision, casualty or vehicle file")
    if lacking := missing(kind, positions):
        raise FileError(f"{source.name}: no column for {', '.join(lacking)}")
    return kind, cells_of(source, reader, lines, positions, header)


class Lines:
    """The file's lines as text, decoded one at a time so that a bad byte is named by its
    line, each line bounded (the DfT's are a few hundred bytes)."""

    def __init__(self, source, binary):
        self.source, self.binary, self.number = source, binary, 0

    def __iter__(self):
        return self

    def __next__(self):
        raw = self.binary.readline(MAX_LINE + 1)
        if not raw:
            raise StopIteration
        self.number += 1
        if len(raw) > MAX_LINE:
            raise FileError(f"{self.source.name}, row {self.number}: over {MAX_LINE} bytes")
        try:
            return raw.decode("utf-8-sig" if self.number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise FileError(
                f"{self.source.name}, row {self.number}: not UTF-8 (byte "
                f"{raw[error.start]:#04x} at position {error.start + 1})"
            ) from None


def cells_of(source, reader, lines, positions, header):
    width = len(header)
    while (row := next_row(source, reader)) is not None:
        number = lines.number
        if number > settings.STATS19_MAX_ROWS + 1:
            raise FileError(f"{source.name}: over {settings.STATS19_MAX_ROWS} rows")
        if not row:
            continue
        if len(row) != width:
            raise FileError(f"{source.name}, row {number}: {len(row)} cells, not {width}")
        check_cells(source, number, header, row)
        yield number, {field: row[at] for field, at in positions.items()}


def check_cells(source, number, header, row):
    """Every cell, read or not, is bounded: a longer one is not the DfT's data."""
    for name, value in zip(header, row, strict=True):
        if len(value) > MAX_CELL:
            raise FileError(f"{source.name}, row {number}, {name}: over {MAX_CELL} characters")


def next_row(source, reader):
    try:
        return next(reader, None)
    except csv.Error as error:
        raise FileError(f"{source.name}, row {reader.line_num}: {error}") from None
