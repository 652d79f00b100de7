"""What the import commands share: asking first, dry runs, and their progress bar."""

import sys

from django.core.management.base import BaseCommand, CommandError

from metrics.import_runs import rehearse
from metrics.source_files import FileError

BAR_WIDTH = 30


class Bar:
    """Rows read of a file against its estimated rows (its size over a typical row's)."""

    def __init__(self, stream, source, *, row_bytes):
        self.stream, self.name, self.done, self.shown = stream, source.name, 0, None
        self.total = max(1, source.size // row_bytes)

    def __call__(self, rows):
        self.done += rows
        percent = min(100, 100 * self.done // self.total)
        # Drawn again only when it moves: an importer may report every row.
        if self.stream is not None and percent != self.shown:
            self.shown = percent
            filled = BAR_WIDTH * percent // 100
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {percent:3d}% {self.name[-40:]}", ending="")
            self.stream.flush()

    def finish(self):
        if self.stream is not None:
            self.stream.write(f"\r{self.name}: {self.done} rows read{' ' * 40}")


class ImportCommand(BaseCommand):
    """An import command: files given as paths, each imported in its own transaction, a
    one-line summary. At a terminal it first shows what it would write and asks, unless
    --no-input (a crontab's run has no terminal, and so never asks); --dry-run only shows."""

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        self.add_run_options(parser)

    def add_run_options(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report; write nothing.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Import without first showing what would be written and asking.",
        )

    def handle(self, *args, paths, dry_run, interactive, verbosity, **options):
        self.options = options
        try:
            found = self.found(paths)
            if interactive and not dry_run and sys.stdin.isatty() and not self.confirmed(found):
                self.stdout.write("Nothing imported.")
                return
            totals = self.import_all(found, dry_run, verbosity)
        except FileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.summary(totals, dry_run))

    def confirmed(self, found):
        self.stdout.write(self.summary(self.import_all(found, True, 0), True))
        return input("Import these files? [y/N] ").strip().lower() in ("y", "yes")

    def import_all(self, found, dry_run, verbosity):
        def work():
            return [self.run(source, verbosity) for source in found]

        return rehearse(work) if dry_run else work()

    def found(self, paths):
        """The files to import, in the order to import them (source_files.Source)."""
        raise NotImplementedError

    def run(self, source, verbosity):
        """Import one file; its Counts."""
        raise NotImplementedError

    def summary(self, totals, dry_run):
        raise NotImplementedError
