"""The KSI route table, computed from road casualty records: pure arithmetic over the
records a period needs (metrics.stats19.records loads them), no queries.

The rules, as the report states them:

- KSI: killed or seriously injured. On the raw basis a fatal or serious casualty (or
  collision) counts 1. On the adjusted basis a fatal one counts 1 and any other counts the
  DfT's probability that it was serious, or its raw severity where the file gives none.
- Totals: KSI casualties from 1 April of the period's financial year to its data-to date,
  against the same dates a year before.
- A route is a road: class letter and number (M11, A1(M), A1013, B1414). A collision counts
  for its first road and, where given, its second (once, if both are the same road).
  Unclassified roads, unknown classes and road number 0 are left out.
- Recent: the 3 months to the data-to date (1 June to 31 August for 31 August). The
  5-year average is of the same dates in each of the five years before. The increase is
  (recent - average) / average, as a percentage to one decimal place. A route with no KSI
  collision in the five years before has no average to rise on and is not listed.
- Listed: routes with an increase and at least `minimum` KSI collisions recently, the
  largest increase first (ties: more recent collisions, then the road's name), at most
  `limit`.
- Vulnerable road users: the route's recent KSI casualties who were pedestrians, pedal
  cyclists, motorcyclists, children (0-17) or 65 and over (a casualty may be in several),
  as a share of them all; listed at or above `threshold` percent, largest first.
- Peak time: the day with the most KSI collisions on the route recently, when one day has
  more than any other; when several tie, "weekdays" or "weekends", whichever of the two
  holds more of the route's collisions (weekdays on a tie). Then the 4-hour band, starting
  on the hour (and running past midnight where it starts after 20:00), with the most of
  those days' collisions of known time; on a tie the earliest start from midnight.
- Districts: the five with the most KSI collisions from the period's start to its data-to
  date, most first (ties: by district code).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MOTORCYCLE_TYPES = {2, 3, 4, 5, 23, 97}
GROUPS = ("pedestrian", "pedal_cycle", "motorcycle", "child", "older")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKEND = {5, 6}
BAND_HOURS = 4


@dataclass(frozen=True)
class CollisionRecord:
    """What the table needs of a collision: its roads' names and its KSI weight."""

    index: str
    date: datetime.date
    time: datetime.time | None
    district: str
    roads: tuple
    weight: float


@dataclass(frozen=True)
class CasualtyRecord:
    collision_index: str
    weight: float
    groups: tuple


@dataclass(frozen=True)
class Rules:
    minimum: int = 3
    limit: int = 5
    threshold: Decimal = Decimal(15)


@dataclass
class Route:
    road: str
    collisions: float
    average: float
    increase: Decimal
    groups: list
    days: str
    hours: tuple | None


def weight(severity, adjusted_serious, basis):
    """A casualty's or collision's KSI count on the basis (see the rules above)."""
    if severity == "fatal":
        return 1.0
    if basis == "adjusted" and adjusted_serious is not None:
        return adjusted_serious
    return 1.0 if severity == "serious" else 0.0


def road_name(road_class, number):
    """The route's name, or None for a road the table leaves out."""
    if number is None or number == 0 or road_class in ("U", "unknown"):
        return None
    if road_class == "A(M)":
        return f"A{number}(M)"
    return f"{road_class}{number}"


def casualty_groups(casualty_class, casualty_type, age):
    groups = []
    if casualty_class == "pedestrian" or casualty_type == 0:
        groups.append("pedestrian")
    if casualty_type == 1:
        groups.append("pedal_cycle")
    if casualty_type in MOTORCYCLE_TYPES:
        groups.append("motorcycle")
    if age is not None and age <= 17:
        groups.append("child")
    if age is not None and age >= 65:
        groups.append("older")
    return tuple(groups)


def one_place(value):
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def whole(value):
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def routes(recent, earlier, casualties, rules):
    """The listed routes: `recent` collisions in the 3 months, `earlier` those of the same
    dates in the five years before, `casualties` of the recent collisions."""
    now, before = per_road(recent), per_road(earlier)
    found = []
    for road, collisions in now.items():
        count = sum(c.weight for c in collisions)
        average = sum(c.weight for c in before.get(road, [])) / 5
        if count < rules.minimum or average == 0 or count <= average:
            continue
        increase = one_place((count - average) / average * 100)
        found.append((road, collisions, count, average, increase))
    found.sort(key=lambda item: (-item[4], -item[2], item[0]))
    return [described(*item, casualties, rules) for item in found[: rules.limit]]


def per_road(collisions):
    roads = defaultdict(list)
    for collision in collisions:
        if collision.weight:
            for road in dict.fromkeys(collision.roads):
                roads[road].append(collision)
    return roads


def described(road, collisions, count, average, increase, casualties, rules):
    indexes = {c.index for c in collisions}
    hurt = [c for c in casualties if c.collision_index in indexes and c.weight]
    days, hours = peak(collisions)
    return Route(road, count, average, increase, shares(hurt, rules.threshold), days, hours)


def shares(casualties, threshold):
    """[(group, percent)] at or above the threshold, largest first (then GROUPS order)."""
    total = sum(c.weight for c in casualties)
    if not total:
        return []
    weights = Counter()
    for casualty in casualties:
        for group in casualty.groups:
            weights[group] += casualty.weight
    percents = [(group, one_place(weights[group] / total * 100)) for group in GROUPS]
    listed = [(group, percent) for group, percent in percents if percent >= threshold]
    return sorted(listed, key=lambda item: (-item[1], GROUPS.index(item[0])))


def peak(collisions):
    """(days, (start hour, end hour) or None), as the rules above say."""
    per_day = Counter()
    for collision in collisions:
        per_day[collision.date.weekday()] += collision.weight
    most = max(per_day.values())
    top = [day for day, total in per_day.items() if total == most]
    if len(top) == 1:
        label, days = DAY_NAMES[top[0]], {top[0]}
    else:
        weekend = sum(total for day, total in per_day.items() if day in WEEKEND)
        weekday = sum(per_day.values()) - weekend
        label = "weekends" if weekend > weekday else "weekdays"
        days = WEEKEND if label == "weekends" else set(range(5))
    timed = [c for c in collisions if c.date.weekday() in days and c.time is not None]
    return label, band(timed)


def band(collisions):
    if not collisions:
        return None
    per_hour = Counter()
    for collision in collisions:
        per_hour[collision.time.hour] += collision.weight
    totals = [sum(per_hour[(start + h) % 24] for h in range(BAND_HOURS)) for start in range(24)]
    start = totals.index(max(totals))
    return start, (start + BAND_HOURS) % 24


def total(casualties):
    return sum(c.weight for c in casualties)


def districts(collisions, count=5):
    """[(district code, KSI collisions)] of the most, most first, ties by code."""
    per_district = Counter()
    for collision in collisions:
        if collision.weight and collision.district:
            per_district[collision.district] += collision.weight
    ranked = sorted(per_district.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:count]
