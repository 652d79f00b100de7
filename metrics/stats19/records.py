"""The records a period's KSI table needs, read from the database in a few queries, as the
plain values metrics.stats19.routes computes with; and the windows of dates it reads."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from metrics.models import Casualty, Collision
from metrics.stats19.routes import (
    CasualtyRecord,
    CollisionRecord,
    casualty_groups,
    road_name,
    weight,
)


@dataclass(frozen=True)
class Windows:
    """The dates, each (first, last) inclusive, that a period's table is computed over."""

    year_to_date: tuple
    year_before: tuple
    recent: tuple
    earlier: tuple
    districts: tuple


def years_back(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        # 29 February: the year before has none, so the 28th.
        return day.replace(year=day.year - years, day=28)


def months_back(day, months):
    month = day.month - months
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def windows_of(period):
    data_to = period.data_to
    first = datetime.date(period.financial_year, 4, 1)
    recent = (months_back(data_to + datetime.timedelta(days=1), 3), data_to)
    earlier = tuple(
        (years_back(recent[0], years), years_back(recent[1], years)) for years in range(1, 6)
    )
    return Windows(
        year_to_date=(first, data_to),
        year_before=(years_back(first, 1), years_back(data_to, 1)),
        recent=recent,
        earlier=earlier,
        districts=(min(period.start_date, data_to), data_to),
    )


def between(field, spans):
    condition = Q()
    for first, last in spans:
        condition |= Q(**{f"{field}__range": (first, last)})
    return condition


def collisions(force, spans, basis):
    rows = Collision.objects.filter(between("date", spans), police_force=force).values_list(
        "collision_index",
        "date",
        "time",
        "district_code",
        "first_road_class",
        "first_road_number",
        "second_road_class",
        "second_road_number",
        "severity",
        "adjusted_serious",
    )
    return [
        CollisionRecord(
            index=index,
            date=date,
            time=time,
            district=district,
            roads=tuple(
                name for name in (road_name(c1, n1), road_name(c2, n2)) if name is not None
            ),
            weight=weight(severity, adjusted, basis),
        )
        for index, date, time, district, c1, n1, c2, n2, severity, adjusted in rows
    ]


def casualties(force, span, basis):
    rows = Casualty.objects.filter(
        collision__police_force=force, collision__date__range=span
    ).values_list(
        "collision__collision_index",
        "severity",
        "adjusted_serious",
        "casualty_class",
        "casualty_type",
        "age",
    )
    return [
        CasualtyRecord(index, weight(severity, adjusted, basis), casualty_groups(cls, kind, age))
        for index, severity, adjusted, cls, kind, age in rows
    ]


def in_span(collisions, span):
    return [c for c in collisions if span[0] <= c.date <= span[1]]
