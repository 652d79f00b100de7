"""Importing police.uk's archive files: the hand-made street-level file of August 2017
holds eight rows: six Essex crimes counted (two burglaries, one anti-social behaviour, two
violent crimes, one vehicle crime), one Kent burglary passed over and one row whose month
(2017-13) is rejected. The lookup places LSOA E01021234 in Basildon and E01021235 in
Southend, both in LPA South; one violent crime has no location and the other an LSOA the
lookup does not hold, so both count force-wide only."""

import datetime
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError

from essexperf.audit.models import ObjectChange
from metrics.models import DataImport, DataSource, Metric, Observation
from tests.factories import ObservationFactory, ReportingPeriodFactory
from tests.metrics.policeuk_helpers import (
    OUTCOMES,
    STOP_AND_SEARCH,
    STREET,
    figures,
    ground,  # noqa: F401 (a fixture)
    run,
)
from tests.metrics.stats19_helpers import exit_code

pytestmark = pytest.mark.usefixtures("ground")

BURGLARY, ALL = "Burglary (police.uk)", "All crime excluding anti-social behaviour (police.uk)"
ASB, VIOLENCE = "Anti-social behaviour (police.uk)", "Violence and sexual offences (police.uk)"
VEHICLE = "Vehicle crime (police.uk)"


def test_a_street_file_becomes_a_months_figures_per_crime_type_and_area():
    summary = run(STREET)
    # 5 metrics (4 crime types and all crime) in 4 areas: 20 figures.
    assert summary == (
        "Wrote 20 figures for essex from 1 files (0 passed over): 8 rows read, 0 figures "
        "unchanged, 0 withheld as published, 1 rows of other forces, 1 rejected, "
        "2 counted force-wide only.\n"
    )
    held = figures()
    assert len(held) == 20
    assert held[BURGLARY, "essex"] == 2
    assert held[ALL, "essex"] == 5
    assert held[ASB, "essex"] == 1
    assert held[VIOLENCE, "essex"] == 2
    assert held[BURGLARY, "basildon"] == 1
    assert held[ALL, "basildon"] == 1
    assert held[ASB, "basildon"] == 1
    assert held[VEHICLE, "basildon"] == 0
    assert held[ALL, "southend"] == 2
    assert held[ALL, "lpa-south"] == 3
    assert held[VIOLENCE, "lpa-south"] == 0


def test_a_figure_covers_its_month_and_names_its_import():
    run(STREET)
    figure = Observation.objects.get(metric__name=BURGLARY, area__slug="essex")
    assert (figure.start_date, figure.end_date) == (
        datetime.date(2017, 8, 1),
        datetime.date(2017, 8, 31),
    )
    assert figure.basis == Observation.Basis.MONTH
    assert figure.source == "police.uk street-level crime, archive 2017-08"
    assert figure.data_to == datetime.date(2017, 8, 31)
    record = figure.data_import
    assert record.source.kind == DataSource.Kind.POLICE_UK_CRIME
    assert record.file_name.endswith("2017-08-essex-street.csv")
    assert (record.rows_read, record.rows_written, record.rows_rejected) == (8, 20, 1)
    assert record.rows_skipped == 1
    assert (record.first_date, record.last_date) == (
        datetime.date(2017, 8, 1),
        datetime.date(2017, 8, 31),
    )
    assert record.rejections == [
        {"row": 8, "why": "Month: '2017-13' is not a month written YYYY-MM"}
    ]


def test_the_metrics_are_made_once_counting_totals_of_crime():
    run(STREET)
    burglary = Metric.objects.get(name=BURGLARY)
    assert burglary.slug == "police-uk-burglary"
    assert burglary.unit == Metric.Unit.COUNT
    assert burglary.measure == Metric.Measure.TOTAL
    assert burglary.up_is == Metric.UpIs.BAD
    run(STREET)
    assert Metric.objects.filter(slug__startswith="police-uk-").count() == 5


def test_importing_the_same_file_again_changes_nothing():
    run(STREET)
    versions = dict(Observation.objects.values_list("pk", "version"))
    summary = run(STREET)
    assert summary.startswith("Wrote 0 figures for essex from 1 files")
    assert "20 figures unchanged" in summary
    assert dict(Observation.objects.values_list("pk", "version")) == versions


def test_a_republished_month_replaces_that_months_figures(tmp_path):
    run(STREET)
    # police.uk re-publishes August: the Southend burglary (row 3) is gone.
    lines = STREET.read_text().splitlines(keepends=True)
    corrected = tmp_path / "2017-08-essex-street.csv"
    corrected.write_text("".join(lines[:2] + lines[3:]))
    run(corrected)
    held = figures()
    assert held[BURGLARY, "essex"] == 1
    assert held[BURGLARY, "southend"] == 0
    assert held[ALL, "lpa-south"] == 2
    assert len(held) == 20


def test_a_crime_type_gone_from_a_republished_month_is_counted_none(tmp_path):
    run(STREET)
    # Without its one vehicle crime (the last row), August holds no vehicle crime at all.
    corrected = tmp_path / "2017-08-essex-street.csv"
    corrected.write_text("".join(STREET.read_text().splitlines(keepends=True)[:-1]))
    run(corrected)
    assert figures()[VEHICLE, "essex"] == 0
    assert figures()[VEHICLE, "southend"] == 0


