"""Import police.uk's monthly archive files (street-level crime and outcomes) as figures."""

from django.core.management.base import BaseCommand, CommandError

from metrics.import_runs import rehearse
from metrics.management.bar import Bar
from metrics.policeuk.importing import ARCHIVE, import_source, summary
from metrics.policeuk.reading import FileError, sources


class Command(BaseCommand):
    help = (
        "Import police.uk archive files (YYYY-MM-force-street.csv and "
        "YYYY-MM-force-outcomes.csv, or a .zip of them) as monthly figures per crime type "
        "and per outcome type, force-wide and per area where the LSOA lookup places them. "
        "Stop and search files are passed over. Each file is one transaction; a month "
        "imported again replaces that month's figures, and figures a published period "
        "shows are left as they are and reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Report; write nothing.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Import without first showing what would be written and asking.",
        )

    def handle(self, *args, paths, dry_run, interactive, verbosity, **options):
        try:
            found = self.found(paths)
            if interactive and not dry_run and not self.confirmed(found):
                self.stdout.write("Nothing imported.")
                return
            totals = self.import_all(found, dry_run, verbosity)
        except FileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(summary(totals, dry_run))

    def confirmed(self, found):
        self.stdout.write(summary(self.import_all(found, True, 0), True))
        return input("Import these files? [y/N] ").strip().lower() in ("y", "yes")

    def import_all(self, found, dry_run, verbosity):
        def work():
            return [self.run(source, verbosity) for source in found]

        return rehearse(work) if dry_run else work()

    def found(self, paths):
        return [source for path in paths for source in sources(path)]

    def run(self, source, verbosity):
        return self.import_one(source, verbosity, how=ARCHIVE, run_by="importpoliceuk")

    def import_one(self, source, verbosity, *, how, run_by):
        bar = Bar(self.stderr if verbosity else None, source, row_bytes=250)
        counts = import_source(source, run_by=run_by, how=how, progress=bar)
        bar.finish()
        return counts
