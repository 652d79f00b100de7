"""Reading police.uk's archive files (metrics.source_files: .csv or .zip, streamed,
bounded): the rows of a street-level crime or outcomes file, each cell bounded."""

import csv

from django.conf import settings

from metrics.policeuk.columns import STOP_AND_SEARCH, kind_of, positions
from metrics.source_files import FileError, Limit, Lines, bounded_rows, next_row
from metrics.source_files import sources as files_at

# police.uk's longest cells (a location, a context note) are well under this.
MAX_CELL = 1000

__all__ = ["FileError", "rows", "sources"]


def sources(path):
    """The CSV files at `path`, each within POLICE_UK_MAX_FILE_BYTES."""
    return files_at(path, Limit(settings.POLICE_UK_MAX_FILE_BYTES, "POLICE_UK_MAX_FILE_BYTES"))


def rows(source, binary):
    """(kind, iterator of (row number, {column: cell})) of a source's opened bytes; no rows
    for a stop and search file. The iterator raises FileError on a row breaking a bound."""
    lines = Lines(source, binary)
    reader = csv.reader(lines)
    header = next_row(source, reader)
    if header is None:
        raise FileError(f"{source.name}: empty file")
    kind = kind_of(header)
    if kind is None:
        raise FileError(
            f"{source.name}: not a police.uk street-level crime or outcomes file "
            "(it needs the columns Month, Falls within, LSOA code and Crime type or "
            "Outcome type)"
        )
    if kind == STOP_AND_SEARCH:
        return kind, iter(())
    return kind, cells_of(source, reader, lines, positions(kind, header), header)


def cells_of(source, reader, lines, places, header):
    bound = settings.POLICE_UK_MAX_ROWS
    for number, row in bounded_rows(
        source, reader, lines, header, max_rows=bound, max_cell=MAX_CELL
    ):
        yield number, {name: row[at].strip() for name, at in places.items()}
