"""An import's run, whatever the data set: what it read and what became of each row (Counts),
its record as a DataImport from start to finish, and dry runs rolled back once counted.
The importers of road casualty records (metrics.stats19) and of police.uk crime
(metrics.policeuk) keep their records through these."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from essexperf.audit.context import current_actor, who
from metrics.models import DataImport, DataSource

KEPT_REJECTIONS = 20
KEPT_WITHHELD = 100
# The sources of figures delivered whole: observations uploaded in the admin, and each API
# token's (or person's) feed.
UPLOADS = "Uploaded observations"
API_FEED = "API feed: {}"


@dataclass
class Counts:
    """What an import read and what became of each row (or each figure, where the rows are
    counted into figures): written, unchanged, skipped, rejected or withheld."""

    kind: str = ""
    read: int = 0
    written: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: int = 0
    # police.uk rows whose LSOA the lookup does not place: counted force-wide only.
    unplaced: int = 0
    withheld_count: int = 0
    rejections: list = field(default_factory=list)
    withheld: list = field(default_factory=list)
    first_date: object = None
    last_date: object = None

    def reject(self, number, error):
        self.rejected += 1
        if len(self.rejections) < KEPT_REJECTIONS:
            self.rejections.append({"row": number, "why": str(error)})

    def withhold(self, figure, held, read):
        """A figure of a published period that the file would change: left as it is."""
        self.withheld_count += 1
        if len(self.withheld) < KEPT_WITHHELD:
            self.withheld.append({"figure": figure, "held": held, "file": read})

    def dated(self, day):
        self.first_date = min(self.first_date or day, day)
        self.last_date = max(self.last_date or day, day)


class DryRun(Exception):
    """Undoes a dry run's writes once its counts are known."""


def rehearse(work):
    """What work() returns, with everything it wrote undone: a dry run of several files,
    rolled back together so that later files find the rows of the files read before them."""
    outcome = []
    try:
        with transaction.atomic():
            outcome.append(work())
            raise DryRun
    except DryRun:
        return outcome[0]


def run_import(source, data_source, run_by, load):
    """Record the import of one file (a source_files.Source) from data_source, and run
    load(record) in one transaction; load's Counts. An error leaves nothing of the file's
    rows written and the import recorded as failed (unless in a rehearsal, whose records
    are all undone)."""
    record = start(source, data_source, run_by)
    try:
        with transaction.atomic():
            counts = load(record)
    except Exception as error:
        finish(record, Counts(), DataImport.State.FAILED, str(error))
        raise
    finish(record, counts, DataImport.State.DONE)
    return counts


def data_source(name, kind):
    return DataSource.objects.get_or_create(name=name, defaults={"kind": kind})[0]


def start(source, data_source, run_by):
    # The audit trail's actor: the signed-in person, or the command's name.
    user, name = who(current_actor())
    return DataImport.objects.create(
        source=data_source,
        user=user,
        run_by=name or run_by,
        started_at=timezone.now(),
        file_name=source.name[-500:],
        file_size=source.size,
        sha256=source.sha256,
    )


def finish(record, counts, state, error=""):
    record.finished_at, record.state, record.error = timezone.now(), state, error
    record.rows_read, record.rows_written = counts.read, counts.written
    record.rows_unchanged, record.rows_skipped = counts.unchanged, counts.skipped
    record.rows_rejected, record.rejections = counts.rejected, counts.rejections
    record.withheld = counts.withheld
    record.first_date, record.last_date = counts.first_date, counts.last_date
    record.save()


def record_delivery(delivered, data_source, run_by, write):
    """Record a batch of figures delivered whole (an upload of observations, an API feed's
    POST) as an import of its source, writing it with write(record), which returns the
    metrics.feeds FeedResult whose outcomes are the import's counts. A batch refused
    (FeedRejected) is recorded as failed, with the first of its problems, and refused."""
    record = start(delivered, data_source, run_by)
    try:
        with transaction.atomic():
            result = write(record)
    except Exception as error:
        counts = Counts(kind="observations")
        for problem in getattr(error, "errors", [])[:KEPT_REJECTIONS]:
            row = None if problem.index is None else problem.index + 1
            counts.reject(
                row, f"{problem.field}: {problem.reason}" if problem.field else problem.reason
            )
        finish(record, counts, DataImport.State.FAILED, str(error))
        raise
    finish(record, delivered_counts(result), DataImport.State.DONE)
    return result


def refused_counts(error):
    """A refused batch's problems as rejections: each with its item (numbered from 1)."""
    problems = getattr(error, "errors", [])
    counts = Counts(kind="observations")
    for problem in problems:
        item = None if problem.index is None else problem.index + 1
        counts.reject(
            item, f"{problem.field}: {problem.reason}" if problem.field else problem.reason
        )
    counts.rejected = len({problem.index for problem in problems})
    return counts


def delivered_counts(result):
    counts = Counts(kind="observations", read=len(result.entries))
    counts.written, counts.unchanged = result.created + result.updated, result.unchanged
    return counts