def test_a_figure_a_published_period_shows_is_withheld_and_reported(tmp_path):
    run(STREET)
    burglary = Observation.objects.get(metric__name=BURGLARY, area__slug="essex")
    # The published report states a figure compared with August's burglaries.
    ObservationFactory(
        metric=burglary.metric,
        area=burglary.area,
        start_date=datetime.date(2017, 9, 1),
        end_date=datetime.date(2017, 9, 30),
        basis=Observation.Basis.MONTH,
        compared_with=burglary,
        reported_in=ReportingPeriodFactory(published=True),
    )
    lines = STREET.read_text().splitlines(keepends=True)
    corrected = tmp_path / "2017-08-essex-street.csv"
    corrected.write_text("".join(lines[:2] + lines[3:]))
    summary = run(corrected)
    assert "1 withheld as published" in summary
    burglary.refresh_from_db()
    assert burglary.value == Decimal(2)
    record = DataImport.objects.first()
    assert record.withheld == [{"figure": str(burglary), "held": "2", "file": 1}]
    # Every other figure the correction changes is written.
    assert figures()[BURGLARY, "southend"] == 0


def test_an_outcomes_file_becomes_figures_per_outcome_type():
    run(OUTCOMES)
    held = figures()
    none = "Outcome: Investigation complete; no suspect identified (police.uk)"
    caution = "Outcome: Offender given a caution (police.uk)"
    assert held[none, "essex"] == 2
    assert held[none, "basildon"] == 1
    assert held[caution, "southend"] == 1
    assert len(held) == 8
    assert Metric.objects.get(name=caution).up_is == Metric.UpIs.NEUTRAL
    figure = Observation.objects.get(metric__name=caution, area__slug="essex")
    assert figure.data_import.source.kind == DataSource.Kind.POLICE_UK_OUTCOMES


def test_an_archive_zip_is_read_file_by_file_passing_over_stop_and_search(tmp_path):
    archive = tmp_path / "2017-08.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in (STREET, OUTCOMES, STOP_AND_SEARCH):
            zipped.write(path, f"2017-08/{path.name}")
    summary = run(archive)
    assert summary.startswith("Wrote 28 figures for essex from 2 files (1 passed over)")
    assert DataImport.objects.count() == 2


def test_a_dry_run_reports_and_writes_nothing():
    summary = run(STREET, dry_run=True)
    assert summary.startswith("Would write 20 figures")
    assert not Observation.objects.exists()
    assert not DataImport.objects.exists()
    assert not Metric.objects.exists()


def test_asked_first_it_imports_only_on_yes(monkeypatch):
    # At a terminal, it asks; a crontab's run has none, and is never asked.
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    out = run(STREET, interactive=True)
    assert out.splitlines()[-1] == "Nothing imported."
    assert not Observation.objects.exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    run(STREET, interactive=True)
    assert Observation.objects.count() == 20


def test_without_a_terminal_it_imports_without_asking(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("asked"))
    run(STREET, interactive=True)
    assert Observation.objects.count() == 20


def test_a_file_that_is_not_police_uks_is_refused_naming_it(tmp_path):
    other = tmp_path / "figures.csv"
    other.write_text("metric,value\nburglary,3\n")
    with pytest.raises(CommandError, match=r"figures\.csv: not a police\.uk street-level crime"):
        run(other)
    assert not Observation.objects.exists()


def test_a_bad_byte_fails_the_file_and_writes_nothing(tmp_path):
    bad = tmp_path / "2017-08-essex-street.csv"
    bad.write_bytes(STREET.read_bytes() + b"x,2017-08,Essex Police,Essex Police,,,\xff,,,Drugs,,\n")
    with pytest.raises(CommandError, match=r"row 10: not UTF-8 \(byte 0xff"):
        run(bad)
    assert not Observation.objects.exists()
    assert DataImport.objects.get().state == DataImport.State.FAILED


def test_the_exit_code_is_0_on_success_and_1_on_a_bad_file(monkeypatch, tmp_path):
    assert exit_code(monkeypatch, "importpoliceuk", "--no-input", str(STREET)) == 0
    missing = tmp_path / "none.csv"
    assert exit_code(monkeypatch, "importpoliceuk", "--no-input", str(missing)) == 1


def test_without_the_force_area_nothing_is_imported(settings):
    settings.POLICE_UK_AREA = "kent"
    with pytest.raises(CommandError, match="No force area 'kent'"):
        run(STREET)


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.POLICE_UK_MAX_FILE_BYTES = 100
    with pytest.raises(CommandError, match=r"over the limit of 100 \(POLICE_UK_MAX_FILE_BYTES\)"):
        run(STREET)


def test_the_import_is_in_the_audit_trail():
    run(STREET)
    # 5 metrics made and their 20 figures, each named after its metric.
    assert ObjectChange.objects.filter(object_repr__contains="(police.uk)").count() == 25
