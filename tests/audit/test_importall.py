"""importall: what it refuses, when it asks first, and what it says."""

import json

import pytest
from django.core.management import CommandError, call_command

from priorities.models import Plan
from tests.audit.archive_helpers import every_row, flush_database
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(tmp_path):
    """An archive of one plan, and the database still holding it."""
    PlanFactory(title="Police and Crime Plan 2016-2020")
    path = tmp_path / "archive.jsonl"
    call_command("exportall", str(path), verbosity=0)
    return path


def rewrite(path, change_header=None, change_lines=None):
    header, *lines = path.read_text().splitlines()
    header = json.loads(header)
    if change_header:
        change_header(header)
    if change_lines:
        lines = change_lines(lines)
    path.write_text("\n".join([json.dumps(header), *lines]) + "\n")


def test_an_archive_of_another_format_version_is_refused(archive):
    rewrite(archive, change_header=lambda header: header.update(version=1))
    before = every_row()

    with pytest.raises(CommandError, match="format version 1"):
        call_command("importall", str(archive), interactive=False)

    assert every_row() == before


def test_an_archive_of_another_migration_state_is_refused(archive):
    rewrite(archive, change_header=lambda header: header["migrations"]["priorities"].pop())

    with pytest.raises(CommandError, match="another migration state of priorities"):
        call_command("importall", str(archive), interactive=False)


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Meeting notes\n")

    with pytest.raises(CommandError, match="not an archive"):
        call_command("importall", str(path), interactive=False)


def test_a_broken_row_near_the_end_changes_nothing(archive):
    rewrite(archive, change_lines=lambda lines: [*lines[:-1], "[1, 2]", lines[-1]])
    Plan.objects.update(title="Changed since the export")
    before = every_row()

    with pytest.raises(CommandError, match="holds 2 values"):
        call_command("importall", str(archive), interactive=False)

    assert every_row() == before


def test_it_asks_before_replacing_the_rows_held_and_stops_unless_told_yes(archive, monkeypatch):
    Plan.objects.update(title="Changed since the export")
    questions = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "no")

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("importall", str(archive))

    assert "Type 'yes'" in questions[0]
    assert Plan.objects.get().title == "Changed since the export"
    monkeypatch.setattr("builtins.input", lambda question: "yes")
    call_command("importall", str(archive), verbosity=0)
    assert Plan.objects.get().title == "Police and Crime Plan 2016-2020"


def test_an_empty_database_is_filled_without_a_question(archive, monkeypatch):
    flush_database()
    monkeypatch.setattr("builtins.input", pytest.fail)

    call_command("importall", str(archive), verbosity=0)

    assert Plan.objects.get().title == "Police and Crime Plan 2016-2020"


def test_it_reports_each_table_on_stderr_and_sums_up_in_one_line(archive, capsys):
    call_command("importall", str(archive), interactive=False)

    out, err = capsys.readouterr()
    assert "priorities.plan: 1 rows" in err.splitlines()
    assert out.count("\n") == 1
    assert out.startswith("Imported ")
    assert "rows of 37 tables from" in out


def plan_row(lines):
    """The index of the plan's row: the line after its table's."""
    return next(n for n, line in enumerate(lines) if '"table":"priorities.plan"' in line) + 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda lines: lines[:-1], "no end marker: it was cut short"),
        (lambda lines: lines[:-40], "no end marker: it was cut short"),
        (
            lambda lines: lines[: plan_row(lines)] + lines[plan_row(lines) + 1 :],
            "counts 1 rows of priorities.plan, but 0 were read",
        ),
        (
            lambda lines: [
                line.replace("Police and Crime Plan 2016-2020", "Police and Crime Plan 2016-2021")
                for line in lines
            ],
            "checksum does not match",
        ),
        (lambda lines: [*lines, lines[-2]], "follows the archive's end marker"),
    ],
    ids=["cut-at-the-marker", "cut-at-a-line-end", "row-removed", "row-altered", "line-after"],
)
def test_an_archive_cut_short_or_altered_is_refused_and_changes_nothing(archive, change, reason):
    header, *lines = archive.read_text().splitlines()
    archive.write_text("\n".join([header, *change(lines)]) + "\n")
    Plan.objects.update(title="Changed since the export")
    before = every_row()

    with pytest.raises(CommandError, match=reason):
        call_command("importall", str(archive), interactive=False)

    assert every_row() == before
