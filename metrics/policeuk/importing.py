"""Importing police.uk's archive files as monthly figures: one metric per crime type (and
one for all crime), or per outcome type, each month force-wide and in each area the LSOA
lookup places crimes in. Each file is one transaction through the one bulk write
(priorities.writes.write_rows: freeze, versions, audit, data version).

A month imported again replaces that month's figures: every figure the file gives, and
every figure of the same source and month it no longer gives (now 0), is written where it
differs and left where it does not, so importing a file twice changes nothing. A figure
that a published period shows is never changed: the change is kept on the import as
withheld, for an approver to amend."""

from itertools import product

from django.conf import settings
from django.utils.text import slugify

from essexperf.audit.recording import recorded_values
from metrics.import_runs import Counts, data_source, run_import
from metrics.models import Area, DataSource, Metric, Observation
from metrics.numbers import plain
from metrics.policeuk.columns import OUTCOMES, STOP_AND_SEARCH, STREET
from metrics.policeuk.counting import ALL_CRIME, count, month_end
from metrics.policeuk.reading import FileError, rows
from priorities.freeze import frozen_rows
from priorities.writes import write_rows

SOURCES = {
    STREET: ("police.uk street-level crime", DataSource.Kind.POLICE_UK_CRIME),
    OUTCOMES: ("police.uk outcomes", DataSource.Kind.POLICE_UK_OUTCOMES),
}
MONTH = Observation.Basis.MONTH
ARCHIVE, API = "archive", "API"
# The metrics' slugs: pages find police.uk's crime figures by them (metrics.crime).
SLUG_PREFIX = "police-uk-"
OUTCOME_SLUG_PREFIX = f"{SLUG_PREFIX}outcome-"
ALL_CRIME_SLUG = slugify(f"{SLUG_PREFIX}{ALL_CRIME}")


def import_source(source, *, run_by, how=ARCHIVE, progress=None):
    """Import one CSV file (a source_files.Source); its Counts, or None for a stop and
    search file, which is passed over. `how` the file came: ARCHIVE, or API, whose rows
    give no LSOA and so replace the force-wide figures alone."""
    home = home_area()
    with source.open() as binary:
        kind, numbered = rows(source, binary)
        if kind == STOP_AND_SEARCH:
            return None
        name, source_kind = SOURCES[kind]

        def load(record):
            counts = Counts(kind=kind)
            tally = count(kind, numbered, counts, force=settings.POLICE_UK_FORCE, progress=progress)
            label, placed = f"{name}, {how}", how == ARCHIVE
            write_figures(kind, tally, record, counts, home=home, label=label, placed=placed)
            counts.unplaced = tally.unplaced
            return counts

        return run_import(source, data_source(name, source_kind), run_by, load)


def home_area():
    area = Area.objects.filter(slug=settings.POLICE_UK_AREA, kind=Area.Kind.FORCE).first()
    if area is None:
        raise FileError(
            f"No force area {settings.POLICE_UK_AREA!r} to count the figures in "
            "(POLICE_UK_AREA names the force area's slug)"
        )
    return area


def write_figures(kind, tally, record, counts, *, home, label, placed):
    """Write the tally's figures, and zeros for the source's figures of the same months that
    the file no longer gives (only force-wide ones, when its rows are not `placed` in
    areas); counts says what was written, unchanged and withheld."""
    metrics = metrics_of(kind, tally.types)
    areas = {area for _, _, area in tally.counts if area is not None} | {home.pk}
    # The rows a new figure names, so that describing it (the audit trail) reads none again.
    named = {"metrics": {m.pk: m for m in metrics.values()}, "areas": Area.objects.in_bulk(areas)}
    held = stored(record.source, tally.months, metrics.values(), areas)
    wanted = {
        (metrics[type_].pk, area or home.pk, month): value
        for (month, type_, area), value in tally.counts.items()
    }
    for key in product([metric.pk for metric in metrics.values()], areas, tally.months):
        wanted.setdefault(key, 0)
    for key, row in held.items():
        same_source = row.data_import is not None and row.data_import.source_id == record.source_id
        if same_source and (placed or row.area_id == home.pk):
            wanted.setdefault(key, 0)
    apply(wanted, held, record, counts, label, named)


