"""Import areas, metrics, their observations and targets, and a period's KSI tables.

Parsed data in, rows out. Natural keys: an area or a metric by slug; an observation by
metric, area, start and end date; a target by metric, area and due date; a KSI total by
period and area; a KSI route by period and road. Only missing rows are created (see
essexperf.importing for the rules all importers share).
"""

from essexperf.importing import (
    ImportDataError,
    check_keys,
    create,
    decimal,
    find,
    find_or_create,
    list_of,
)
from metrics.models import (
    Area,
    KsiPeakTime,
    KsiRoute,
    KsiTotal,
    KsiVulnerableGroup,
    Metric,
    Observation,
    Target,
)
from priorities.importers import find_commitment, find_period, find_plan
from priorities.models import Priority

OBSERVATION_OPTIONAL = (
    "compared_with",
    "reported_in",
    "source",
    "data_to",
    "caveat",
    "denominator",
)
OBSERVATION_REQUIRED = ("metric", "area", "start_date", "end_date", "value", "basis")


def find_by_slug(model, slug, label):
    row = find(model, label, slug=slug)
    if row is None:
        name = model._meta.verbose_name
        raise ImportDataError(label, f"no {name} {slug!r}: load the {name}s first")
    return row


def import_areas(data, tally):
    """[[areas]]: slug, name, kind and the slug of the area it lies within, listed before it."""
    check_keys(data, "the file", required=("areas",))
    for item in list_of(data, "areas", "the file"):
        label = f"area {item.get('slug', '(no slug)')}"
        check_keys(item, label, required=("slug", "name", "kind"), optional=("parent",))
        parent = find_by_slug(Area, item["parent"], label) if "parent" in item else None
        find_or_create(
            Area,
            label,
            tally,
            key={"slug": item["slug"]},
            values={"name": item["name"], "kind": item["kind"], "parent": parent},
        )


def import_metrics(data, tally):
    """[[metrics]] of a plan, each tied to the commitment (or priority) it evidences."""
    check_keys(data, "the file", required=("plan", "metrics"))
    plan = find_plan(data["plan"], "plan")
    for item in list_of(data, "metrics", "the file"):
        import_metric(plan, item, tally)


def import_metric(plan, item, tally):
    label = f"metric {item.get('slug', '(no slug)')}"
    check_keys(
        item,
        label,
        required=("slug", "name", "unit", "measure"),
        optional=("description", "up_is", "priority", "commitment", "minimum", "maximum"),
    )
    values = {key: item[key] for key in ("name", "unit", "measure")}
    values.update(
        description=item.get("description", ""),
        up_is=item.get("up_is", Metric.UpIs.NEUTRAL),
        minimum=decimal(item["minimum"], label) if "minimum" in item else None,
        maximum=decimal(item["maximum"], label) if "maximum" in item else None,
    )
    if "commitment" in item:
        values["commitment"] = find_commitment(plan, item["commitment"], label)
        values["priority"] = values["commitment"].priority
    if "priority" in item:
        values["priority"] = find(Priority, label, plan=plan, number=item["priority"])
        if values["priority"] is None:
            raise ImportDataError(label, f"{plan} has no priority {item['priority']}")
    return find_or_create(Metric, label, tally, key={"slug": item["slug"]}, values=values)


def import_figures(data, tally):
    """[[observations]] and [[targets]]; a [defaults] table fills keys an observation omits."""
    check_keys(data, "the file", optional=("defaults", "observations", "targets"))
    defaults = check_keys(
        data.get("defaults", {}), "defaults", optional=("area", *OBSERVATION_OPTIONAL)
    )
    for item in list_of(data, "observations", "the file"):
        import_observation({**defaults, **item}, tally)
    for item in list_of(data, "targets", "the file"):
        import_target(item, tally)


def import_observation(item, tally):
    label = (
        f"observation {item.get('metric', '(no metric)')} {item.get('area', '(no area)')} "
        f"{item.get('start_date', '?')} to {item.get('end_date', '?')}"
    )
    check_keys(item, label, required=OBSERVATION_REQUIRED, optional=OBSERVATION_OPTIONAL)
    metric = find_by_slug(Metric, item["metric"], label)
    area = find_by_slug(Area, item["area"], label)
    values = {
        "value": decimal(item["value"], label),
        "basis": item["basis"],
        "source": item.get("source", ""),
        "data_to": item.get("data_to"),
        "caveat": item.get("caveat", ""),
        "denominator": item.get("denominator"),
    }
    if "reported_in" in item:
        values["reported_in"] = find_period(item["reported_in"], label)
    if "compared_with" in item:
        values["compared_with"] = find_earlier(metric, area, item["compared_with"], label)
    key = {
        "metric": metric,
        "area": area,
        "start_date": item["start_date"],
        "end_date": item["end_date"],
    }
    return find_or_create(Observation, label, tally, key=key, values=values)


