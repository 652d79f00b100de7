"""A row's field values as JSON, for the audit trail's before and after and for the archive.

Each value is written so that equal values always read the same: decimals to their field's
places (100 and 100.0000 are one value), dates and times in ISO 8601 with every digit
(the JSON encoder Django ships drops microseconds) and moments in UTC, UUIDs as text.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import models


def field_values(instance):
    """{field name: JSON value} of every column of the instance; foreign keys as ids."""
    return {
        field.name: json_value(field, field.value_from_object(instance))
        for field in instance._meta.concrete_fields
    }


def json_value(field, value):
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        return decimal_text(field, value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # One instant, one text, whichever time zone the value came in.
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool | int | float | str | dict | list):
        return value
    # UUIDs, and anything else a field may hold, as text.
    return str(value)


def decimal_text(field, value):
    try:
        exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-field.decimal_places))
    except InvalidOperation:
        return str(value)
    return str(exact)


def python_value(field, value):
    """The value a field holds for what json_value wrote."""
    return None if value is None else field.to_python(value)
