"""Reading a feed item (see metrics.feeds): each field checked on its own, as text, date or
number, before the batch's slugs and codes are looked up.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from essexperf.dates import WRITE_IT, NotARealDate, out_of_range, parse_iso_date
from metrics.importers import OBSERVATION_OPTIONAL, OBSERVATION_REQUIRED
from priorities.periods import parse_period_code

# `version` is the observation's version the sender read; a stale one is refused.
ITEM_KEYS = frozenset({*OBSERVATION_REQUIRED, *OBSERVATION_OPTIONAL, "date", "version"})
COMPARISON_KEYS = frozenset({"start_date", "end_date", "date", "area"})
EMPTY = (None, "")
REQUIRED = "This field is required."
# The largest whole number every database's positive integer column holds.
MAX_DENOMINATOR = 2_147_483_647
WHOLE_NUMBER = re.compile(r"\d{1,10}")
QUOTED_LENGTH = 60


def quote(value):
    """What was sent, as a reason quotes it: not at any length."""
    text = repr(value)
    return text if len(text) <= QUOTED_LENGTH else text[: QUOTED_LENGTH - 1] + "…"


@dataclass(frozen=True)
class FeedError:
    """What is wrong with an item: its index in the batch (None for the whole batch), the
    field (None for the whole item) and the reason, written for a person."""

    index: int | None
    field: str | None
    reason: str


@dataclass
class Draft:
    """An item as read, before its slugs and codes are looked up."""

    index: int
    # None for an item that is not an object of fields, which is read no further.
    values: dict | None = None
    errors: list = field(default_factory=list)
    metric: str | None = None
    area: str | None = None
    span: tuple = (None, None)
    # An item that gives one `date` is told of problems with its start or end date there.
    date_given: bool = False
    period: str | None = None
    comparison: tuple | None = None
    version: int | None = None
    # Sent from a version read before someone else's change: the API answers 409, not 400.
    stale: bool = False

    def fail(self, name, reason):
        self.errors.append(FeedError(self.index, name, reason))

    @property
    def key(self):
        return (self.metric, self.area, *self.span)


def read_item(index, item, source):
    draft = Draft(index)
    if not isinstance(item, dict):
        draft.fail(None, "Send each observation as an object of named fields.")
        return draft
    draft.values = {}
    for name in sorted(map(str, set(item) - ITEM_KEYS)):
        draft.fail(name, "This is not a field of an observation.")
    draft.metric = read_text(draft, item, "metric", required=True) or None
    draft.area = read_text(draft, item, "area", required=True) or None
    draft.span = read_span(draft, item)
    draft.date_given = item.get("date") not in EMPTY
    draft.values["value"] = read_value(draft, item.get("value"))
    draft.values["denominator"] = read_denominator(draft, item.get("denominator"))
    draft.values["basis"] = read_text(draft, item, "basis", required=True)
    draft.values["source"] = read_text(draft, item, "source") or source or ""
    draft.values["caveat"] = read_text(draft, item, "caveat")
    draft.values["data_to"] = read_date(draft, item, "data_to")
    draft.period = read_period(draft, item.get("reported_in"))
    draft.comparison = read_comparison(draft, item.get("compared_with"))
    draft.version = read_version(draft, item.get("version"))
    return draft


def read_text(draft, item, name, required=False, prefix=""):
    value = item.get(name)
    if value in EMPTY:
        if required:
            draft.fail(prefix + name, REQUIRED)
        return ""
    if not isinstance(value, str):
        draft.fail(prefix + name, "Give this as text.")
        return ""
    if "\x00" in value:
        # PostgreSQL cannot store the NUL character in text.
        draft.fail(prefix + name, "Text cannot hold the NUL character.")
        return ""
    return value


def read_date(draft, item, name, required=False, prefix=""):
    value = item.get(name)
    if value in EMPTY:
        if required:
            draft.fail(prefix + name, REQUIRED)
        return None
    try:
        day = value if type(value) is datetime.date else parse_iso_date(value)
    except ValueError as error:
        draft.fail(prefix + name, date_reason(value, error))
        return None
    reason = out_of_range(day)
    if reason is not None:
        draft.fail(prefix + name, reason)
        return None
    return day


def date_reason(value, error):
    """Why a value is no date: a day that does not exist, or text not written as a date."""
    if isinstance(error, NotARealDate):
        return str(error)
    return f"{quote(value)} is not a date: {WRITE_IT}."


def read_span(draft, item, prefix=""):
    """(start, end): from start_date and end_date, or both from one date (a level)."""
    if item.get("date") in EMPTY:
        start = read_date(draft, item, "start_date", required=True, prefix=prefix)
        return start, read_date(draft, item, "end_date", required=True, prefix=prefix)
    if any(item.get(name) not in EMPTY for name in ("start_date", "end_date")):
        reason = "Give either date (a level) or start_date and end_date, not both."
        draft.fail(prefix + "date", reason)
        return None, None
    day = read_date(draft, item, "date", prefix=prefix)
    return day, day


def read_value(draft, value):
    if value in EMPTY:
        draft.fail("value", REQUIRED)
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        # A float goes through its shortest text form, so 82.5 stays exactly 82.5.
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        number = None
    if number is None or not number.is_finite():
        draft.fail("value", f"{quote(value)} is not a number.")
        return None
    return number


def read_denominator(draft, value):
    """The count a percentage is of: a whole number above 0, sent as a number or as text."""
    if value in EMPTY:
        return None
    number = value if type(value) is int else None
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()):
        number = int(value)
    if number is None or not 1 <= number <= MAX_DENOMINATOR:
        draft.fail(
            "denominator",
            f"{quote(value)} is not a denominator: give a whole number from 1 to "
            f"{MAX_DENOMINATOR:,}, the count the percentage is of.",
        )
        return None
    return number


def read_version(draft, value):
    if value in EMPTY:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        draft.fail("version", f"{quote(value)} is not a version: send the whole number read.")
        return None
    return value


def read_period(draft, code):
    if code in EMPTY:
        return None
    try:
        if not isinstance(code, str) or len(code) > len("2017-18-Q2"):
            raise ValueError(f"{quote(code)} is not a period code such as 2017-18-Q2")
        parse_period_code(code)
    except ValueError as error:
        draft.fail("reported_in", f"{error}.")
        return None
    return code


def read_comparison(draft, comparison):
    """(area slug or None for the item's own, start, end) of the observation compared with."""
    if comparison in EMPTY:
        return None
    prefix = "compared_with."
    if not isinstance(comparison, dict):
        reason = "Give the start_date and end_date (or date) of the observation compared with."
        draft.fail("compared_with", reason)
        return None
    errors_before = len(draft.errors)
    for name in sorted(map(str, set(comparison) - COMPARISON_KEYS)):
        draft.fail(prefix + name, "This is not a field of a comparison.")
    area = read_text(draft, comparison, "area", prefix=prefix) or None
    span = read_span(draft, comparison, prefix=prefix)
    return None if len(draft.errors) > errors_before else (area, *span)
