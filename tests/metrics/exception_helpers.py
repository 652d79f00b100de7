"""Measures built by hand, each needing the board's attention for one reason in 2017-18-Q2
(data to 31 August 2017), for the exceptions page and API tests. The arithmetic behind
each expected sentence is beside the figures that make it.
"""

import datetime
from decimal import Decimal

from metrics.models import Metric
from tests.factories import (
    AreaFactory,
    MetricFactory,
    ObservationFactory,
    PriorityFactory,
    ReportingPeriodFactory,
    TargetFactory,
)
from tests.metrics.peer_helpers import peer_group
from tests.process_helpers import monthly_series

AUGUST = datetime.date(2017, 8, 1)

# Eleven months near 100, then 150. Sum 1,100 + 150 = 1,250, mean 104.17; moving ranges
# 2, 4, 3, 2, 1, 2, 4, 3, 2, 1, 50, sum 74, mean 74 / 11 = 6.73; upper limit
# 104.17 + 2.66 x 6.73 = 122.06: 150 lies above it, and up is bad.
CONCERN_SERIES = [100, 102, 98, 101, 99, 100, 102, 98, 101, 99, 100, 150]
CONCERN = (
    "Car thefts: 150 in August 2017 is special cause variation of concern "
    "(outside the process limits)."
)
# 80, 81, 79 four times: mean 80; moving ranges 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, sum 15,
# mean 15 / 11 = 1.364; limits 80 -/+ 2.66 x 1.364 = 80 -/+ 3.627: 76.4% to 83.6% (one
# place more than the figures).
ANSWERED_SERIES = [80, 81, 79] * 4
FAILING = (
    "Calls answered: consistently failing the target of 95%: it lies outside the process "
    "limits of 76.4% to 83.6%."
)
HIT_AND_MISS = (
    "Calls returned: hit and miss against the target of 82%: it lies within the process "
    "limits of 76.4% to 83.6%."
)
# 300 against 200 over 92 days each (March to May, June to August): up 100 / 200 = 50%; two
# counts of 500 split 300 to 200 where 250 each was expected, z = (50 - 0.5) /
# sqrt(500 x 0.5 x 0.5) = 4.43, p about 0.00001: significant, and up is bad.
DETERIORATION = (
    "Robberies: 300 in the 3 months to 31 August 2017, up 50% (100) on 200 in the 3 months "
    "to 31 May 2017, a significant increase."
)
NO_FIGURE = "Stop and searches: no figure known by 2017-18-Q2."
NOT_REPORTED = (
    "Cadets: no figure reported in 2017-18-Q2; the latest, 50 in the 3 months to 31 May "
    "2017, is from 2017-18-Q1."
)
# tests/metrics/peer_helpers.py: Essex 1.50 per 1,000, 3rd of 4 where lower is better
# (Suffolk 0.50, Kent 1.00, Essex 1.50, Norfolk 2.00), average 1.25; 3 > (4 + 1) // 2.
PEER_RANK = (
    "Burglaries: 3rd of 4 forces in Most similar group, 1.5 per 1,000 residents against a "
    "group average of 1.25, in the 3 months to 31 August 2017."
)
OUT_OF_DATE = (
    "Hate crimes: the latest figure, 1,529 in the 12 months to 31 July 2017, ends before the "
    "period's data-to date of 31 August 2017."
)
# Most severe first (metrics.exceptions.Kind), then by measure.
IN_ORDER = [CONCERN, FAILING, DETERIORATION, NOT_REPORTED, NO_FIGURE, HIT_AND_MISS, PEER_RANK]
IN_ORDER.append(OUT_OF_DATE)


def measure(priority, name, **fields):
    slug = name.lower().replace(" ", "-")
    return MetricFactory(name=name, slug=slug, priority=priority, **fields)


def process_measures(priority, essex, prefix=""):
    """A special cause concern, a target failed and one hit and miss."""
    cars = measure(priority, f"{prefix}Car thefts", up_is=Metric.UpIs.BAD)
    monthly_series(cars, essex, CONCERN_SERIES, last=AUGUST)
    for name, target in (("Calls answered", 95), ("Calls returned", 82)):
        metric = measure(
            priority, f"{prefix}{name}", unit=Metric.Unit.PERCENT, up_is=Metric.UpIs.GOOD
        )
        monthly_series(metric, essex, ANSWERED_SERIES, last=AUGUST)
        TargetFactory(metric=metric, area=essex, value=Decimal(target))
    return cars


def every_kind(period):
    """One measure for each reason, in one priority of a plan in force; the earlier
    edition 2017-18-Q1."""
    priority = PriorityFactory()
    essex = AreaFactory()
    process_measures(priority, essex)
    robberies = measure(priority, "Robberies", up_is=Metric.UpIs.BAD)
    before = ObservationFactory(
        metric=robberies,
        area=essex,
        start_date=datetime.date(2017, 3, 1),
        end_date=datetime.date(2017, 5, 31),
        value=Decimal(200),
        reported_in=period,
    )
    ObservationFactory(
        metric=robberies, area=essex, value=Decimal(300), compared_with=before, reported_in=period
    )
    measure(priority, "Stop and searches")
    first = ReportingPeriodFactory(quarter=1, data_to=datetime.date(2017, 5, 31), published=True)
    ObservationFactory(
        metric=measure(priority, "Cadets"),
        area=essex,
        start_date=datetime.date(2017, 3, 1),
        end_date=datetime.date(2017, 5, 31),
        value=Decimal(50),
        reported_in=first,
    )
    burglaries, _ = peer_group(up_is=Metric.UpIs.BAD, period=period)
    Metric.objects.filter(pk=burglaries.pk).update(priority=priority)
    ObservationFactory(
        metric=measure(priority, "Hate crimes", up_is=Metric.UpIs.NEUTRAL),
        area=essex,
        start_date=datetime.date(2016, 8, 1),
        end_date=datetime.date(2017, 7, 31),
        value=Decimal(1529),
        reported_in=period,
    )
    return priority
