"""Downloads keep a spreadsheet from running text as a formula: a quote goes before any text
that a spreadsheet program would read as one, in CSV and in Excel alike."""

from types import SimpleNamespace

import pytest

from essexperf.exports import Column, Sheet, streaming_download
from tests.api_helpers import parse_csv, parse_xlsx

# Text that a spreadsheet runs, or may run, as a formula: a sign first, after spaces, tabs
# or line breaks it skips, as a full-width sign, or after a quote that a re-upload would
# take for the guard (\uff1d is the full-width "=", \uff0b "+", \uff0d "-", \uff20 "@").
GUARDED = [
    "=1+1",
    "@SUM(A1)",
    " =1+1",
    "   +1+1",
    " \t@SUM(A1)",
    "\t=1+1",
    "\n=1+1",
    "\n\n-1+1",
    "\uff1d1+1",
    "\uff0b1+1",
    "\uff0d1+1",
    "\uff20SUM(A1)",
    " \uff1d1+1",
    "\n\uff0b1",
    "'=1+1",
    "''+1",
]
LEFT_AS_THEY_ARE = ["1 = 1", "Rises+falls", " Leading space", "'Quoted", "E=mc2", "ー1"]


def download(fmt, texts):
    rows = [SimpleNamespace(text=text) for text in texts]
    return streaming_download(fmt, [Sheet("Texts", [Column("Text", "text")], rows)], "texts")


def csv_texts(texts):
    header, *rows = parse_csv(download("csv", texts))
    assert header == ["Text"]
    return [row[0] for row in rows]


def xlsx_texts(texts):
    header, *rows = parse_xlsx(download("xlsx", texts))["Texts"]
    assert header == ["Text"]
    return [row[0] for row in rows]


@pytest.mark.parametrize("read", [csv_texts, xlsx_texts], ids=["csv", "xlsx"])
@pytest.mark.parametrize("text", GUARDED)
def test_text_a_spreadsheet_would_run_gets_a_quote_before_it(read, text):
    assert read([text]) == ["'" + text]


@pytest.mark.parametrize("read", [csv_texts, xlsx_texts], ids=["csv", "xlsx"])
@pytest.mark.parametrize("text", LEFT_AS_THEY_ARE)
def test_other_text_is_written_as_it_is(read, text):
    assert read([text]) == [text]


def test_a_carriage_return_before_a_sign_is_guarded_in_csv():
    assert csv_texts(["\r=1+1", "\r\n-1+1"]) == ["'\r=1+1", "'\r\n-1+1"]


def test_a_character_excel_cannot_hold_is_dropped_before_the_guard_is_decided():
    # Without it the cell starts with "=": it must be guarded as such.
    assert xlsx_texts(["\x01=1+1", "\x08\x0b+1"]) == ["'=1+1", "'+1"]
