"""Write everything the site holds to one versioned archive file."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from essexperf.audit.archive import open_archive, write_archive


class Command(BaseCommand):
    help = (
        "Write every row of the plan, its periods, updates, figures, inspections, API "
        "tokens (their hashes), the audit trail, users and groups (without password hashes) "
        "to FILE, a versioned JSON Lines archive that importall reads back; FILE.gz is "
        "compressed. Progress goes to stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive to write (replaced if present).")

    def handle(self, *args, file, verbosity, **options):
        def progress(table, rows):
            if verbosity:
                self.stderr.write(f"{table}: {rows} rows")

        outermost = not connection.in_atomic_block
        with open_archive(file, "w") as stream, transaction.atomic():
            if outermost:
                read_one_moment()
            counts = write_archive(stream, progress)
        self.stdout.write(
            f"Exported {sum(counts.values())} rows of {len(counts)} tables to {file}."
        )


def read_one_moment():
    """Read every table as of one moment though others write meanwhile: PostgreSQL reads
    each query afresh unless told (SQLite's transaction is a snapshot already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
