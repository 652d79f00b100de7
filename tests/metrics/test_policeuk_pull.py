"""pullpoliceuk against a local fake of the police.uk API (tests/metrics/policeuk_fake.py),
never the internet. The fake's January 2024 holds seven Essex crimes: five street crimes
in two neighbourhoods (a burglary, an anti-social behaviour, a violent crime, a
shoplifting on their shared edge and a vehicle crime) and two with no location (drugs and
possession of weapons)."""

import io

import pytest
from django.core.management import CommandError, call_command

from metrics.models import DataImport, Observation
from tests.metrics.policeuk_fake import running
from tests.metrics.policeuk_helpers import figures, run
from tests.metrics.policeuk_helpers import ground as ground  # a fixture
from tests.metrics.stats19_helpers import exit_code

pytestmark = pytest.mark.usefixtures("ground")

BURGLARY, ALL = "Burglary (police.uk)", "All crime excluding anti-social behaviour (police.uk)"


@pytest.fixture
def fake(settings):
    with running() as server:
        settings.POLICE_UK_API_URL = server.url
        yield server


def pull(*args):
    out = io.StringIO()
    call_command("pullpoliceuk", *args, "--no-input", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_pulled_month_becomes_force_wide_figures_per_crime_type(fake):
    summary = pull("--month", "2024-01")
    # 7 crime types and all crime, force-wide: 8 figures from 7 crimes.
    assert summary.startswith("Wrote 8 figures for essex from 1 files (0 passed over): 7 rows")
    held = figures()
    assert len(held) == 8
    assert held[BURGLARY, "essex"] == 1
    assert held["Anti-social behaviour (police.uk)", "essex"] == 1
    assert held["Shoplifting (police.uk)", "essex"] == 1
    assert held["Drugs (police.uk)", "essex"] == 1
    assert held[ALL, "essex"] == 6


def test_a_pulled_figure_names_the_api_as_its_source(fake):
    pull("--month", "2024-01")
    figure = Observation.objects.get(metric__name=BURGLARY)
    assert figure.source == "police.uk street-level crime, API 2024-01"
    assert figure.data_import.file_name.startswith("police.uk API, essex, 2024-01 (pulled ")
    assert figure.data_import.run_by == "pullpoliceuk"


def test_pulling_the_month_again_changes_nothing(fake):
    pull("--month", "2024-01")
    summary = pull("--month", "2024-01")
    assert summary.startswith("Wrote 0 figures")
    assert "8 figures unchanged" in summary
    assert DataImport.objects.count() == 2


def test_a_pull_leaves_the_archives_figures_by_area_as_they_are(fake, tmp_path):
    archive = tmp_path / "2024-01-essex-street.csv"
    archive.write_text(
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
        "LSOA name,Crime type,Last outcome category,Context\n"
        "x1,2024-01,Essex Police,Essex Police,,,,E01021234,Basildon 001A,Burglary,,\n"
        "x2,2024-01,Essex Police,Essex Police,,,,E01021234,Basildon 001A,Burglary,,\n"
    )
    run(archive)
    pull("--month", "2024-01")
    held = figures()
    # The API's one burglary replaces the force-wide two; Basildon's two are the archive's.
    assert held[BURGLARY, "essex"] == 1
    assert held[BURGLARY, "basildon"] == 2


def test_a_dry_run_pulls_and_writes_nothing(fake):
    summary = pull("--month", "2024-01", "--dry-run")
    assert summary.startswith("Would write 8 figures")
    assert not Observation.objects.exists()


def test_another_force_than_the_configured_one_is_refused(fake):
    with pytest.raises(CommandError, match="--force kent is not the configured force"):
        pull("--force", "kent", "--month", "2024-01")


def test_a_month_not_written_yyyy_mm_is_refused(fake):
    with pytest.raises(CommandError, match="2024-1"):
        pull("--month", "2024-1")
    assert not Observation.objects.exists()


def test_police_uk_out_of_reach_exits_1_and_writes_nothing(monkeypatch, settings):
    # A port nothing listens on: the fake has closed it.
    with running() as closed:
        url = closed.url
    settings.POLICE_UK_API_URL = url
    assert exit_code(monkeypatch, "pullpoliceuk", "--month", "2024-01", "--no-input") == 1
    assert not Observation.objects.exists()
