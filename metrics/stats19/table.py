"""A period's KSI tables computed from the road casualty records: its totals, its route
table and its top districts (metrics.stats19.saving saves them as the period's draft rows)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from metrics.models import Area, DataImport, DataSource
from metrics.stats19 import records
from metrics.stats19.routes import Rules, districts, routes, total, whole


class TableError(Exception):
    """The table cannot be saved: a published period, or no area to state totals for."""


@dataclass
class Table:
    """A period's computed figures."""

    windows: records.Windows
    basis: str
    casualties: int
    casualties_year_before: int
    routes: list
    districts: list


def rules_from_settings():
    return Rules(
        minimum=settings.STATS19_ROUTE_MINIMUM,
        limit=settings.STATS19_ROUTE_LIMIT,
        threshold=Decimal(settings.STATS19_VULNERABLE_THRESHOLD),
    )


def compute(period, *, force=None, basis=None, rules=None):
    force = settings.STATS19_POLICE_FORCE if force is None else force
    basis = basis or settings.STATS19_KSI_BASIS
    windows = records.windows_of(period)
    spans = [windows.recent, *windows.earlier, windows.districts]
    found = records.collisions(force, spans, basis)
    earlier = [c for span in windows.earlier for c in records.in_span(found, span)]
    return Table(
        windows=windows,
        basis=basis,
        casualties=whole(total(records.casualties(force, windows.year_to_date, basis))),
        casualties_year_before=whole(total(records.casualties(force, windows.year_before, basis))),
        routes=routes(
            records.in_span(found, windows.recent),
            earlier,
            records.casualties(force, windows.recent, basis),
            rules or rules_from_settings(),
        ),
        districts=districts(records.in_span(found, windows.districts)),
    )


def rows_of(table):
    """The route table as comparable rows: (order, road, collisions, increase, groups,
    peak times)."""
    return [
        (
            order,
            route.road,
            whole(route.collisions),
            route.increase,
            [(group, percent) for group, percent in route.groups],
            [(route.days, *hours_of(route.hours))],
        )
        for order, route in enumerate(table.routes, start=1)
    ]


def district_rows(table):
    """The top districts as comparable rows: (order, district code, KSI collisions)."""
    return [
        (order, code, whole(collisions))
        for order, (code, collisions) in enumerate(table.districts, start=1)
    ]


def hours_of(hours):
    if hours is None:
        return (None, None)
    return tuple(datetime.time(hour) for hour in hours)


def latest_import():
    return (
        DataImport.objects.filter(
            source__kind=DataSource.Kind.ROAD_CASUALTIES, state=DataImport.State.DONE
        )
        .order_by("-finished_at", "-id")
        .first()
    )


def area_for_totals():
    area = Area.objects.filter(slug=settings.STATS19_AREA).first()
    if area is None:
        raise TableError(f"No area {settings.STATS19_AREA!r} (STATS19_AREA) to state totals for.")
    return area
