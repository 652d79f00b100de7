"""Importing the DfT's road casualty records: the hand-made files in stats19_files/ hold,
for police force 42 (Essex), four collisions of 2024 and two of 2015 (an older file's
capitalised columns), with one collision of force 1 in each year that is not kept."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from metrics.models import Casualty, Collision, DataImport, Vehicle
from metrics.models.stats19 import RoadClass, Severity
from tests.metrics.stats19_helpers import exit_code

FILES = Path(__file__).parent / "stats19_files"
COLLISIONS = FILES / "dft-road-casualty-statistics-collision-2024.csv"
CASUALTIES = FILES / "dft-road-casualty-statistics-casualty-2024.csv"
VEHICLES = FILES / "dft-road-casualty-statistics-vehicle-2024.csv"
OLDER = FILES / "Accidents2015.csv"

pytestmark = pytest.mark.django_db


def run(*paths, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("importstats19", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue()


def test_the_forces_collisions_casualties_and_vehicles_are_kept_and_others_skipped():
    # Given casualties before collisions: the command reads collision files first.
    summary = run(CASUALTIES, VEHICLES, COLLISIONS)
    # Collisions: 5 read, 4 of force 42 written, 1 skipped. Casualties: 6 read, 5 written,
    # 1 skipped (its collision is force 1's). Vehicles: 6 read, 5 written, 1 skipped.
    assert summary == (
        "Wrote 14 rows of police force 42 from 3 files: 17 read, 0 unchanged, "
        "3 skipped, 0 rejected.\n"
    )
    assert Collision.objects.count() == 4
    assert Casualty.objects.count() == 5
    assert Vehicle.objects.count() == 5


def test_a_collision_holds_its_roads_severity_district_and_adjusted_probability():
    run(COLLISIONS)
    second = Collision.objects.get(collision_index="2024420000002")
    assert second.date == datetime.date(2024, 2, 20)
    assert second.time == datetime.time(17, 45)
    assert second.day_of_week == 3
    assert (second.first_road_class, second.first_road_number) == (RoadClass.A, 1013)
    assert (second.second_road_class, second.second_road_number) == (RoadClass.B, 1414)
    assert second.severity == Severity.FATAL
    assert second.district_code == "E07000072"
    assert Collision.objects.get(collision_index="2024420000003").adjusted_serious == 0.25


def test_unknown_codes_are_kept_as_unknown_never_guessed():
    run(COLLISIONS, CASUALTIES, VEHICLES)
    unknown = Collision.objects.get(collision_index="2024420000005")
    # -1 road class, -1 road number, -1 day, blank time, -1 districts, blank probability.
    assert unknown.first_road_class == RoadClass.UNKNOWN
    assert unknown.first_road_number is None
    assert unknown.second_road_number is None
    assert (unknown.day_of_week, unknown.time, unknown.district_code) == (None, None, "")
    assert unknown.adjusted_serious is None
    assert Casualty.objects.get(collision=unknown).casualty_type is None  # 99
    assert Vehicle.objects.get(collision=unknown).vehicle_type is None  # -1
    passenger = Casualty.objects.get(collision__collision_index="2024420000003")
    assert passenger.age is None  # -1


def test_an_older_release_with_capitalised_accident_columns_is_read():
    summary = run(OLDER)
    assert summary.startswith("Wrote 2 rows of police force 42 from 1 files: 3 read")
    first = Collision.objects.get(collision_index="201542A000101")
    # No year column in the older file: the year is the date's.
    assert (first.year, first.date) == (2015, datetime.date(2015, 6, 5))
    assert first.district_code == "119"
    second = Collision.objects.get(collision_index="201542A000102")
    assert (second.second_road_class, second.second_road_number) == (RoadClass.A, 12)


def test_each_file_is_recorded_as_an_import_with_its_size_digest_counts_and_dates():
    run(COLLISIONS)
    record = DataImport.objects.get()
    assert record.state == DataImport.State.DONE
    assert record.file_size == COLLISIONS.stat().st_size
    assert len(record.sha256) == 64
    assert (record.rows_read, record.rows_written, record.rows_skipped) == (5, 4, 1)
    # Force 42's collisions run from 15 January to 12 March 2024.
    assert (record.first_date, record.last_date) == (
        datetime.date(2024, 1, 15),
        datetime.date(2024, 3, 12),
    )
    assert record.source.kind == "road_casualties"
    assert Collision.objects.filter(data_import=record).count() == 4


def test_importing_the_same_files_again_writes_nothing_and_duplicates_nothing():
    run(COLLISIONS, CASUALTIES, VEHICLES)
    summary = run(COLLISIONS, CASUALTIES, VEHICLES)
    assert summary == (
        "Wrote 0 rows of police force 42 from 3 files: 17 read, 14 unchanged, "
        "3 skipped, 0 rejected.\n"
    )
    assert Collision.objects.count() == 4
    assert Casualty.objects.count() == 5


def test_a_corrected_file_updates_what_changed_and_names_the_import_that_did(tmp_path):
    run(COLLISIONS)
    corrected = tmp_path / "dft-road-casualty-statistics-collision-2024.csv"
    # Collision 1 was serious; the correction makes it fatal.
    text = COLLISIONS.read_text().replace(
        "2024420000001,2024,420000001,560000,42,2,", "2024420000001,2024,420000001,560000,42,1,"
    )
    corrected.write_text(text)
    summary = run(corrected)
    assert summary.startswith("Wrote 1 rows of police force 42 from 1 files: 5 read, 3 unchanged")
    changed = Collision.objects.get(collision_index="2024420000001")
    assert changed.severity == Severity.FATAL
    assert changed.version == 2
    assert changed.data_import == DataImport.objects.order_by("id").last()


def test_a_zipped_file_is_read(tmp_path):
    zipped = tmp_path / "dft-road-casualty-statistics-collision-2024.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(COLLISIONS, COLLISIONS.name)
    run(zipped)
    assert Collision.objects.count() == 4
    assert DataImport.objects.get().file_name.endswith(".zip:" + COLLISIONS.name)


def test_a_dry_run_reports_what_would_be_written_and_writes_nothing():
    summary = run(COLLISIONS, CASUALTIES, dry_run=True)
    assert summary.startswith("Would write 9 rows of police force 42 from 2 files")
    assert Collision.objects.count() == 0
    assert DataImport.objects.count() == 0


def test_another_police_force_is_chosen_by_option():
    summary = run(COLLISIONS, police_force=1)
    assert summary.startswith("Wrote 1 rows of police force 1 from 1 files: 5 read")


def test_a_row_with_a_bad_date_is_rejected_and_named_while_the_rest_are_written(tmp_path):
    bad = tmp_path / "collisions.csv"
    bad.write_text(COLLISIONS.read_text().replace("15/01/2024", "31/02/2024"))
    summary = run(bad)
    assert summary.startswith("Wrote 3 rows")
    assert summary.endswith("1 rejected.\n")
    assert DataImport.objects.get().rejections == [
        {"row": 2, "why": "date: '31/02/2024' is not a date written DD/MM/YYYY"}
    ]


def bad_file(tmp_path, content):
    path = tmp_path / "collisions.csv"
    path.write_bytes(content)
    return path


def rows_of(extra):
    return COLLISIONS.read_bytes() + extra


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"collision_ref,severity\n1,2\n", "not a collision, casualty or vehicle file"),
        (
            COLLISIONS.read_bytes().replace(b"first_road_number,", b"road_no,"),
            "no column for first_road_number",
        ),
        (
            rows_of(
                b"2024420000009,2024,x,1,42,2,1,1,01/01/2024,2,08:00,-1,E\xe9,E,3,1,6,30,0,-1,0,1,0\n"
            ),
            "row 7: not UTF-8 (byte 0xe9",
        ),
        (
            rows_of(
                b"2024420000009,2024,"
                + b"x" * 101
                + b",1,42,2,1,1,01/01/2024,2,08:00,-1,E,E,3,1,6,30,0,-1,0,1,0\n"
            ),
            "row 7, collision_reference: over 100 characters",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_file_and_row_and_nothing_is_written(
    tmp_path, content, message
):
    path = bad_file(tmp_path, content)
    with pytest.raises(CommandError) as raised:
        run(path)
    assert str(path) in str(raised.value)
    assert message in str(raised.value)
    assert Collision.objects.count() == 0


def test_a_failed_import_is_recorded_as_failed_with_why(tmp_path):
    path = bad_file(tmp_path, rows_of(b"1,2,3\n"))
    with pytest.raises(CommandError):
        run(path)
    record = DataImport.objects.get()
    assert record.state == DataImport.State.FAILED
    assert "row 7: 3 cells, not 23" in record.error


def test_the_command_exits_with_1_on_a_bad_file_and_0_on_success(tmp_path, monkeypatch, capsys):
    bad = bad_file(tmp_path, b"collision_ref,severity\n1,2\n")
    assert exit_code(monkeypatch, "importstats19", str(bad)) == 1
    assert "not a collision, casualty or vehicle file" in capsys.readouterr().err
    assert exit_code(monkeypatch, "importstats19", str(COLLISIONS), "-v", "0") == 0
    assert capsys.readouterr().out.startswith("Wrote 4 rows")


def test_a_progress_bar_is_drawn_on_stderr_and_one_summary_line_on_stdout():
    out, err = io.StringIO(), io.StringIO()
    call_command("importstats19", str(COLLISIONS), stdout=out, stderr=err)
    assert out.getvalue().count("\n") == 1
    assert f"{COLLISIONS}: 5 rows read" in err.getvalue()


def test_a_file_over_the_size_or_row_limit_is_refused_before_anything_is_written(settings):
    settings.STATS19_MAX_ROWS = 4
    # The file has 5 rows after its header: the fifth, on line 6, is one too many.
    with pytest.raises(CommandError, match="over 4 rows"):
        run(COLLISIONS)
    settings.STATS19_MAX_ROWS = 100
    settings.STATS19_MAX_FILE_BYTES = 100
    with pytest.raises(CommandError, match="over the limit of 100"):
        run(COLLISIONS)
    assert Collision.objects.count() == 0


def test_at_a_terminal_it_shows_what_it_would_write_and_asks_first(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "no")
    out = run(COLLISIONS, interactive=True)
    assert asked == ["Import these files? [y/N] "]
    assert out.splitlines() == [
        "Would write 4 rows of police force 42 from 1 files: 5 read, 0 unchanged, "
        "1 skipped, 0 rejected.",
        "Nothing imported.",
    ]
    assert not Collision.objects.exists()
    assert exit_code(monkeypatch, "importstats19", "--no-input", str(COLLISIONS)) == 0
    assert Collision.objects.count() == 4
