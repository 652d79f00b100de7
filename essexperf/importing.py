"""What every importer shares: checking parsed items, finding rows by natural key, counting.

An importer turns parsed data (the dicts and lists tomllib gives) into rows. It finds each
row by its natural key and creates it only when it is missing: a row that exists is left
exactly as it is, so what staff edited or added survives and a second run changes nothing.
Every new row passes full_clean() first, so the models' own rules apply to imported data.
"""

from collections import Counter
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ImportDataError(Exception):
    """Data that cannot be imported, naming the item; the caller adds the file it came from."""

    def __init__(self, item, message):
        super().__init__(f"{item}: {message}")


class Tally:
    """Rows created and rows found already present, counted per model label."""

    def __init__(self):
        self.created = Counter()
        self.present = Counter()

    def count_created(self, model):
        self.created[model._meta.label] += 1

    def count_present(self, model, number=1):
        self.present[model._meta.label] += number

    def add(self, other):
        self.created.update(other.created)
        self.present.update(other.present)

    def total_created(self):
        return sum(self.created.values())

    def total_present(self):
        return sum(self.present.values())


def check_keys(item, label, required=(), optional=()):
    """Return the item once it has every required key and no unknown one (a likely typo)."""
    if not isinstance(item, dict):
        raise ImportDataError(label, "expected a table of values")
    missing = [key for key in required if key not in item]
    if missing:
        raise ImportDataError(label, f"missing {', '.join(missing)}")
    unknown = sorted(set(item) - set(required) - set(optional))
    if unknown:
        raise ImportDataError(label, f"unknown {', '.join(unknown)}")
    return item


def list_of(item, key, label):
    """The list of tables under key (an absent key is an empty list)."""
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        raise ImportDataError(label, f"{key} must be a list of tables")
    return value


def decimal(value, label):
    """A number as an exact Decimal: TOML's floats go through their shortest text form."""
    if isinstance(value, bool):
        raise ImportDataError(label, f"{value!r} is not a number")
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ImportDataError(label, f"{value!r} is not a number") from error


def describe(error):
    """A ValidationError as one line: "field: message; other: message"."""
    if not hasattr(error, "error_dict"):
        return "; ".join(error.messages)
    parts = []
    for field, messages in error.message_dict.items():
        prefix = "" if field == NON_FIELD_ERRORS else f"{field}: "
        parts.append(prefix + " ".join(messages))
    return "; ".join(parts)


def find(rows, label, **lookups):
    """The first of the rows (a model or queryset) matching the lookups, or None.

    A value the field cannot hold (a date such as 2017-02-30, a word for a number) is an
    error about the item rather than a crash.
    """
    manager = getattr(rows, "objects", rows)
    try:
        return manager.filter(**lookups).first()
    except ValidationError as error:
        raise ImportDataError(label, describe(error)) from error
    except (TypeError, ValueError) as error:
        raise ImportDataError(label, str(error)) from error


def create(model, label, tally, **values):
    """Validate a new row with full_clean() and save it."""
    row = model(**values)
    try:
        row.full_clean()
    except ValidationError as error:
        raise ImportDataError(label, describe(error)) from error
    row.save()
    tally.count_created(model)
    return row


def find_or_create(model, label, tally, key, values):
    """The row with this natural key, left as it is, or a new one made of key and values."""
    row = find(model, label, **key)
    if row is not None:
        tally.count_present(model)
        return row
    return create(model, label, tally, **key, **values)
