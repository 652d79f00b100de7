"""Importing STATS19 files: each file in one transaction, in batches of rows, keeping the
configured police force's collisions and the casualties and vehicles of collisions kept.

Idempotent by natural key (a collision by its index, a casualty or vehicle by its collision
and reference): a row already held as read is left unchanged, one that differs is updated,
and nothing is duplicated. Batches go through priorities.writes.write_rows, the one bulk
write: these records belong to no report edition, so its freeze check finds nothing to
refuse, but it still checks and moves on their versions, records each row in the audit
trail and renews the pages' data version, all in the file's transaction, which is what a
second small write function would have had to repeat."""

from itertools import islice

from essexperf.audit.recording import recorded_values
from metrics.import_runs import Counts, data_source, run_import
from metrics.models import Casualty, Collision, DataSource, Vehicle
from metrics.stats19.columns import CASUALTIES, COLLISIONS
from metrics.stats19.reading import rows
from metrics.stats19.values import VALUES, RowError, index, key_of
from priorities.writes import write_rows

BATCH = 1000
SOURCE_NAME = "DfT road casualty records (STATS19)"
MODELS = {COLLISIONS: Collision, CASUALTIES: Casualty, "vehicles": Vehicle}
KEY_FIELD = {CASUALTIES: "casualty_reference", "vehicles": "vehicle_reference"}


def ordered(found):
    """Collision files first, so that casualties and vehicles find their collisions: told
    by name here (the DfT's names say collision or accident), and by columns when read."""
    return sorted(found, key=lambda source: not is_collisions(source.name))


def is_collisions(name):
    name = name.lower().rsplit("/", 1)[-1]
    return "collision" in name or "accident" in name


def summary(totals, force, dry_run):
    written = sum(counts.written for counts in totals)
    verb = "Would write" if dry_run else "Wrote"
    return (
        f"{verb} {written} rows of police force {force} from {len(totals)} files: "
        f"{sum(c.read for c in totals)} read, {sum(c.unchanged for c in totals)} unchanged, "
        f"{sum(c.skipped for c in totals)} skipped, {sum(c.rejected for c in totals)} rejected."
    )


def import_source(source, *, police_force, run_by, progress=None):
    """Import one CSV file (a source_files.Source) in one transaction; the Counts."""
    road_casualties = data_source(SOURCE_NAME, DataSource.Kind.ROAD_CASUALTIES)
    return run_import(
        source,
        road_casualties,
        run_by,
        lambda record: load(source, record, police_force, progress),
    )


def load(source, record, police_force, progress):
    with source.open() as binary:
        kind, numbered = rows(source, binary)
        counts = Counts(kind=kind)
        while batch := list(islice(numbered, BATCH)):
            counts.read += len(batch)
            parsed = parse(kind, batch, counts, police_force)
            write_batch(kind, parsed, record, counts)
            if progress is not None:
                progress(len(batch))
    return counts


def parse(kind, batch, counts, police_force):
    """{natural key: values} of the batch's rows to keep; rejected and skipped rows counted.
    A key repeated within a file: the later row is the one kept."""
    parsed = {}
    for number, cells in batch:
        try:
            key = (index(cells), key_of(kind, cells))
            values = VALUES[kind](cells)
        except RowError as error:
            counts.reject(number, error)
            continue
        if kind == COLLISIONS and values["police_force"] != police_force:
            counts.skipped += 1
            continue
        if kind == COLLISIONS:
            counts.dated(values["date"])
        parsed[key] = values
    return parsed


def write_batch(kind, parsed, record, counts):
    model = MODELS[kind]
    stored, keys = held(kind, parsed)
    created, updated, before = [], [], {}
    for key, values in parsed.items():
        if key[0] not in keys:
            # Its collision is not held: another force's, or not imported.
            counts.skipped += 1
            continue
        row = stored.get(key)
        if row is not None and all(getattr(row, name) == value for name, value in values.items()):
            counts.unchanged += 1
            continue
        if row is None:
            row = model(data_import=record, **new_key(kind, key, keys), **values)
            created.append(row)
        else:
            before[row.pk] = recorded_values(row)
            for name, value in values.items():
                setattr(row, name, value)
            row.data_import = record
            updated.append(row)
    if not created and not updated:
        # A batch of another force's rows, or of rows held already: no write to record.
        return
    fields = [*next(iter(parsed.values())), "data_import"]
    write_rows(model, created=created, updated=updated, fields=fields, before=before)
    counts.written += len(created) + len(updated)


def held(kind, parsed):
    """The stored rows of the batch's keys, and {collision index: collision id} of the
    collisions its rows may belong to (every index, for collisions themselves)."""
    indexes = {key[0] for key in parsed}
    if kind == COLLISIONS:
        found = Collision.objects.filter(collision_index__in=indexes)
        return {(row.collision_index, None): row for row in found}, indexes
    ids = dict(
        Collision.objects.filter(collision_index__in=indexes).values_list("collision_index", "id")
    )
    found = MODELS[kind].objects.filter(collision_id__in=ids.values()).select_related("collision")
    name = KEY_FIELD[kind]
    return {(row.collision.collision_index, getattr(row, name)): row for row in found}, ids


def new_key(kind, key, keys):
    if kind == COLLISIONS:
        return {"collision_index": key[0]}
    return {"collision_id": keys[key[0]], KEY_FIELD[kind]: key[1]}
