"""An uploaded file's rows made into feed items and checked, before anything is written.

Staff write what they see on the pages, so a metric, area or basis may be given by its code
or its label, in any case; a date as YYYY-MM-DD or as DD/MM/YYYY; and the observation
compared with as a download's id. Each is turned into what a feed item holds
(metrics.feeds), which then checks the rows as it checks any feed's. Every problem names
the row, the column, what was found and, for a choice, what would do.
"""

import datetime
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from essexperf.dates import out_of_range, why_not
from metrics.feed_items import quote
from metrics.feeds import CREATED, UNCHANGED, UPDATED, FeedResult, check_observations
from metrics.models import Area, Metric, Observation
from metrics.uploads import COLUMNS, COMPARED_ID, ID, MAX_CELL_CHARS, column_of, item_of_row

OUTCOME_LABELS = {CREATED: "New", UPDATED: "Changed", UNCHANGED: "No change"}
DATE_COLUMNS = (
    "start_date",
    "end_date",
    "compared_with_start_date",
    "compared_with_end_date",
    "data_to",
)
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# A value as a spreadsheet may show it: "£500,000" or "82.5%".
SHOWN_NUMBER = re.compile(r"£?(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)%?")


@dataclass
class Choices:
    """What a column accepts: each code, and each label standing for its code."""

    noun: str
    codes: dict
    listed: str

    @classmethod
    def of(cls, noun, pairs, listed=None):
        codes = {spoken(label): code for code, label in pairs}
        codes.update({spoken(code): code for code, _ in pairs})
        listed = listed or ", ".join(f"{code} ({label})" for code, label in pairs)
        return cls(noun, codes, listed)

    def read(self, text):
        """(code, None), or (None, why the text is not one)."""
        code = self.codes.get(spoken(text))
        if code is not None:
            return code, None
        return None, f"{quote(text)} is not {self.noun}; use one of: {self.listed}."


def spoken(text):
    """Text as a person means it: in any case, with any spacing."""
    return " ".join(text.split()).casefold()


class MetricChoices(Choices):
    """Metrics are too many to list in a message: the nearest names are offered instead."""

    def read(self, text):
        code = self.codes.get(spoken(text))
        if code is not None:
            return code, None
        near = difflib.get_close_matches(spoken(text), self.codes, n=3)
        near = dict.fromkeys(self.codes[key] for key in near)
        offer = f", such as {', '.join(map(quote, near))}" if near else ""
        return None, (
            f"{quote(text)} is not a metric; use a slug or name from the Metrics sheet of "
            f"the template{offer}."
        )


BASES = Choices.of("a basis", Observation.Basis.choices)


@dataclass
class Vocabulary:
    """The metrics and areas an upload may name, read once for all its rows, and the
    observations its comparison ids stand for."""

    metrics: Choices
    areas: Choices
    compared: dict

    @classmethod
    def of(cls, rows):
        metrics = list(Metric.objects.order_by("slug").values_list("slug", "name"))
        areas = list(Area.objects.order_by("slug").values_list("slug", "name"))
        return cls(
            MetricChoices.of("a metric", metrics),
            Choices.of("an area", areas),
            comparisons(rows),
        )


def comparisons(rows):
    """{id: (metric, area, start, end)} of the ids a download's rows are compared with:
    the file's own rows first (a download from elsewhere), then those stored."""
    wanted = {row.get(COMPARED_ID) for _, row in rows} - {None, ""}
    if not wanted:
        return {}
    in_file = {
        row[ID]: (row.get("metric"), row.get("area"), row.get("start_date"), row.get("end_date"))
        for _, row in rows
        if row.get(ID) in wanted
    }
    numbers = {int(key) for key in wanted - set(in_file) if key.isdigit() and len(key) < 19}
    stored = Observation.objects.filter(pk__in=numbers).values_list(
        "pk", "metric__slug", "area__slug", "start_date", "end_date"
    )
    in_db = {str(pk): (m, a, s.isoformat(), e.isoformat()) for pk, m, a, s, e in stored}
    return in_db | in_file


def read_day(text):
    """ISO text of a date written as YYYY-MM-DD or DD/MM/YYYY; ValueError saying why not."""
    if match := ISO_DATE.fullmatch(text):
        year, month, day = map(int, match.groups())
    elif match := UK_DATE.fullmatch(text):
        day, month, year = map(int, match.groups())
    else:
        raise ValueError(f"{quote(text)} is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.")
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        reason = why_not(year, month, day)
        raise ValueError(f"{quote(text)} is not a real date: {reason}.") from None
    # Checked here too, to quote the date as the row gives it (31/12/9999).
    reason = out_of_range(date, written=quote(text))
    if reason is not None:
        raise ValueError(reason)
    return date.isoformat()


def read_number(text):
    match = SHOWN_NUMBER.fullmatch(text.replace(" ", ""))
    return match.group(1).replace(",", "") if match else text


