"""Replace everything the site holds with a versioned archive written by exportall."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from essexperf.audit.archive import (
    ArchiveError,
    CheckedLines,
    check_header,
    open_archive,
    read_archive,
    stored_rows,
)


class Command(BaseCommand):
    help = (
        "Replace every row of the archived tables (see exportall) with FILE's, in one "
        "transaction: a bad archive changes nothing. Refuses an archive of another format "
        "version or migration state, or one cut short or altered (its end marker counts each "
        "table's rows and holds a checksum of the lines above it). Restored users have no "
        "usable password until one is set. Asks before deleting rows unless --no-input is "
        "given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive exportall wrote (.gz too).")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Replace the rows held now without asking.",
        )

    def handle(self, *args, file, interactive, verbosity, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")

        def progress(table, rows):
            if verbosity:
                self.stderr.write(f"{table}: {rows} rows")

        with open_archive(file, "r") as stream, transaction.atomic():
            lines = CheckedLines(stream)
            try:
                check_header(next(lines, ""))
                replaced = stored_rows()
                if replaced and interactive:
                    self.confirm(replaced)
                counts = read_archive(lines, progress)
            except ArchiveError as error:
                raise CommandError(f"{file}: {error}") from error
        self.stdout.write(
            f"Imported {sum(counts.values())} rows of {len(counts)} tables from {file}, "
            f"replacing {replaced}."
        )

    def confirm(self, rows):
        answer = input(
            f"The database holds {rows} rows that importing deletes, audit trail included. "
            "Type 'yes' to replace them with the archive's: "
        )
        if answer != "yes":
            raise CommandError("Nothing was imported.")
