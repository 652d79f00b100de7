"""CSV and Excel as formats of every list endpoint (?format=csv, .xlsx suffix or Accept).

Lists stream their rows through essexperf.exports without passing here; these renderers
serve the rest, such as one object asked for as CSV, by flattening the JSON representation.
A field of choices holds its code, as in JSON, with its label in a column beside it, as in
the lists' downloads (essexperf.exports.labelled).
"""

import json

from rest_framework import renderers, serializers

from essexperf.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Column,
    Sheet,
    stream_csv,
    stream_xlsx,
)


def flatten(data, prefix=""):
    flat = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = json.dumps(value)
        else:
            flat[name] = value
    return flat


def choice_fields(serializer, prefix=""):
    """{flattened key: the choice field} of a serializer's fields of choices, its nested
    serializers' too (as flatten names them)."""
    found = {}
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            found.update(choice_fields(field, f"{prefix}{name}."))
        elif isinstance(field, serializers.ChoiceField):
            found[f"{prefix}{name}"] = field
    return found


def column_of(header, choices):
    """A column of a flattened row; for a field of choices, its code and then its label."""
    code = Column(header, lambda row: row.get(header))
    field = choices.get(header)
    if field is None:
        return [code]
    labels = {str(key): str(label) for key, label in field.choices.items()}
    # A code no longer among the choices is shown as it is, as in the lists' downloads.
    label = Column(f"{header}_label", lambda row: labels.get(row.get(header), row.get(header)))
    return [code, label]


def serializer_of(renderer_context):
    view = (renderer_context or {}).get("view")
    get_serializer = getattr(view, "get_serializer", None)
    return get_serializer() if get_serializer else None


def as_sheet(data, serializer=None):
    rows = data.get("results", [data]) if isinstance(data, dict) else list(data or [])
    rows = [flatten(row) for row in rows if isinstance(row, dict)]
    headers = list(dict.fromkeys(key for row in rows for key in row))
    choices = choice_fields(serializer) if serializer is not None else {}
    columns = [column for header in headers for column in column_of(header, choices)]
    return Sheet("Data", columns, rows)


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b"".join(stream_csv([as_sheet(data, serializer_of(renderer_context))]))


class XLSXRenderer(renderers.BaseRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b"".join(stream_xlsx([as_sheet(data, serializer_of(renderer_context))]))


EXPORT_CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
