"""One ObjectChange per row created, changed or deleted in the audited apps.

Saves and deletes through the ORM are recorded by signals, so no model or view has to
remember to. Writes that send no signals (bulk_create, bulk_update) are made through
priorities.writes, which calls record_changes with the rows written.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from essexperf.audit.context import current_actor, who
from essexperf.audit.models import ObjectChange, differs
from essexperf.audit.values import field_values

AUDITED_APPS = ("priorities", "metrics", "inspections", "api")
CREATE, UPDATE, DELETE = ObjectChange.Action


def audited_models():
    for label in AUDITED_APPS:
        yield from apps.get_app_config(label).get_models()


def connect_signals():
    for model in audited_models():
        uid = f"audit:{model._meta.label_lower}"
        pre_save.connect(remember_stored_values, sender=model, dispatch_uid=uid)
        post_save.connect(record_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(record_nulled_references, sender=model, dispatch_uid=uid)
        post_delete.connect(record_delete, sender=model, dispatch_uid=uid)


def record_changes(*, created=(), updated=(), deleted=(), before=None):
    """Record rows created, updated and deleted, in one INSERT, and return the records: for
    writes that send no signals. Rows hold the values written; `before` maps each updated
    row's primary key to its recorded_values as they were (a row left as it was is not
    recorded)."""
    before = before or {}
    return write(
        [(CREATE, row, None, recorded_values(row)) for row in created]
        + [(UPDATE, row, before.get(row.pk), recorded_values(row)) for row in updated]
        + [(DELETE, row, recorded_values(row), None) for row in deleted]
    )


def write(rows):
    """Record (action, instance, before, after) rows, made by the current actor."""
    actor = current_actor()
    user, user_name = who(actor)
    now = timezone.now()
    changes = [
        ObjectChange(
            time=now,
            user_id=user.pk if user else None,
            user_name=user_name,
            request_id=actor.request_id,
            action=action,
            content_type=ContentType.objects.get_for_model(instance),
            object_id=instance.pk,
            object_repr=describe(instance),
            before=before,
            after=after,
        )
        for action, instance, before, after in rows
        if action != UPDATE or differs(type(instance), before, after)
    ]
    return ObjectChange.objects.bulk_create(changes) if changes else []


def describe(instance):
    try:
        text = str(instance)
    except (ObjectDoesNotExist, TypeError, ValueError):
        # A row deleted along with what its name is made of, or saved with values still
        # as text ("2017-06-30"), which its __str__ may not format until read back.
        text = f"{instance._meta.verbose_name} {instance.pk}"
    return text[: ObjectChange._meta.get_field("object_repr").max_length]


def recorded_values(instance):
    """The row's field values, less those its model keeps out of the audit trail
    (`unrecorded_fields`, such as an API token's prefix and hash)."""
    left_out = getattr(type(instance), "unrecorded_fields", ())
    return {name: value for name, value in field_values(instance).items() if name not in left_out}


def stored_values(model, pk):
    row = model._base_manager.filter(pk=pk).first() if pk is not None else None
    return None if row is None else recorded_values(row)


def remember_stored_values(sender, instance, **kwargs):
    # One query per save of an existing row, so "before" is what the database held.
    instance._audit_before = stored_values(sender, instance.pk)


def record_save(sender, instance, created, update_fields=None, **kwargs):
    before = instance.__dict__.pop("_audit_before", None)
    if created or before is None:
        record_changes(created=[instance])
        return
    after = recorded_values(instance)
    if update_fields:
        # Only these fields were written: the row's others stay as the database holds them.
        written = {sender._meta.get_field(name).name for name in update_fields}
        after = {name: after[name] if name in written else value for name, value in before.items()}
    write([(UPDATE, instance, before, after)])


def record_delete(sender, instance, **kwargs):
    record_changes(deleted=[instance])


def record_nulled_references(sender, instance, **kwargs):
    """Rows whose reference to the deleted one is set to null change without a signal."""
    audited = set(audited_models())
    for relation in instance._meta.related_objects:
        if relation.on_delete is not models.SET_NULL or relation.related_model not in audited:
            continue
        field = relation.field
        rows = list(relation.related_model._base_manager.filter(**{field.name: instance}))
        before = {row.pk: recorded_values(row) for row in rows}
        for row in rows:
            setattr(row, field.attname, None)
        record_changes(updated=rows, before=before)
