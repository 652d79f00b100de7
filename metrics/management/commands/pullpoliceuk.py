"""Pull one force's month of street-level crime from the police.uk API and import it."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

from metrics.management.commands.importpoliceuk import Command as ImportCommand
from metrics.policeuk.client import PoliceUkClient, PoliceUkError
from metrics.policeuk.importing import API
from metrics.policeuk.pulling import fetch_month, write_street_csv
from metrics.source_files import Source, digest, path_opener


class Command(ImportCommand):
    help = (
        "Pull a month of street-level crime for the force from the police.uk API (its "
        "neighbourhoods' boundaries, split where police.uk answers that an area holds too "
        "many crimes, and the crimes with no location), within police.uk's rate limits, "
        "and import it as importpoliceuk imports an archive file. The API gives no LSOA, "
        "so its figures are force-wide: import the archive files for figures by area."
    )

    def add_arguments(self, parser):
        # No paths: the month is pulled from police.uk.
        parser.add_argument(
            "--force",
            default=None,
            help="police.uk's slug for the force (default: POLICE_UK_FORCE); it must be "
            "the configured force, whose figures are counted in POLICE_UK_AREA.",
        )
        parser.add_argument("--month", required=True, help="The month, YYYY-MM.")
        self.add_run_options(parser)

    def handle(self, *args, force, month, dry_run, interactive, verbosity, **options):
        force = force or settings.POLICE_UK_FORCE
        if force != settings.POLICE_UK_FORCE:
            raise CommandError(
                f"--force {force} is not the configured force ({settings.POLICE_UK_FORCE}, "
                "POLICE_UK_FORCE), whose figures are counted in POLICE_UK_AREA."
            )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{month}-{force}-street.csv"
            try:
                pulled = write_street_csv(fetch_month(self.client(), force, month), path)
            except (PoliceUkError, ValueError) as error:
                raise CommandError(str(error)) from error
            if verbosity:
                self.stderr.write(f"Pulled {pulled} crimes of {month} from police.uk.")
            source = pulled_source(path, force, month)
            super().handle(
                paths=[source],
                dry_run=dry_run,
                interactive=interactive,
                verbosity=verbosity,
                **options,
            )

    def client(self):
        return PoliceUkClient(settings.POLICE_UK_API_URL)

    def found(self, paths):
        return paths

    def run(self, source, verbosity):
        return self.import_one(source, verbosity, how=API, run_by="pullpoliceuk")


def pulled_source(path, force, month):
    """The pulled month as a file to import, named for where it came from."""
    size = path.stat().st_size
    name = f"police.uk API, {force}, {month} (pulled {timezone.localdate():%d %b %Y})"
    return Source(name, size, digest(path.open, "rb"), path_opener(path))