def find_earlier(metric, area, item, label):
    """The observation compared with: same metric, same area unless it names another."""
    check_keys(item, f"{label}, compared_with", ("start_date", "end_date"), ("area",))
    if "area" in item:
        area = find_by_slug(Area, item["area"], label)
    earlier = find(
        Observation,
        label,
        metric=metric,
        area=area,
        start_date=item["start_date"],
        end_date=item["end_date"],
    )
    if earlier is None:
        raise ImportDataError(
            label,
            f"no {metric.slug} observation for {area.slug} from {item['start_date']} to "
            f"{item['end_date']} to compare with: list it first",
        )
    return earlier


def import_target(item, tally):
    label = f"target {item.get('metric', '(no metric)')} by {item.get('due_date', '?')}"
    check_keys(item, label, required=("metric", "area", "value", "due_date"), optional=("note",))
    key = {
        "metric": find_by_slug(Metric, item["metric"], label),
        "area": find_by_slug(Area, item["area"], label),
        "due_date": item["due_date"],
    }
    values = {"value": decimal(item["value"], label), "note": item.get("note", "")}
    return find_or_create(Target, label, tally, key=key, values=values)


def import_ksi(data, tally):
    """A period's KSI casualty [[totals]] and its table of [[routes]], rows in order."""
    check_keys(data, "the file", required=("period",), optional=("totals", "routes"))
    period = find_period(data["period"], "period")
    for item in list_of(data, "totals", "the file"):
        import_ksi_total(period, item, tally)
    for order, item in enumerate(list_of(data, "routes", "the file"), start=1):
        import_ksi_route(period, order, item, tally)


def import_ksi_total(period, item, tally):
    label = f"KSI total {item.get('area', '(no area)')}"
    fields = ("start_date", "end_date", "casualties", "casualties_year_before")
    check_keys(item, label, required=("area", *fields), optional=("note",))
    values = {key: item[key] for key in fields}
    values["note"] = item.get("note", "")
    key = {"period": period, "area": find_by_slug(Area, item["area"], label)}
    return find_or_create(KsiTotal, label, tally, key=key, values=values)


def import_ksi_route(period, order, item, tally):
    label = f"KSI route {item.get('road', '(no road)')}"
    check_keys(
        item,
        label,
        required=("road", "collisions_last_3_months", "increase_on_5_year_average"),
        optional=("vulnerable_groups", "peak_times"),
    )
    groups = list_of(item, "vulnerable_groups", label)
    peaks = list_of(item, "peak_times", label)
    existing = find(KsiRoute, label, period=period, road=item["road"])
    if existing is not None:
        # A route's cells belong to it: where it exists, staff keep them as they are.
        tally.count_present(KsiRoute)
        tally.count_present(KsiVulnerableGroup, len(groups))
        tally.count_present(KsiPeakTime, len(peaks))
        return existing
    route = create(
        KsiRoute,
        label,
        tally,
        period=period,
        road=item["road"],
        order=order,
        collisions_last_3_months=item["collisions_last_3_months"],
        increase_on_5_year_average=decimal(item["increase_on_5_year_average"], label),
    )
    import_route_cells(route, groups, peaks, label, tally)
    return route


def import_route_cells(route, groups, peaks, label, tally):
    for order, group in enumerate(groups, start=1):
        group_label = f"{label}, vulnerable group {group.get('group', '(no group)')}"
        check_keys(group, group_label, required=("group", "percent"))
        create(
            KsiVulnerableGroup,
            group_label,
            tally,
            route=route,
            group=group["group"],
            order=order,
            percent=decimal(group["percent"], group_label),
        )
    for peak in peaks:
        peak_label = f"{label}, peak time {peak.get('days', '(no days)')}"
        check_keys(peak, peak_label, required=("days",), optional=("start_time", "end_time"))
        create(
            KsiPeakTime,
            peak_label,
            tally,
            route=route,
            days=peak["days"],
            start_time=peak.get("start_time"),
            end_time=peak.get("end_time"),
        )
