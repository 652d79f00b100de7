"""A period's computed KSI table saved as its draft KsiTotal, KsiRoute (with
KsiVulnerableGroup and KsiPeakTime) and KsiDistrict rows, through the one bulk write.

Computing again compares what is computed now with what was computed before (the rows'
computed_* figures), never with what an editor has made of them, so an edit alone is no
change. When the computation changes, a figure the editor left as computed follows it, and
a figure the editor changed is kept with the new computed one beside it; the words say
which. A route or district typed in by hand is never deleted by computing: a period holding
one keeps that table as it is. A published period is never changed."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from essexperf.audit.recording import recorded_values
from metrics.models import (
    Area,
    KsiDistrict,
    KsiPeakTime,
    KsiRoute,
    KsiTotal,
    KsiVulnerableGroup,
)
from metrics.stats19 import kept
from metrics.stats19.districts import label_of
from metrics.stats19.table import (
    TableError,
    area_for_totals,
    compute,
    district_rows,
    latest_import,
    rows_of,
)
from priorities.freeze import PUBLISHED
from priorities.models import ReportingPeriod
from priorities.writes import write_rows

TYPED_ROUTES = "route table: left as it is, an editor typed in routes"
TYPED_DISTRICTS = "top districts: left as they are, an editor typed in districts"


@dataclass
class Changes:
    """What saving would change (the totals, the route table, the top districts), and in
    words, with what an editor changed that is kept and any table left as it is."""

    total: bool
    routes: bool
    districts: bool
    said: list

    @property
    def parts(self):
        named = (("KSI total", self.total), ("route table", self.routes))
        return [name for name, part in (*named, ("top districts", self.districts)) if part]


@dataclass
class Held:
    """The period's rows as stored: its total for the area, its routes and its districts."""

    total: KsiTotal | None
    routes: list
    districts: list


def held_by(period, area):
    routes = KsiRoute.objects.filter(period=period).prefetch_related(
        "vulnerable_groups", "peak_times"
    )
    return Held(
        KsiTotal.objects.filter(period=period, area=area).first(),
        list(routes.order_by("order")),
        list(KsiDistrict.objects.filter(period=period).order_by("order")),
    )


def changes(period, table, area):
    """What saving would change: nothing when the period holds what is computed already."""
    held = held_by(period, area)
    total = kept.total_changes(held.total, table)
    routes, routes_said = routes_change(held.routes, table)
    districts, districts_said = districts_change(held.districts, table)
    said = [kept.total_said(held.total, table, area)] if total else []
    return Changes(total, routes, districts, [*said, *routes_said, *districts_said])


def routes_change(held, table):
    now = rows_of(table)
    if any(route.computed_from_id is None for route in held):
        return False, ([] if list(map(kept.shown_row, held)) == now else [TYPED_ROUTES])
    if list(map(kept.computed_row, held)) == now:
        return False, []
    roads = ", ".join(route.road for route in table.routes) or "no routes"
    said = [words for _, _, said in kept.route_rows(held, now) for words in said]
    return True, [f"route table: {roads}", *said, *kept.dropped(held, now)]


def districts_change(held, table):
    now = district_rows(table)
    if any(district.computed_from_id is None for district in held):
        shown = [(d.order, d.district_code, d.collisions) for d in held]
        return False, ([] if shown == now else [TYPED_DISTRICTS])
    if [(d.order, d.district_code, d.computed_collisions) for d in held] == now:
        return False, []
    listed = ", ".join(f"{label_of(code)} ({count})" for _, code, count in now) or "none"
    said = [words for _, _, said in kept.district_rows_kept(held, now) for words in said]
    return True, [f"top districts: {listed}", *said]


def in_words(period, planned):
    """What saving changed (or would change), as the admin and ksiroutes both say it."""
    return f"{period.code}: {'; '.join(planned.said) or 'nothing changed'}."


def save(period, table):
    """Write what changes (see changes) and return it; refuses a published period."""
    area = area_for_totals()
    planned = changes(period, table, area)
    if planned.parts and period.status == PUBLISHED:
        said = "; ".join(planned.said)
        raise TableError(f"{period.code} is published and cannot be changed: {said}")
    source = latest_import()
    held = held_by(period, area)
    with transaction.atomic():
        if planned.total:
            save_total(period, table, area, held.total, source)
        if planned.routes:
            save_routes(period, kept.route_rows(held.routes, rows_of(table)), source)
        if planned.districts:
            rows = kept.district_rows_kept(held.districts, district_rows(table))
            save_districts(period, rows, source)
    return planned


def save_total(period, table, area, row, source):
    before = {row.pk: recorded_values(row)} if row else {}
    values = kept.total_values(row, table)
    row = row or KsiTotal(period=period, area=area)
    values["computed_from"] = source
    for name, value in values.items():
        setattr(row, name, value)
    created, updated = ([row], []) if row.pk is None else ([], [row])
    write_rows(KsiTotal, created=created, updated=updated, fields=list(values), before=before)


def save_routes(period, rows, source):
    # Deleted row by row by the queryset, so the freeze and the audit trail see each one.
    KsiRoute.objects.filter(period=period).delete()
    made = [kept.route_of(period, row, shown, source) for row, shown, _ in rows]
    write_rows(KsiRoute, created=made)
    groups, peaks = kept.details_of(made, [shown for _, shown, _ in rows])
    write_rows(KsiVulnerableGroup, created=groups)
    write_rows(KsiPeakTime, created=peaks)


def save_districts(period, rows, source):
    KsiDistrict.objects.filter(period=period).delete()
    made = [kept.district_of(period, row, shown, source) for row, shown, _ in rows]
    write_rows(KsiDistrict, created=made)


def published_changes():
    """What computing each published period's KSI table again would change, in words: an
    import's preview tells it, since a published period keeps its figures (save refuses to
    change them) and a changed record there is for an approver's amendment."""
    area = Area.objects.filter(slug=settings.STATS19_AREA).first()
    if area is None:
        return []
    computed = Q()
    for model in (KsiTotal, KsiRoute, KsiDistrict):
        computed |= Q(pk__in=model.objects.filter(computed_from__isnull=False).values("period"))
    said = []
    for period in ReportingPeriod.objects.filter(computed, status=PUBLISHED):
        planned = changes(period, compute(period), area)
        if planned.parts:
            said.append(f"{period.code} (published) would read: {'; '.join(planned.said)}")
    return said
