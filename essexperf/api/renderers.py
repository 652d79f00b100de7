"""CSV and Excel as formats of every list endpoint (?format=csv, .xlsx suffix or Accept).

Lists stream their rows through essexperf.exports without passing here; these renderers
serve the rest, such as one object asked for as CSV, by flattening the JSON representation.
"""

import json

from rest_framework import renderers

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


def as_sheet(data):
    rows = data.get("results", [data]) if isinstance(data, dict) else list(data or [])
    rows = [flatten(row) for row in rows if isinstance(row, dict)]
    headers = list(dict.fromkeys(key for row in rows for key in row))
    columns = [Column(header, lambda row, header=header: row.get(header)) for header in headers]
    return Sheet("Data", columns, rows)


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b"".join(stream_csv([as_sheet(data)]))


class XLSXRenderer(renderers.BaseRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b"".join(stream_xlsx([as_sheet(data)]))


EXPORT_CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
