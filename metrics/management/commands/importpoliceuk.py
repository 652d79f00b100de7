"""Import police.uk's monthly archive files (street-level crime and outcomes) as figures."""

from metrics.management.imports import Bar, ImportCommand
from metrics.policeuk.importing import ARCHIVE, import_source, summary
from metrics.policeuk.reading import sources


class Command(ImportCommand):
    help = (
        "Import police.uk archive files (YYYY-MM-force-street.csv and "
        "YYYY-MM-force-outcomes.csv, or a .zip of them) as monthly figures per crime type "
        "and per outcome type, force-wide and per area where the LSOA lookup places them. "
        "Stop and search files are passed over. Each file is one transaction; a month "
        "imported again replaces that month's figures, and figures a published period "
        "shows are left as they are and reported."
    )

    def found(self, paths):
        return [source for path in paths for source in sources(path)]

    def run(self, source, verbosity):
        return self.import_one(source, verbosity, how=ARCHIVE, run_by="importpoliceuk")

    def import_one(self, source, verbosity, *, how, run_by):
        bar = Bar(self.stderr if verbosity else None, source, row_bytes=250)
        counts = import_source(source, run_by=run_by, how=how, progress=bar)
        bar.finish()
        return counts

    def summary(self, totals, dry_run):
        return summary(totals, dry_run)
