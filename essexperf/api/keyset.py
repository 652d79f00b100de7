"""Cursor pages for lists too long to count: each page starts after the last row of the one
before, found through the list's order rather than by skipping rows, so the hundredth
thousand row comes as fast as the first, and rows written meanwhile neither repeat nor go
missing. There is no count: a client follows `next` until it is null.

A cursor names the row a page starts after (or, going back, before) by its values of the
list's order keys, which always end with the id, so that no two rows share them.
"""

import base64
import binascii
import json
from functools import reduce

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Q
from rest_framework import exceptions, pagination
from rest_framework.utils.urls import replace_query_param

INVALID_CURSOR = "Not a cursor of this list in this order: follow the next and previous links."


def order_keys(queryset):
    """[(field path, descending)] of the queryset's order, ending with the id."""
    names = list(queryset.query.order_by or queryset.model._meta.ordering)
    keys = []
    for name in names:
        if not isinstance(name, str):
            raise ImproperlyConfigured("Cursor pages need an order of field names.")
        path = name.lstrip("-")
        keys.append(("pk" if path in ("pk", "id") else path, name.startswith("-")))
    if not any(path == "pk" for path, _ in keys):
        keys.append(("pk", False))
    return keys


def key_field(model, path):
    """The model field at the end of a path such as metric__name. Neither it nor the
    relations on the way may be null: a row without a value would have no place before or
    after a cursor."""
    *relations, name = path.split("__")
    for relation in relations:
        field = model._meta.get_field(relation)
        if field.null or not field.many_to_one:
            raise ImproperlyConfigured(f"Cursor pages cannot be ordered by {path}.")
        model = field.related_model
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if field.null or field.is_relation:
        raise ImproperlyConfigured(f"Cursor pages cannot be ordered by {path}.")
    return field


def row_values(row, keys):
    """The row's value of each key, read through the relations it was selected with."""
    return [reduce(getattr, path.split("__"), row) for path, _ in keys]


def beyond(keys, values, backwards):
    """Rows after the cursor's in the keys' order (before it, going backwards)."""
    condition = None
    for (path, descending), value in reversed(list(zip(keys, values, strict=True))):
        further = Q(**{f"{path}__{'lt' if descending != backwards else 'gt'}": value})
        condition = further if condition is None else further | (Q(**{path: value}) & condition)
    (first, descending), value = keys[0], values[0]
    # Said apart, the first key's bound lets the database start its index scan there.
    bound = Q(**{f"{first}__{'lte' if descending != backwards else 'gte'}": value})
    return bound & condition


def order_text(keys):
    """The order as the ordering parameter writes it: metric__name,-end_date,pk."""
    return ",".join(f"{'-' if descending else ''}{path}" for path, descending in keys)


def encode(keys, values, backwards):
    """A cursor: the order it belongs to, the direction and the row's values, as URL-safe
    text (the same text for the same row, so a page's links can be compared)."""
    data = [order_text(keys), int(backwards), values]
    text = json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(text, keys, fields):
    """(values, backwards) of a cursor of this order, whose keys are these fields';
    ValidationError for any other text."""
    try:
        padded = text + "=" * (-len(text) % 4)
        order, backwards, values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if order != order_text(keys) or backwards not in (0, 1):
            raise ValueError(order)
        values = [field.to_python(value) for field, value in zip(fields, values, strict=True)]
        if None in values:
            raise ValueError(values)
    except (ValueError, TypeError, binascii.Error, ValidationError):
        raise exceptions.ValidationError({"cursor": [INVALID_CURSOR]}) from None
    return values, bool(backwards)


class KeysetPagination(pagination.CursorPagination):
    """Cursor pages in the list's order (its ordering parameter, or the model's), however
    many rows and however deep: `next` and `previous` links, and no count."""

    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    cursor_query_description = (
        "Where a page starts: leave it out for the first page, then follow the next and "
        "previous links, which carry it."
    )
    page_size_query_description = (
        f"Rows a page ({settings.API_PAGE_SIZE} by default, {settings.API_MAX_PAGE_SIZE} at most)."
    )

    def paginate_queryset(self, queryset, request, view=None):
        self.base_url = request.build_absolute_uri()
        self.page_size = self.get_page_size(request)
        keys = order_keys(queryset)
        fields = [key_field(queryset.model, path) for path, _ in keys]
        cursor = request.query_params.get(self.cursor_query_param)
        values, backwards = decode(cursor, keys, fields) if cursor else (None, False)
        if values is not None:
            queryset = queryset.filter(beyond(keys, values, backwards))
        order = [
            F(path).desc() if descending != backwards else F(path).asc()
            for path, descending in keys
        ]
        rows = list(queryset.order_by(*order)[: self.page_size + 1])
        further = len(rows) > self.page_size
        self.page = rows[: self.page_size][::-1] if backwards else rows[: self.page_size]
        self.has_next = further if not backwards else values is not None
        self.has_previous = further if backwards else values is not None
        self.links = {}
        if self.page:
            self.links["next"] = encode(keys, row_values(self.page[-1], keys), False)
            self.links["previous"] = encode(keys, row_values(self.page[0], keys), True)
        self.display_page_controls = self.template is not None and bool(self.page)
        return self.page

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        links = described["properties"]
        links["next"]["description"] = "The next page; null after the last. There is no count."
        links["previous"]["description"] = "The page before; null on the first."
        for link, backwards in (("next", False), ("previous", True)):
            cursor = encode([("pk", False)], [4321], backwards)
            links[link]["example"] = f"https://example.org/api/v1/observations/?cursor={cursor}"
        return described

    def get_next_link(self):
        return self.link("next") if self.has_next else None

    def get_previous_link(self):
        return self.link("previous") if self.has_previous else None

    def link(self, direction):
        cursor = self.links.get(direction)
        if cursor is None:
            return None
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)
