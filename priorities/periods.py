"""The UK financial year and its quarters, as reporting periods use them.

The financial year 2017/18 runs from 1 April 2017 to 31 March 2018; its second quarter
(2017-18-Q2) runs from 1 July to 30 September 2017.
"""

import datetime
import re

CODE_PATTERN = re.compile(r"^(?P<year>\d{4})-(?P<next>\d{2})-Q(?P<quarter>[1-4])$")


def quarter_bounds(financial_year, quarter):
    """Return the first and last day of a quarter of the financial year starting in April."""
    first_month = 4 + 3 * (quarter - 1)
    year = financial_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    start = datetime.date(year, month, 1)
    next_month = month + 3
    end_year = year + (next_month - 1) // 12
    end_month = (next_month - 1) % 12 + 1
    end = datetime.date(end_year, end_month, 1) - datetime.timedelta(days=1)
    return start, end


def period_code(financial_year, quarter):
    """Format a quarter as its code, such as 2017-18-Q2."""
    return f"{financial_year}-{(financial_year + 1) % 100:02d}-Q{quarter}"


def parse_period_code(code):
    """Return (financial_year, quarter) for a code such as 2017-18-Q2, or raise ValueError."""
    match = CODE_PATTERN.match(code)
    if not match:
        raise ValueError(f"{code!r} is not a period code such as 2017-18-Q2")
    year = int(match["year"])
    if int(match["next"]) != (year + 1) % 100:
        raise ValueError(f"{code!r} names no quarter such as 2017-18-Q2: the years must follow")
    return year, int(match["quarter"])


def financial_year_of(date):
    """Return the year in which the financial year holding this date starts."""
    return date.year if date.month >= 4 else date.year - 1
