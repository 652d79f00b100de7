"""The API's model serializers answer the same JSON as REST framework's, at a fraction of its
cost on long lists: REST framework builds and binds every field of every nested serializer
for each request, and reads each value through a generic path; here a serializer class
works out once how each field is read, and a request only adds what depends on it.

- A plain value (text, number, date, choice) is one attribute lookup and the field's own
  to_representation, shared by every request. Such fields must render their value alone,
  as REST framework's do, without reading the request.
- A link to a row is the one link reversed for the request with a mark for the id, the
  mark replaced by each row's id.
- A method field calls the serializer's method; a nested serializer is bound for the
  request and reads its rows the same way.
- Any other field is bound for the request and read as REST framework reads it.

Where the quick lookup cannot tell (a missing related row, a method as source, a mapping),
the value is read as REST framework reads it.
"""

import copy
from operator import attrgetter

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import fields, relations, serializers
from rest_framework.reverse import reverse

# Stands for the id in a link reversed once a request, so any id can take its place.
ID_MARK = "id0mark0id"
# Returned for a field left out of the row, as REST framework's SkipField leaves it out.
SKIPPED = object()
PLAIN_FIELDS = (
    fields.BooleanField,
    fields.CharField,
    fields.ChoiceField,
    fields.DateField,
    fields.DateTimeField,
    fields.DecimalField,
    fields.FloatField,
    fields.IntegerField,
    fields.ReadOnlyField,
    fields.TimeField,
)


def drf_value(field, source_attrs, instance):
    """The value as Field.get_attribute finds it, SKIPPED where it leaves the field out."""
    try:
        return fields.get_attribute(instance, source_attrs)
    except (KeyError, AttributeError):
        if field.allow_null:
            return None
        if not field.required:
            return SKIPPED
        raise


def value_reader(field, name, represent):
    """A function of a row giving the field's JSON value: its value found with one
    attribute lookup where that can tell, then represented (None stays None)."""
    source = field.source or name
    if source == "*":
        return represent
    source_attrs = source.split(".")
    get = attrgetter(source)

    def read(instance):
        try:
            value = get(instance)
        except (AttributeError, ObjectDoesNotExist):
            value = drf_value(field, source_attrs, instance)
        else:
            if callable(value):
                value = drf_value(field, source_attrs, instance)
        if value is None or value is SKIPPED:
            return value
        return represent(value)

    return read


def kind_of(field):
    """How a field is read (see the module's docstring); None for one never written out."""
    if field.write_only:
        return None
    if isinstance(field, relations.HyperlinkedIdentityField) and field.lookup_field == "pk":
        return "link"
    if isinstance(field, serializers.SerializerMethodField):
        return "method"
    if isinstance(field, (serializers.ListSerializer, QuickModelSerializer)):
        return "nested"
    default_reading = type(field).get_attribute is fields.Field.get_attribute
    if isinstance(field, PLAIN_FIELDS) and default_reading and field.default is fields.empty:
        return "plain"
    return "other"


def class_plan(serializer):
    """[(name, kind, prototype field, reader shared by every request or None)] of the
    serializer's class, made once."""
    cls = type(serializer)
    plan = cls.__dict__.get("_class_plan")
    if plan is None:
        plan = []
        for name, field in serializer.get_fields().items():
            kind = kind_of(field)
            if kind == "plain":
                reader = value_reader(field, name, field.to_representation)
                plan.append((name, kind, field, reader))
            elif kind is not None:
                plan.append((name, kind, field, None))
        cls._class_plan = plan
    return plan


def link_maker(field, serializer):
    """A function making a row's link from the one link reversed for this request, with
    its format as REST framework would give it."""
    request = serializer.context["request"]
    fmt = serializer.context.get("format")
    if fmt and field.format and field.format != fmt:
        fmt = field.format
    kwargs = {field.lookup_url_kwarg: ID_MARK}
    template = reverse(field.view_name, kwargs=kwargs, request=request, format=fmt)
    prefix, _, suffix = str(template).partition(ID_MARK)
    return lambda row: None if row.pk is None else f"{prefix}{row.pk}{suffix}"


def bound(field, name, serializer):
    """A copy of a field bound to the serializer, as REST framework binds its fields."""
    field = copy.deepcopy(field)
    field.bind(field_name=name, parent=serializer)
    return field


def request_reader(name, kind, field, serializer):
    """A function reading a field that depends on the request, made for the serializer."""
    if kind == "link":
        return link_maker(field, serializer)
    if kind == "method":
        return getattr(serializer, field.method_name or f"get_{name}")
    field = bound(field, name, serializer)
    if kind == "nested":
        return value_reader(field, name, field.to_representation)

    def read(instance):
        try:
            value = field.get_attribute(instance)
        except fields.SkipField:
            return SKIPPED
        is_none = value.pk is None if isinstance(value, relations.PKOnlyObject) else value is None
        return None if is_none else field.to_representation(value)

    return read


class QuickModelSerializer(serializers.ModelSerializer):
    """A model serializer answering REST framework's JSON from a plan made once a class,
    completed once a request (see the module's docstring)."""

    def get_fields(self):
        # They depend on the class alone (its Meta and declared fields), never on a request.
        made = type(self).__dict__.get("_fields_made")
        if made is None:
            made = super().get_fields()
            type(self)._fields_made = made
        return copy.deepcopy(made)

    def to_representation(self, instance):
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self._plan = [
                (name, reader or request_reader(name, kind, field, self))
                for name, kind, field, reader in class_plan(self)
            ]
        row = {}
        for name, read in plan:
            value = read(instance)
            if value is not SKIPPED:
                row[name] = value
        return row
