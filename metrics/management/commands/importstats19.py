"""Import the DfT's road casualty records (STATS19) for the configured police force."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from metrics.import_runs import rehearse
from metrics.management.bar import Bar
from metrics.stats19.importing import import_source, ordered, summary
from metrics.stats19.reading import FileError, sources


class Command(BaseCommand):
    help = (
        "Import STATS19 collision, casualty and vehicle CSV files (.csv, or .zip holding "
        "them), keeping one police force's collisions and their casualties and vehicles. "
        "Collision files are read first. Each file is one transaction: a bad file writes "
        "nothing and names the file and row. Importing a file again updates what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--police-force",
            type=int,
            default=None,
            help="DfT police force code (default: the STATS19_POLICE_FORCE setting, 42).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report; write nothing.")

    def handle(self, *args, paths, police_force, dry_run, verbosity, **options):
        force = settings.STATS19_POLICE_FORCE if police_force is None else police_force
        try:
            found = [source for path in paths for source in sources(path)]

            def work():
                return [self.run(source, force, verbosity) for source in ordered(found)]

            totals = rehearse(work) if dry_run else work()
        except FileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(summary(totals, force, dry_run))

    def run(self, source, force, verbosity):
        bar = Bar(self.stderr if verbosity else None, source, row_bytes=150)
        counts = import_source(source, police_force=force, run_by="importstats19", progress=bar)
        bar.finish()
        return counts