def apply(wanted, held, record, counts, label, named):
    created, updated, before = [], [], {}
    frozen = frozen_ids([held[key] for key in wanted if key in held])
    for key, value in wanted.items():
        row = held.get(key)
        if row is None:
            created.append(new_figure(key, value, record, label, named))
        elif row.value == value:
            counts.unchanged += 1
        elif row.pk in frozen:
            counts.withhold(str(row), plain(row.value), value)
        else:
            before[row.pk] = recorded_values(row)
            renew(row, value, record, label)
            updated.append(row)
    fields = ["value", "source", "data_to", "data_import"]
    write_rows(Observation, created=created, updated=updated, fields=fields, before=before)
    counts.written += len(created) + len(updated)


def stored(source, months, metrics, areas):
    """{(metric id, area id, month): figure} held for the months: of these metrics and
    areas, or written by an earlier import of the same source."""
    by_months = Observation.objects.filter(start_date__in=months, basis=MONTH)
    found = by_months.filter(metric__in=list(metrics), area__in=areas) | by_months.filter(
        data_import__source=source
    )
    return {
        (row.metric_id, row.area_id, row.start_date): row
        for row in found.select_related("data_import", "metric", "area")
        if row.end_date == month_end(row.start_date)
    }


def frozen_ids(rows):
    pks = [row.pk for row in rows]
    return set(frozen_rows(Observation.objects.filter(pk__in=pks)).values_list("pk", flat=True))


def new_figure(key, value, record, label, named):
    metric, area, month = key
    return Observation(
        metric=named["metrics"][metric],
        area=named["areas"][area],
        start_date=month,
        end_date=month_end(month),
        value=value,
        basis=MONTH,
        source=f"{label} {month:%Y-%m}",
        data_to=month_end(month),
        data_import=record,
    )


def renew(row, value, record, label):
    row.value, row.data_import = value, record
    row.source, row.data_to = f"{label} {row.start_date:%Y-%m}", month_end(row.start_date)


def metrics_of(kind, types):
    """{type: its Metric}, each made where it is not yet held."""
    wanted = {type_: described(kind, type_) for type_ in types}
    slugs = [values["slug"] for values in wanted.values()]
    held = {metric.slug: metric for metric in Metric.objects.filter(slug__in=slugs)}
    new = [Metric(**values) for values in wanted.values() if values["slug"] not in held]
    write_rows(Metric, created=new)
    held.update({metric.slug: metric for metric in new})
    return {type_: held[values["slug"]] for type_, values in wanted.items()}


def described(kind, type_):
    """A new metric's name, slug and description for a crime or outcome type."""
    if kind == OUTCOMES:
        name, what = f"Outcome: {type_} (police.uk)", f"Outcomes recorded as “{type_}”"
    elif type_ == ALL_CRIME:
        name, what = f"{ALL_CRIME} (police.uk)", "Crimes of every type but anti-social behaviour"
    else:
        name, what = f"{type_} (police.uk)", f"{type_} recorded"
    return {
        "name": name[:200],
        "slug": slugify(f"{SLUG_PREFIX}{name.removesuffix(' (police.uk)')}")[:100],
        "description": f"{what} each month, as the force publishes them on police.uk.",
        "unit": Metric.Unit.COUNT,
        "measure": Metric.Measure.TOTAL,
        "up_is": Metric.UpIs.BAD if kind == STREET else Metric.UpIs.NEUTRAL,
    }


def summary(totals, dry_run=False):
    """One line: what was (or would be) written from the files, and what was not; a file
    passed over (stop and search) is None among the totals."""
    read = [counts for counts in totals if counts is not None]
    verb = "Would write" if dry_run else "Wrote"
    withheld = sum(counts.withheld_count for counts in read)
    return (
        f"{verb} {sum(c.written for c in read)} figures for {settings.POLICE_UK_FORCE} from "
        f"{len(read)} files ({len(totals) - len(read)} passed over): "
        f"{sum(c.read for c in read)} rows read, {sum(c.unchanged for c in read)} figures "
        f"unchanged, {withheld} withheld as published, {sum(c.skipped for c in read)} rows of "
        f"other forces, {sum(c.rejected for c in read)} rejected, "
        f"{sum(c.unplaced for c in read)} counted force-wide only."
    )
