"""Reading a published data set's files: plain .csv, or .zip holding .csv files, streamed
line by line in bounded memory, each file's size bounded before it is read and each line
bounded and decoded as it is read, so a bad byte or an endless line is named by its row.
The importers of road casualty records (metrics.stats19) and of police.uk crime
(metrics.policeuk) read their files through these."""

import csv
import hashlib
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Limit:
    """The largest file read, and the setting that says so (named in the error)."""

    bytes: int
    setting: str


def sources(path, limit):
    """The CSV files at `path` (one, or each in a zip), each checked against the limit."""
    path = Path(path)
    if not path.is_file():
        raise FileError(f"{path}: not a file")
    if zipfile.is_zipfile(path):
        return zipped(path, limit)
    check_size(str(path), path.stat().st_size, limit)
    return [Source(str(path), path.stat().st_size, digest(path.open, "rb"), path_opener(path))]


def zipped(path, limit):
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
    if not members:
        raise FileError(f"{path}: the zip holds no .csv file")
    found = []
    for member in members:
        name = f"{path}:{member.filename}"
        check_size(name, member.file_size, limit)
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


def check_size(name, size, limit):
    if size > limit.bytes:
        raise FileError(f"{name}: {size} bytes, over the limit of {limit.bytes} ({limit.setting})")


def digest(opener, *args):
    sha = hashlib.sha256()
    with opener(*args) as stream:
        while chunk := stream.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


class Lines:
    """The file's lines as text, decoded one at a time so that a bad byte is named by its
    line, each line bounded (no published row is near the bound)."""

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


def next_row(source, reader):
    try:
        return next(reader, None)
    except csv.Error as error:
        raise FileError(f"{source.name}, row {reader.line_num}: {error}") from None


def bounded_rows(source, reader, lines, header, *, max_rows, max_cell):
    """(row number, cells) of each row after the header, blank lines passed over; FileError
    on a row past `max_rows`, of another width than the header, or with a cell, read or
    not, over `max_cell` characters: such a row is not the publisher's data."""
    width = len(header)
    while (row := next_row(source, reader)) is not None:
        number = lines.number
        if number > max_rows + 1:
            raise FileError(f"{source.name}: over {max_rows} rows")
        if not row:
            continue
        if len(row) != width:
            raise FileError(f"{source.name}, row {number}: {len(row)} cells, not {width}")
        # Checked at once, the column found only for the message: this runs every row.
        if max(map(len, row)) > max_cell:
            long = [name for name, value in zip(header, row, strict=True) if len(value) > max_cell]
            name = long[0]
            raise FileError(f"{source.name}, row {number}, {name}: over {max_cell} characters")
        yield number, row
