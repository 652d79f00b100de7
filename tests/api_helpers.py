"""Helpers shared by the API tests: clients holding a token, and downloads parsed back."""

import csv
import io
import itertools

import openpyxl
from django.test import Client

from essexperf.api.models import ApiToken
from essexperf.site import api_urls

_token_names = itertools.count(1)


def token_client(can_write=False, can_read_drafts=False):
    """A client that sends a fresh token of its own, as another system would."""
    name = f"Test system {next(_token_names)}"
    _, secret = ApiToken.issue(name, can_write=can_write, can_read_drafts=can_read_drafts)
    return Client(HTTP_AUTHORIZATION=f"Token {secret}")


def read_body(response):
    """The whole body, read from the stream when the response is streamed."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def parse_csv(response):
    """The CSV rows as lists of strings, without the byte-order mark."""
    return list(csv.reader(io.StringIO(read_body(response).decode("utf-8-sig"))))


def csv_sections(rows):
    """{section name: its rows, header first} of a CSV holding several tables, each under
    its name and followed by a blank row."""
    sections, current = {}, None
    for row in rows:
        if not row:
            current = None
        elif current is None:
            current = sections.setdefault(row[0], [])
        else:
            current.append(row)
    return sections


def parse_xlsx(response):
    """{sheet name: rows as lists of cell values} of an .xlsx download, each row as wide as
    the header (empty cells are left out of the file, so a row may end early)."""
    workbook = openpyxl.load_workbook(io.BytesIO(read_body(response)), read_only=True)
    return {sheet.title: padded(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def padded(rows):
    rows = [list(row) for row in rows]
    width = len(rows[0]) if rows else 0
    return [row + [None] * (width - len(row)) for row in rows]


def as_dicts(rows):
    """Rows whose first is the header, as one dict per further row."""
    header, *rest = rows
    return [dict(zip(header, row, strict=True)) for row in rest]


def error_of(response, status):
    """The error body of a response, after checking its status and shape."""
    assert response.status_code == status, read_body(response)[:500]
    error = response.json()["error"]
    assert error["status"] == status
    assert error["code"]
    assert error["message"]
    return error


def model_resources():
    """The basenames of the API's resources that list a model's rows (with a detail and
    downloads each); a resource worked out from others, such as exceptions, has none."""
    return [
        basename
        for _, viewset, basename in api_urls.router.registry
        if getattr(viewset, "queryset", None) is not None
    ]
