"""Every generated metric's observations for every area: a value for each month, and for
totals the three months to each report's data-to date, each compared with the same months
a year before and stated in the first report edition whose data reach it. Where the window
is shorter than shapes.MIN_MONTHS, the monthly figures start earlier, before any edition:
those are stated in none, as figures sent before the reports began are.

Observations are written a financial year at a time, so that the year before, which they
are compared with, is in the database (with its ids) before they are made.
"""

import bisect
import datetime

from essexperf.site.synthetic.shapes import MIN_MONTHS
from metrics.models import Metric, Observation
from priorities.periods import financial_year_of

SOURCE = "Essex Police management information (synthetic)"
MONTH, THREE_MONTHS = "month", "three_months"


def months(sizes, periods):
    """The first day of every month to the last data-to date, from the window's start or,
    where that leaves fewer than MIN_MONTHS, from MIN_MONTHS before the last."""
    last = max(period.data_to for period in periods).replace(day=1)
    day = min(sizes.window_start, next_month(last.replace(year=last.year - MIN_MONTHS // 12)))
    found = []
    while day <= last:
        found.append(day)
        day = next_month(day)
    return found


def next_month(first):
    return (first + datetime.timedelta(days=32)).replace(day=1)


def month_end(first):
    return next_month(first) - datetime.timedelta(days=1)


class Statements:
    """Which report edition states a figure: the first whose data reach its end date."""

    def __init__(self, periods):
        self.periods = sorted(periods, key=lambda period: period.data_to)
        self.data_tos = [period.data_to for period in self.periods]
        # Figures of earlier months are stated in no edition.
        self.first_month = self.periods[0].start_date

    def stating(self, end):
        return self.periods[bisect.bisect_left(self.data_tos, end)]

    def ending_on(self, end):
        """The edition whose data run to exactly this date, or None."""
        index = bisect.bisect_left(self.data_tos, end)
        found = index < len(self.data_tos) and self.data_tos[index] == end
        return self.periods[index] if found else None


def generate_observations(sizes, firsts, periods, series, writer):
    """The observations of every series, one for each month of `firsts` (see months)."""
    statements = Statements(periods)
    ids = {}
    for year in range(financial_year_of(firsts[0]), sizes.last_year + 1):
        indexes = [i for i, first in enumerate(firsts) if financial_year_of(first) == year]
        rows = year_rows(indexes, firsts, series, statements, ids)
        for batch in writer.insert(rows):
            ids.update((row.synthetic_key, row.pk) for row in batch)
        # Only the year before is ever compared with.
        ids = {key: pk for key, pk in ids.items() if key[2] > indexes[-1] - 12}


def year_rows(indexes, firsts, series, statements, ids):
    for index in indexes:
        first = firsts[index]
        end = month_end(first)
        period = statements.stating(end) if first >= statements.first_month else None
        quarter = statements.ending_on(end)
        for number, line in enumerate(series):
            value = line.next_value()
            row = monthly(line, first, end, value, period, ids.get((number, MONTH, index - 12)))
            row.synthetic_key = (number, MONTH, index)
            yield row
            if quarter is None or line.metric.measure != Metric.Measure.TOTAL:
                continue
            total = line.last_three_months()
            if total is not None:
                earlier = ids.get((number, THREE_MONTHS, index - 12))
                row = observation(line, firsts[index - 2], end, total, quarter, earlier)
                row.basis = Observation.Basis.THREE_MONTHS
                row.synthetic_key = (number, THREE_MONTHS, index)
                yield row


def monthly(line, first, end, value, period, earlier):
    if line.metric.measure == Metric.Measure.LEVEL:
        row = observation(line, end, end, value, period, earlier)
        row.basis = Observation.Basis.POINT_IN_TIME
    else:
        row = observation(line, first, end, value, period, earlier)
        row.basis = Observation.Basis.MONTH
    return row


def observation(line, start, end, value, period, earlier):
    return Observation(
        metric=line.metric,
        area=line.area,
        start_date=start,
        end_date=end,
        value=value,
        compared_with_id=earlier,
        reported_in=period,
        source=SOURCE,
        data_to=None if period is None else period.data_to,
    )
