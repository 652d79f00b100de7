"""Reading the DfT's files (metrics.source_files: .csv or .zip, streamed, bounded), each
row's cells bounded and the file's kind told by its columns."""

import csv

from django.conf import settings

from metrics.source_files import FileError, Limit, Lines, bounded_rows, next_row
from metrics.source_files import sources as files_at
from metrics.stats19.columns import fields_of, kind_of, missing

# No code or index of the DfT's is longer; a longer cell is not their data.
MAX_CELL = 100

__all__ = ["FileError", "rows", "sources"]


def sources(path):
    """The CSV files at `path`, each within STATS19_MAX_FILE_BYTES."""
    return files_at(path, Limit(settings.STATS19_MAX_FILE_BYTES, "STATS19_MAX_FILE_BYTES"))


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


def cells_of(source, reader, lines, positions, header):
    bound = settings.STATS19_MAX_ROWS
    for number, row in bounded_rows(
        source, reader, lines, header, max_rows=bound, max_cell=MAX_CELL
    ):
        yield number, {field: row[at] for field, at in positions.items()}
