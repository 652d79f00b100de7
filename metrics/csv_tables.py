"""Small CSV files of one table (populations, peer forces' figures) read within bounds, as
the observations' upload reads its files (metrics.uploads, metrics.upload_limits): the
file's size, each line's length, the rows and the blank lines are bounded as they are
read; a file saved in Excel's code page is read as such; the header names known columns,
each once."""

import csv
from dataclasses import dataclass, field

from django import forms
from django.db import IntegrityError, transaction

from metrics import upload_limits
from metrics.uploads import UploadError, decode, header_key
from priorities.writes import StaleRows, write_rows


@dataclass(frozen=True)
class Table:
    """What a file of rows of `noun` holds: its columns, those required, and its bounds."""

    noun: str
    columns: tuple
    required: tuple
    max_rows: int
    max_bytes: int = 512 * 1024
    max_cell: int = 200

    @property
    def longest_line(self):
        # Twice the columns (the header may repeat one, which is then refused) at their longest.
        return 2 * len(self.columns) * (self.max_cell + 3)

    def read(self, upload):
        """[(row number, {column: text})] of the file's filled rows; UploadError saying why
        the file cannot be read."""
        if upload.size > self.max_bytes:
            raise UploadError(
                f"The file is larger than {self.max_bytes // 1024} KB: upload it in parts."
            )
        if not upload.name.lower().endswith(".csv"):
            raise UploadError("Choose a CSV (.csv) file.")
        text = decode(upload.read(self.max_bytes + 1))
        try:
            rows = self.rows(csv.reader(upload_limits.csv_lines(text, self.longest_line)))
        except csv.Error as error:
            raise UploadError(f"The file is not valid CSV: {error}.") from None
        except upload_limits.TooLarge as error:
            raise UploadError(str(error)) from None
        if not rows:
            raise UploadError(f"The file holds no {self.noun} under its header row.")
        return rows

    def rows(self, lines):
        header = self.header(next(lines, []))
        rows = []
        for number, line in enumerate(lines, start=2):
            if number > 5 * self.max_rows:
                raise UploadError(f"The file runs past row {5 * self.max_rows:,}.")
            cells = {name: cell.strip() for name, cell in zip(header, line, strict=False) if name}
            if any(cells.values()):
                rows.append((number, cells))
            if len(rows) > self.max_rows:
                raise UploadError(
                    f"The file holds more than {self.max_rows:,} rows: upload it in parts."
                )
        return rows

    def header(self, cells):
        listed = ", ".join(self.columns)
        if len(cells) > 2 * len(self.columns):
            raise UploadError(f"The first row has more than {2 * len(self.columns)} columns.")
        header = [header_key(cell) for cell in cells]
        missing = [name for name in self.required if name not in header]
        if missing:
            raise UploadError(f"The first row lacks the column {', '.join(missing)}: use {listed}.")
        unknown = [name for name in header if name and name not in self.columns]
        if unknown:
            raise UploadError(f"Unknown column {', '.join(unknown)}: use {listed}.")
        repeated = sorted({name for name in header if name and header.count(name) > 1})
        if repeated:
            raise UploadError(f"The column {', '.join(repeated)} comes more than once.")
        return header

    def too_long(self, cells):
        """[(column, reason)] of each cell longer than a cell may be."""
        return [
            (name, f"The text is longer than {self.max_cell} characters.")
            for name, text in cells.items()
            if len(text) > self.max_cell
        ]


@dataclass
class Checked:
    """A file's rows as rows of a model to write, and every problem as (row, column,
    reason)."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    before: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)

    def write(self, model, fields, noun):
        """Write the checked rows together (called only when no row had a problem), through
        the one bulk write, so each is versioned and audited, and pages renewed. [] once
        written; the problem, with nothing written, when someone changed the `noun` since."""
        try:
            # A savepoint of its own, so a refused write leaves the request's transaction usable.
            with transaction.atomic():
                write_rows(
                    model,
                    created=self.created,
                    updated=self.updated,
                    fields=fields,
                    before=self.before,
                )
        except (StaleRows, IntegrityError):
            return [
                (None, None, f"Someone changed {noun} while the file was checked: upload it again.")
            ]
        return []


class TableUploadForm(forms.Form):
    """A form taking one CSV file of the `table`'s rows, read into `rows` when valid."""

    table = None
    file = forms.FileField()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.rows = self.table.read(upload)
        except UploadError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
