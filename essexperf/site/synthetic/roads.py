"""Each synthetic report edition's KSI tables: casualty totals and the routes table."""

import datetime
from decimal import Decimal

from essexperf.site.synthetic import words
from essexperf.site.synthetic.sizes import TITLE_PREFIX
from metrics.importers import import_ksi
from metrics.models import KsiPeakTime, KsiVulnerableGroup

# Killed or seriously injured casualties a month, force-wide; an LPA has about a third.
MONTHLY_CASUALTIES = {"essex": 80, "lpa-north": 27, "lpa-south": 27, "lpa-west": 26}
GROUPS = [choice.value for choice in KsiVulnerableGroup.Group]
DAYS = [choice.value for choice in KsiPeakTime.Days]


def generate_ksi(sizes, periods, tally):
    rng = sizes.random("ksi")
    for period in periods:
        if not period.title.startswith(TITLE_PREFIX):
            continue
        data = {
            "period": period.code,
            "totals": [total(rng, period, area) for area in words.LPAS],
            "routes": [route(rng, road) for road in routes_of(sizes, rng)],
        }
        import_ksi(data, tally)


def total(rng, period, area):
    """Casualties in the financial year to the edition's data-to date, and a year before."""
    start = datetime.date(period.financial_year, 4, 1)
    months = (period.data_to.year - start.year) * 12 + period.data_to.month - start.month + 1
    expected = MONTHLY_CASUALTIES[area] * months
    return {
        "area": area,
        "start_date": start,
        "end_date": period.data_to,
        "casualties": round(expected * rng.uniform(0.8, 1.2)),
        "casualties_year_before": round(expected * rng.uniform(0.8, 1.2)),
    }


def routes_of(sizes, rng):
    return rng.sample(words.ROADS, min(len(words.ROADS), sizes.routes_per_period))


def route(rng, road):
    groups = rng.sample(GROUPS, rng.randint(0, 2))
    return {
        "road": road,
        "collisions_last_3_months": rng.randint(3, 25),
        "increase_on_5_year_average": Decimal(f"{rng.uniform(1, 150):.1f}"),
        "vulnerable_groups": [{"group": group, "percent": rng.randint(5, 60)} for group in groups],
        "peak_times": [peak_time(rng) for _ in range(rng.randint(0, 2))],
    }


def peak_time(rng):
    peak = {"days": rng.choice(DAYS)}
    if rng.random() < 0.5:
        start = rng.randint(0, 20)
        peak["start_time"] = datetime.time(start)
        peak["end_time"] = datetime.time(start + rng.randint(1, 3))
    return peak
