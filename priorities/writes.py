"""The one way rows are written in bulk (feeds, uploads, generated data, and any importer):
bulk_create and bulk_update call no save() and send no signals, so the rules a save keeps
are kept here, together, in one transaction:

- the freeze: a row of a published period, or one such a row shows, is not updated
  (priorities.freeze, through the queryset's update);
- the versions: each updated row is locked and must still be at the version it was read at,
  and its version moves on (priorities.locking);
- the audit trail records each row created and each row changed (essexperf.audit);
- the pages' data version is renewed, so no page or list shows what was cached before
  (essexperf.pagecache).

Rows created in one call may refer to each other (a figure compared with another figure of
the same batch): such a reference is written once the row it names has its id.
"""

from django.db import transaction

from essexperf.audit.recording import record_changes
from essexperf.pagecache.versions import data_changed
from priorities.locking import bump_version


class StaleRows(Exception):
    """A row changed between reading the batch's rows and writing them."""


def write_rows(model, *, created=(), updated=(), fields=(), before=None, audit=True):
    """Insert `created` and update `fields` of `updated` (rows of `model` read at their
    version), keeping every rule above; `before` maps each updated row's id to its audited
    values as read. `audit=False` is for generated data alone: the trail is of the changes
    people and systems make."""
    created, updated = list(created), list(updated)
    # Within a caller's transaction, no savepoint: a failure here fails the whole of it.
    with transaction.atomic(savepoint=False):
        lock_and_bump(model, updated)
        links = unlink_new(model, created)
        model.objects.bulk_create(created)
        if updated:
            model.objects.bulk_update(updated, [*fields, "version"])
        if links:
            # Part of creating these rows, not a change to them: not checked as one.
            names = sorted({name for name, _, _ in links})
            model._base_manager.bulk_update(relink(links), names)
        if audit:
            record_changes(created=created, updated=updated, before=before)
        data_changed()
    return created


def lock_and_bump(model, rows):
    """Lock the rows about to be updated, check none changed since read, bump each version.
    Ordered by key alone: PostgreSQL cannot lock the outer join a Meta.ordering may add."""
    if not rows:
        return
    stored = dict(
        model._base_manager.select_for_update()
        .filter(pk__in=[row.pk for row in rows])
        .order_by("pk")
        .values_list("pk", "version")
    )
    if any(stored.get(row.pk) != row.version for row in rows):
        raise StaleRows
    for row in rows:
        bump_version(row)


def self_references(model):
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is model
    ]


def unlink_new(model, rows):
    """[(field name, row, the new row it names)]: each reference from a row to another row
    not yet saved, cleared until that one has its id."""
    links = []
    for name in self_references(model):
        for row in rows:
            target = getattr(row, name)
            if target is not None and target.pk is None:
                links.append((name, row, target))
                setattr(row, name, None)
    return links


def relink(links):
    for name, row, target in links:
        setattr(row, name, target)
    return list({id(row): row for _, row, _ in links}.values())
