"""Dates as systems write them, YYYY-MM-DD: one rule telling a date that names no day, such
as 2018-02-31, from text that is not written as a date at all; and the range of dates the
site keeps (settings.EARLIEST_DATE to LATEST_DATE), checked wherever a date is written."""

import calendar
import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError

ISO_SHAPE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
WRITE_IT = "write it as YYYY-MM-DD"


class NotARealDate(ValueError):
    """Text written as a date that names no day of the calendar."""


def why_not(year, month, day):
    """Why that day does not exist, such as "February 2018 has 28 days"."""
    if year < 1:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day < 1:
        return "there is no day 0"
    return f"{calendar.month_name[month]} {year} has {calendar.monthrange(year, month)[1]} days"


def parse_iso_date(text):
    """The date that text written as YYYY-MM-DD names (or any ISO 8601 date Python reads).

    Raises NotARealDate for a date that does not exist, saying why ("2018-02-31 is not a
    real date: February 2018 has 28 days."), and ValueError for text that is no date."""
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        shape = ISO_SHAPE.fullmatch(text) if isinstance(text, str) else None
    if shape is None:
        raise ValueError(f"Not a date: {WRITE_IT}.")
    # Written as a date, which Python reads whenever that day exists: so it does not.
    reason = why_not(*map(int, shape.groups()))
    raise NotARealDate(f"{text} is not a real date: {reason}.")


def is_within_range(day):
    """Whether a day lies within the dates the site keeps."""
    return settings.EARLIEST_DATE <= day <= settings.LATEST_DATE


def out_of_range(day, written=None):
    """Why a day cannot be written, such as "0001-01-01 is outside the dates this site
    accepts: give one from 1990-01-01 to 2100-12-31.", quoting it as `written` where given;
    None for a day within the range."""
    if is_within_range(day):
        return None
    earliest, latest = settings.EARLIEST_DATE.isoformat(), settings.LATEST_DATE.isoformat()
    written = day.isoformat() if written is None else written
    return (
        f"{written} is outside the dates this site accepts: give one from {earliest} to {latest}."
    )


def validate_within_range(day):
    """The validator of every date field a person or a system writes: models, so that the
    admin and the API check it too, and the forms and filters outside them."""
    reason = out_of_range(day)
    if reason is not None:
        raise ValidationError("%(reason)s", code="date_out_of_range", params={"reason": reason})


def moved(day, delta):
    """The day `delta` later (or earlier), held within the calendar: a date stored before
    the range was checked may lie at its very end, where a page's arithmetic would fail."""
    try:
        return day + delta
    except OverflowError:
        return datetime.date.max if delta > datetime.timedelta(0) else datetime.date.min
