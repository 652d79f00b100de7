"""A period's KSI tables computed from the road casualty records, and saved as its draft
KsiTotal, KsiRoute, KsiVulnerableGroup and KsiPeakTime rows through the one bulk write.

Saving replaces the period's route table when what is computed differs from what it holds
(an editor's change to a computed figure is visible beside the computed one until then),
and leaves it alone when they agree. A published period is never changed."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from essexperf.audit.recording import recorded_values
from metrics.models import (
    Area,
    DataImport,
    DataSource,
    KsiPeakTime,
    KsiRoute,
    KsiTotal,
    KsiVulnerableGroup,
)
from metrics.stats19 import records
from metrics.stats19.routes import Rules, districts, routes, total, whole
from priorities.freeze import PUBLISHED
from priorities.models import ReportingPeriod
from priorities.writes import write_rows


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


def hours_of(hours):
    if hours is None:
        return (None, None)
    return tuple(datetime.time(hour) for hour in hours)


def stored_rows(period):
    held = KsiRoute.objects.filter(period=period).prefetch_related(
        "vulnerable_groups", "peak_times"
    )
    return [
        (
            route.order,
            route.road,
            route.collisions_last_3_months,
            route.increase_on_5_year_average,
            [(g.group, g.percent) for g in route.vulnerable_groups.all()],
            [(p.days, p.start_time, p.end_time) for p in route.peak_times.all()],
        )
        for route in held.order_by("order")
    ]


@dataclass
class Changes:
    """What saving would change: the totals, the route table, and both in words."""

    total: bool
    routes: bool
    said: list


def changes(period, table, area):
    """What saving would change: nothing when the period holds the table already."""
    held = KsiTotal.objects.filter(period=period, area=area).first()
    figures = (table.casualties, table.casualties_year_before)
    total_changes = held is None or (held.casualties, held.casualties_year_before) != figures
    routes_change = stored_rows(period) != rows_of(table)
    said = []
    if total_changes:
        said.append(f"KSI total for {area}: {figures[0]} v {figures[1]} a year before")
    if routes_change:
        roads = ", ".join(route.road for route in table.routes) or "no routes"
        said.append(f"route table: {roads}")
    return Changes(total_changes, routes_change, said)


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


def save(period, table):
    """Write what changes (see changes) and return it; refuses a published period."""
    area = area_for_totals()
    planned = changes(period, table, area)
    if planned.said and period.status == PUBLISHED:
        said = "; ".join(planned.said)
        raise TableError(f"{period.code} is published and cannot be changed: {said}")
    source = latest_import()
    with transaction.atomic():
        if planned.total:
            save_total(period, table, area, source)
        if planned.routes:
            save_routes(period, table, source)
    return planned


def save_total(period, table, area, source):
    row = KsiTotal.objects.filter(period=period, area=area).first()
    before = {row.pk: recorded_values(row)} if row else {}
    row = row or KsiTotal(period=period, area=area)
    values = {
        "start_date": table.windows.year_to_date[0],
        "end_date": table.windows.year_to_date[1],
        "casualties": table.casualties,
        "casualties_year_before": table.casualties_year_before,
        "computed_casualties": table.casualties,
        "computed_casualties_year_before": table.casualties_year_before,
        "ksi_basis": table.basis,
        "computed_from": source,
    }
    for name, value in values.items():
        setattr(row, name, value)
    created, updated = ([row], []) if row.pk is None else ([], [row])
    write_rows(KsiTotal, created=created, updated=updated, fields=list(values), before=before)


def save_routes(period, table, source):
    # Deleted row by row by the queryset, so the freeze and the audit trail see each one.
    KsiRoute.objects.filter(period=period).delete()
    made = [
        KsiRoute(
            period=period,
            road=road,
            order=order,
            collisions_last_3_months=collisions,
            increase_on_5_year_average=increase,
            computed_collisions=collisions,
            computed_increase=increase,
            computed_from=source,
        )
        for order, road, collisions, increase, _, _ in rows_of(table)
    ]
    write_rows(KsiRoute, created=made)
    groups, peaks = [], []
    for route, (*_, shares, times) in zip(made, rows_of(table), strict=True):
        for order, (group, percent) in enumerate(shares, start=1):
            groups.append(
                KsiVulnerableGroup(route=route, group=group, order=order, percent=percent)
            )
        for days, start, end in times:
            peaks.append(KsiPeakTime(route=route, days=days, start_time=start, end_time=end))
    write_rows(KsiVulnerableGroup, created=groups)
    write_rows(KsiPeakTime, created=peaks)


def published_changes():
    """What computing each published period's KSI table again would change, in words: an
    import's preview tells it, since a published period keeps its figures (save refuses to
    change them) and a changed record there is for an approver's amendment."""
    area = Area.objects.filter(slug=settings.STATS19_AREA).first()
    if area is None:
        return []
    computed = [
        model.objects.filter(computed_from__isnull=False).values("period")
        for model in (KsiTotal, KsiRoute)
    ]
    periods = ReportingPeriod.objects.filter(status=PUBLISHED).filter(
        Q(pk__in=computed[0]) | Q(pk__in=computed[1])
    )
    said = []
    for period in periods:
        planned = changes(period, compute(period), area)
        if planned.said:
            said.append(f"{period.code} (published) would read: {'; '.join(planned.said)}")
    return said
