"""Import the DfT's road casualty records (STATS19) for the configured police force."""

from django.conf import settings

from metrics.management.imports import Bar, ImportCommand
from metrics.stats19.importing import import_source, ordered, summary
from metrics.stats19.reading import sources


class Command(ImportCommand):
    help = (
        "Import STATS19 collision, casualty and vehicle CSV files (.csv, or .zip holding "
        "them), keeping one police force's collisions and their casualties and vehicles. "
        "Collision files are read first. Each file is one transaction: a bad file writes "
        "nothing and names the file and row. Importing a file again updates what changed."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--police-force",
            type=int,
            default=None,
            help="DfT police force code (default: the STATS19_POLICE_FORCE setting, 42).",
        )

    @property
    def force(self):
        chosen = self.options["police_force"]
        return settings.STATS19_POLICE_FORCE if chosen is None else chosen

    def found(self, paths):
        return ordered([source for path in paths for source in sources(path)])

    def run(self, source, verbosity):
        bar = Bar(self.stderr if verbosity else None, source, row_bytes=150)
        counts = import_source(
            source, police_force=self.force, run_by="importstats19", progress=bar
        )
        bar.finish()
        return counts

    def summary(self, totals, dry_run):
        return summary(totals, self.force, dry_run)
