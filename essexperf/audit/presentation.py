"""A recorded change as people read it: field labels, and values before and after."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: object
    after: object


def field_changes(change):
    """What the change did to each field it set, changed or cleared, labelled as the admin
    labels the field (the name itself for a field the model no longer has)."""
    model = change.content_type.model_class()
    return [
        FieldChange(label(model, name), before, after)
        for name, before, after in change.changed_fields()
    ]


def label(model, name):
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