def checked_row(row, vocabulary):
    """(the row as a feed item's columns, [(column, reason)] of what is wrong with it)."""
    row, problems = dict(row), []
    for name, text in row.items():
        if len(text) > MAX_CELL_CHARS:
            problems.append((name, f"The text is longer than {MAX_CELL_CHARS:,} characters."))
    fill_comparison(row, vocabulary, problems)
    for name, choices in (("metric", vocabulary.metrics), ("area", vocabulary.areas)):
        read_choice(row, name, choices, problems)
    read_choice(row, "compared_with_area", vocabulary.areas, problems)
    read_choice(row, "basis", BASES, problems)
    for name in DATE_COLUMNS:
        if row.get(name):
            try:
                row[name] = read_day(row[name])
            except ValueError as error:
                problems.append((name, str(error)))
    for name in ("value", "denominator"):
        if row.get(name):
            row[name] = read_number(row[name])
    return row, problems


def read_choice(row, name, choices, problems):
    if not row.get(name):
        return
    code, reason = choices.read(row[name])
    if reason:
        problems.append((name, reason))
    else:
        row[name] = code


def fill_comparison(row, vocabulary, problems):
    """A download's comparison id, as the compared observation's dates (and its area, where
    it is another), unless the row gives those itself."""
    number = row.pop(COMPARED_ID, "")
    row.pop(ID, None)
    if not number or row.get("compared_with_start_date") or row.get("compared_with_end_date"):
        return
    found = vocabulary.compared.get(number)
    if found is None:
        reason = f"{quote(number)} is the id of no observation, stored or in this file."
        problems.append(("compared_with", reason))
        return
    _, area, row["compared_with_start_date"], row["compared_with_end_date"] = found
    if area and spoken(area) != spoken(row.get("area", "")):
        row["compared_with_area"] = area


def duplicates(rows):
    """{row number: reason} for each row with the same metric, area and dates as one above."""
    first, found = {}, {}
    for number, row in rows:
        key = tuple(row.get(name) for name in ("metric", "area", "start_date", "end_date"))
        if key in first:
            found[number] = f"Row {first[key]} has the same metric, area and dates: give each once."
        first.setdefault(key, number)
    return found


def feed_order(rows):
    """The rows' positions in the order a feed takes them: each after the earlier figures
    it may be compared with (a download lists the newest first)."""
    return sorted(range(len(rows)), key=lambda position: rows[position][1].get("end_date", ""))


def items_of(rows):
    return [item_of_row(rows[position][1]) for position in feed_order(rows)]


@dataclass
class Preview:
    """An upload as it would be written: each row with its outcome or errors, and every
    problem as (row number or None for the whole file, column, reason)."""

    rows: list
    result: FeedResult
    lines: list
    problems: list


def preview(rows):
    """The file's rows checked as a feed's are, nothing written."""
    rows, found = checked_rows(rows)
    result, errors, problems = feed_check(rows)
    lines = []
    for position, (number, row) in enumerate(rows):
        said = {column for column, _ in found[number]}
        row_errors = found[number] + [
            (column, reason) for column, reason in errors[position] if column not in said
        ]
        row_errors.sort(key=in_file_order)
        problems += [(number, column, reason) for column, reason in row_errors]
        entry = result.entries[position] if result.entries else None
        lines.append(line(number, row, entry and entry.outcome, row_errors))
    return Preview(rows, result, lines, problems)


def checked_rows(rows):
    """The rows in a feed item's terms, and {row number: [(column, reason)]}."""
    vocabulary = Vocabulary.of(rows)
    checked = [(number, *checked_row(row, vocabulary)) for number, row in rows]
    found = {number: problems for number, _, problems in checked}
    rows = [(number, row) for number, row, _ in checked]
    for number, reason in duplicates(rows).items():
        found[number].append((None, reason))
    return rows, found


def feed_check(rows):
    """The feed's check of the rows, its entries put back in the file's order, with its
    errors by row position, and those of the whole file as problems."""
    order = feed_order(rows)
    result = check_observations(items_of(rows))
    errors, problems = defaultdict(list), []
    for error in result.errors:
        if error.index is None:
            problems.append((None, column_of(error.field), error.reason))
        else:
            errors[order[error.index]].append((column_of(error.field), error.reason))
    placed = sorted(zip(order, result.entries, strict=False), key=lambda pair: pair[0])
    result.entries = [entry for _, entry in placed]
    return result, errors, problems


def in_file_order(error):
    """A row's errors from left to right, those of the whole row first."""
    # A download's comparison id stands where the comparison's dates would.
    column = "compared_with_start_date" if error[0] == "compared_with" else error[0]
    return COLUMNS.index(column) + 1 if column in COLUMNS else 0


def line(number, row, outcome, errors):
    return {
        "number": number,
        "cells": [row.get(column, "") for column in COLUMNS],
        "outcome": OUTCOME_LABELS.get(outcome),
        "errors": errors,
    }
