"""Series of monthly figures for the process chart tests, built with the factories."""

import calendar
import datetime
from decimal import Decimal

from metrics.models import Observation
from tests.factories import ObservationFactory

# The last month a published 2017-18-Q2 knows of figures entered outside any edition.
LAST_MONTH = datetime.date(2017, 9, 1)


def month_starts(count, last=LAST_MONTH):
    """The first days of `count` months in a row, ending with `last`'s month."""
    index = last.year * 12 + last.month - 1
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def month_end(start):
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def monthly_series(metric, area, values, last=LAST_MONTH, **fields):
    """A figure a month of `values`, oldest first, ending in `last`'s month."""
    return [
        ObservationFactory(
            metric=metric,
            area=area,
            start_date=start,
            end_date=month_end(start),
            value=Decimal(value),
            basis=Observation.Basis.MONTH,
            **fields,
        )
        for start, value in zip(month_starts(len(values), last), values, strict=True)
    ]
