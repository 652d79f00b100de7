"""Import the DfT's road casualty records (STATS19) for the configured police force."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from metrics.stats19.importing import import_source, ordered, rehearse, summary
from metrics.stats19.reading import FileError, sources

BAR_WIDTH = 30


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
        bar = Bar(self.stderr if verbosity else None, source)
        counts = import_source(source, police_force=force, run_by="importstats19", progress=bar)
        bar.finish()
        return counts


class Bar:
    """Rows read of a file against its estimated rows (its size over a typical row's)."""

    def __init__(self, stream, source):
        self.stream, self.name, self.done = stream, source.name, 0
        self.total = max(1, source.size // 150)

    def __call__(self, rows):
        self.done += rows
        if self.stream is not None:
            percent = min(100, 100 * self.done // self.total)
            filled = BAR_WIDTH * percent // 100
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {percent:3d}% {self.name[-40:]}", ending="")
            self.stream.flush()

    def finish(self):
        if self.stream is not None:
            self.stream.write(f"\r{self.name}: {self.done} rows read{' ' * 40}")
