"""Counts per 1,000 residents: a count of events over a period, divided by the people of the
area in the year the period ends in, so that areas of different sizes can be compared.

The population is the mid-year estimate of the year the figure ends in; where that year has
none yet (estimates come out a year late), the latest year before it, and the rate says so.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from metrics.models import AreaPopulation, Metric

PER = 1000
# Rates are shown, ranked and averaged to two decimal places: 1.25 per 1,000 residents.
SHOWN = Decimal("0.01")


def has_rate(metric):
    """Whether the metric is a count of events over a period, which a rate makes fair."""
    return metric.measure == Metric.Measure.TOTAL and metric.unit == Metric.Unit.COUNT


@dataclass(frozen=True)
class Rate:
    """A count per 1,000 residents, with the population it was worked out from."""

    value: Decimal
    population: int
    year: int
    # The year the figure ends in, when the population is of an earlier one.
    wanted_year: int

    @property
    def older(self):
        return self.year < self.wanted_year

    @property
    def shown(self):
        return self.value.quantize(SHOWN, rounding=ROUND_HALF_UP)

    @property
    def note(self):
        """Why the population is an earlier year's, or ""."""
        if not self.older:
            return ""
        return f"Population of {self.year}: none is held for {self.wanted_year}."


def per_thousand(value, population):
    return Decimal(value) * PER / Decimal(population)


def populations_of(area_ids, latest_year):
    """{area id: [(year, population)], newest first} up to `latest_year`: one query."""
    rows = (
        AreaPopulation.objects.filter(area__in=area_ids, year__lte=latest_year)
        .order_by("area_id", "-year")
        .values_list("area_id", "year", "population")
    )
    found = {}
    for area_id, year, population in rows:
        found.setdefault(area_id, []).append((year, population))
    return found


def rate_of(value, area_id, year, populations):
    """The Rate of a count in an area ending in `year`, or None with no population then."""
    for held, population in populations.get(area_id, []):
        if held <= year:
            return Rate(per_thousand(value, population), population, held, year)
    return None


def rates_for(metric, observations):
    """{observation id: Rate} of the observations of a count metric that have a
    population: one query (none for a metric that is not a count)."""
    observations = list(observations)
    if not has_rate(metric) or not observations:
        return {}
    latest = max(o.end_date.year for o in observations)
    populations = populations_of({o.area_id for o in observations}, latest)
    rates = {}
    for observation in observations:
        rate = rate_of(
            observation.value, observation.area_id, observation.end_date.year, populations
        )
        if rate is not None:
            rates[observation.pk] = rate
    return rates
