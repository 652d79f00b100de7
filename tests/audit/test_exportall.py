"""exportall: a versioned archive, its progress on stderr and a one-line summary."""

import gzip
import json

import pytest
from django.core.management import call_command

from essexperf.audit.archive import FORMAT, VERSION
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_the_archive_starts_with_its_format_version_and_migration_state(tmp_path):
    path = tmp_path / "archive.jsonl"
    call_command("exportall", str(path), verbosity=0)

    header = json.loads(path.read_text().splitlines()[0])
    assert (header["format"], header["version"]) == (FORMAT, VERSION)
    assert "0001_initial" in header["migrations"]["priorities"]
    assert "0001_initial" in header["migrations"]["audit"]


def test_each_table_is_named_with_its_columns_then_its_rows(tmp_path):
    PlanFactory(title="Police and Crime Plan 2016-2020")
    path = tmp_path / "archive.jsonl.gz"
    call_command("exportall", str(path), verbosity=0)

    with gzip.open(path, "rt") as stream:
        lines = [json.loads(line) for line in stream]
    tables = [line.get("table") if isinstance(line, dict) else None for line in lines]
    start = tables.index("priorities.plan")
    columns = ["id", "version", "title", "organisation", "start_date", "end_date"]
    assert lines[start]["columns"] == columns
    assert lines[start + 1][1:] == [
        1,
        "Police and Crime Plan 2016-2020",
        "Police and Crime Commissioner for Essex",
        "2016-04-01",
        "2020-03-31",
    ]


def test_it_reports_each_table_on_stderr_and_sums_up_in_one_line(tmp_path, capsys):
    PlanFactory()
    call_command("exportall", str(tmp_path / "archive.jsonl"))

    out, err = capsys.readouterr()
    assert "priorities.plan: 1 rows" in err.splitlines()
    assert out.count("\n") == 1
    assert out.startswith("Exported ")
