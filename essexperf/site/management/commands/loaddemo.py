"""Load the demo data: the plan, areas and metrics, then each report edition's folder."""

import tomllib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from essexperf.importing import ImportDataError, Tally
from inspections.importers import import_inspections
from metrics.importers import import_areas, import_figures, import_ksi, import_metrics
from priorities.importers import import_period, import_plan, import_updates

# Files at the top of the data directory, in the order their rows depend on each other.
SHARED_FILES = [
    ("plan.toml", import_plan),
    ("areas.toml", import_areas),
    ("metrics.toml", import_metrics),
]

# A folder holding period.toml is one report edition. Its other files are optional, since
# not every edition prints a grade table or a KSI table.
EDITION_FILES = [
    ("period.toml", import_period),
    ("updates.toml", import_updates),
    ("inspections.toml", import_inspections),
    ("observations.toml", import_figures),
    ("ksi.toml", import_ksi),
]


class Command(BaseCommand):
    help = (
        "Load the demo data (the Police and Crime Plan, areas, metrics and each report "
        "edition's updates, inspections, figures and KSI tables) from TOML files. Rows that "
        "already exist are left as they are, so running it again changes nothing. The whole "
        "load is one transaction: an invalid file writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=Path(settings.BASE_DIR) / "demo",
            help="The data directory (default: the demo/ directory of the project).",
        )

    def handle(self, *args, path, verbosity, **options):
        if not path.is_dir():
            raise CommandError(f"{path} is not a directory.")
        self.verbosity = verbosity
        tally = Tally()
        with transaction.atomic():
            for file, importer in self.files_to_load(path):
                tally.add(self.load(path, file, importer))
        self.stdout.write(
            f"Loaded the demo data: {tally.total_created()} rows created, "
            f"{tally.total_present()} already present."
        )

    def files_to_load(self, path):
        """(file, importer) pairs in loading order; a missing shared file is an error."""
        for name, importer in SHARED_FILES:
            if not (path / name).is_file():
                raise CommandError(f"{path / name} is missing.")
            yield path / name, importer
        editions = sorted(folder for folder in path.iterdir() if (folder / "period.toml").is_file())
        for folder in editions:
            for name, importer in EDITION_FILES:
                if (folder / name).is_file():
                    yield folder / name, importer

    def load(self, root, file, importer):
        name = file.relative_to(root).as_posix()
        try:
            with file.open("rb") as handle:
                data = tomllib.load(handle)
            tally = Tally()
            importer(data, tally)
        except tomllib.TOMLDecodeError as error:
            raise CommandError(f"{name}: not valid TOML: {error}") from error
        except ImportDataError as error:
            raise CommandError(f"{name}: {error}") from error
        if self.verbosity:
            self.stderr.write(
                f"{name}: {tally.total_created()} created, {tally.total_present()} already present"
            )
        return tally
