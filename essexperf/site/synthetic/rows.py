"""Writing many rows fast without skipping the models' own rules: each row checked by
full_clean (every row, or one in so many), each batch written by priorities.writes."""

from collections import Counter
from itertools import islice

from django.core.exceptions import ValidationError

from essexperf.importing import Tally, describe
from priorities.writes import write_rows

BATCH_ROWS = 2000


class GenerationError(Exception):
    """A generated row the models refuse: a fault of the generator, named with the row."""


class Checker:
    """Runs full_clean() on every row, or on the first and every `every`-th row after it of
    each model, and counts how many it checked."""

    def __init__(self, every):
        self.every = every
        self.seen = Counter()
        self.checked = Counter()

    def check(self, row):
        label = row._meta.label
        index = self.seen[label]
        self.seen[label] += 1
        if index % self.every:
            return
        try:
            row.full_clean()
        except ValidationError as error:
            raise GenerationError(f"{label} {row}: {describe(error)}") from error
        self.checked[label] += 1


class Writer:
    """Validates and inserts rows in batches, counting them in a Tally and on the progress."""

    def __init__(self, checker, progress, tally=None):
        self.checker = checker
        self.progress = progress
        self.tally = tally or Tally()

    def insert(self, rows):
        """Insert every row (an iterable of one model's rows); yield each saved batch."""
        rows = iter(rows)
        while batch := list(islice(rows, BATCH_ROWS)):
            for row in batch:
                self.checker.check(row)
            model = type(batch[0])
            write_rows(model, created=batch, audit=False)
            self.tally.created[model._meta.label] += len(batch)
            self.progress.advance(len(batch))
            yield batch

    def insert_all(self, rows):
        """Insert every row and return them saved, with their ids."""
        return [row for batch in self.insert(rows) for row in batch]
