"""What an editor changed in a period's computed KSI rows, and what computing again keeps of
it. A shown figure that differs from the computed one stored beside it is the editor's (so
is one typed in, with nothing computed beside it): computing again keeps it, and updates the
computed one beside it. The rows compared are as metrics.stats19.table's rows_of and
district_rows give them."""

import datetime
from decimal import Decimal

from metrics.models import KsiDistrict, KsiPeakTime, KsiRoute, KsiVulnerableGroup
from metrics.numbers import plain
from metrics.stats19.districts import label_of, name_of

TOTAL_FIGURES = (("casualties", ""), ("casualties_year_before", " a year before"))
DETAILS = (("groups", "vulnerable groups"), ("peaks", "peak times"))


def edited(row, name, computed_name=None):
    """Whether the stored row's figure `name` is not the one computed beside it."""
    return getattr(row, name) != getattr(row, computed_name or f"computed_{name}")


def total_changes(held, table):
    """Whether the computed totals differ from those computed before (edits aside)."""
    now = (table.casualties, table.casualties_year_before, table.basis)
    if held is None:
        return True
    return (held.computed_casualties, held.computed_casualties_year_before, held.ksi_basis) != now


def total_said(held, table, area):
    figures = f"{table.casualties} v {table.casualties_year_before} a year before"
    editors = [
        f"the editor's {getattr(held, name)}{words}"
        for name, words in TOTAL_FIGURES
        if held is not None and edited(held, name)
    ]
    if not editors:
        return f"KSI total for {area}: {figures}"
    return f"KSI total for {area}: kept {' and '.join(editors)}; computed now {figures}"


def total_values(held, table):
    """The total's fields to save: what was computed, and each shown figure the editor had
    left as computed."""
    values = {
        "start_date": table.windows.year_to_date[0],
        "end_date": table.windows.year_to_date[1],
        "computed_casualties": table.casualties,
        "computed_casualties_year_before": table.casualties_year_before,
        "ksi_basis": table.basis,
    }
    for name, _ in TOTAL_FIGURES:
        if held is None or not edited(held, name):
            values[name] = getattr(table, name)
    return values


def shown_details(route):
    return (
        [(group.group, group.percent) for group in route.vulnerable_groups.all()],
        [(peak.days, peak.start_time, peak.end_time) for peak in route.peak_times.all()],
    )


def clock(text):
    return None if text is None else datetime.time.fromisoformat(text)


def computed_details(route):
    """The route's groups and peak times as computed; as shown for a route computed before
    they were kept (its rows had no editor's change computing again could have kept)."""
    if route.computed_details is None:
        return shown_details(route)
    groups = [(group, Decimal(percent)) for group, percent in route.computed_details["groups"]]
    peaks = [(days, clock(a), clock(b)) for days, a, b in route.computed_details["peak_times"]]
    return groups, peaks


def details_json(groups, peaks):
    return {
        "groups": [[group, str(percent)] for group, percent in groups],
        "peak_times": [
            [days, *(None if time is None else time.isoformat() for time in (start, end))]
            for days, start, end in peaks
        ],
    }


def shown_row(route):
    figures = (route.collisions_last_3_months, route.increase_on_5_year_average)
    return (route.order, route.road, *figures, *shown_details(route))


def computed_row(route):
    figures = (route.computed_collisions, route.computed_increase)
    return (route.order, route.road, *figures, *computed_details(route))


def route_rows(held, now):
    """[(computed row, the figures to show, what was kept in words)] for the new table."""
    by_road = {route.road: route for route in held}
    return [(row, *carried(by_road.get(row[1]), row)) for row in now]


def carried(old, row):
    """The figures to show for a computed row: the editor's where the editor had changed
    the same road's, else the computed."""
    _, road, collisions, increase, groups, peaks = row
    shown = {"collisions": collisions, "increase": increase, "groups": groups, "peaks": peaks}
    said = []
    if old is None:
        return shown, said
    if edited(old, "collisions_last_3_months", "computed_collisions"):
        shown["collisions"] = old.collisions_last_3_months
        said.append(
            f"{road}: kept the editor's {shown['collisions']} collisions; computed now {collisions}"
        )
    if edited(old, "increase_on_5_year_average", "computed_increase"):
        shown["increase"] = old.increase_on_5_year_average
        said.append(
            f"{road}: kept the editor's increase of {plain(shown['increase'])}%; "
            f"computed now {plain(increase)}%"
        )
    as_shown, as_computed = shown_details(old), computed_details(old)
    for (name, words), kept, computed in zip(DETAILS, as_shown, as_computed, strict=True):
        if kept != computed:
            shown[name] = kept
            said.append(f"{road}: kept the editor's {words}")
    return shown, said


def dropped(held, now):
    """Words for each route an editor had changed that leaves the table."""
    roads = {row[1] for row in now}
    return [
        f"{route.road}: no longer in the table, with the editor's changes to it"
        for route in held
        if route.road not in roads and shown_row(route)[2:] != computed_row(route)[2:]
    ]


def route_of(period, row, shown, source):
    order, road, collisions, increase, groups, peaks = row
    return KsiRoute(
        period=period,
        road=road,
        order=order,
        collisions_last_3_months=shown["collisions"],
        increase_on_5_year_average=shown["increase"],
        computed_collisions=collisions,
        computed_increase=increase,
        computed_details=details_json(groups, peaks),
        computed_from=source,
    )


def details_of(routes, shown):
    """The vulnerable groups and peak times of the routes made, as each is to be shown."""
    groups, peaks = [], []
    for route, figures in zip(routes, shown, strict=True):
        for order, (group, percent) in enumerate(figures["groups"], start=1):
            groups.append(
                KsiVulnerableGroup(route=route, group=group, order=order, percent=percent)
            )
        for days, start, end in figures["peaks"]:
            peaks.append(KsiPeakTime(route=route, days=days, start_time=start, end_time=end))
    return groups, peaks


def district_rows_kept(held, now):
    """As route_rows, for the top districts: an editor's count of a district still listed
    is kept."""
    by_code = {district.district_code: district for district in held}
    rows = []
    for row in now:
        _, code, collisions = row
        old, said = by_code.get(code), []
        if old is not None and edited(old, "collisions"):
            said = [
                f"{label_of(code)}: kept the editor's {old.collisions} KSI collisions; "
                f"computed now {collisions}"
            ]
            collisions = old.collisions
        rows.append((row, {"collisions": collisions}, said))
    return rows


def district_of(period, row, shown, source):
    order, code, collisions = row
    return KsiDistrict(
        period=period,
        order=order,
        district_code=code,
        name=name_of(code),
        collisions=shown["collisions"],
        computed_collisions=collisions,
        computed_from=source,
    )
