"""Every imported figure names the import that wrote it: in the API (a `source` object on
each observation), on the metric's page, and on the sources page, which lists what each
import rejected and withheld."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from metrics import feeds
from metrics.models import DataImport, Observation
from tests.admin_helpers import admin_url, post_page
from tests.factories import ObservationFactory, ReportingPeriodFactory
from tests.metrics.policeuk_helpers import STREET, run
from tests.metrics.policeuk_helpers import ground as ground  # a fixture
from tests.page_helpers import text_of

pytestmark = pytest.mark.usefixtures("ground")

LIST = reverse("api:observation-list")
BURGLARY = reverse("metrics:metric_detail", args=["police-uk-burglary"])
SOURCES = reverse("metrics:source_list")


def test_an_imported_observation_has_a_source_naming_its_import_and_file(viewer_client):
    run(STREET)
    record = DataImport.objects.get()

    rows = viewer_client.get(LIST, {"metric": "police-uk-burglary", "area": "essex"}).json()

    [row] = rows["results"]
    # In UTC, as the API writes every time.
    imported_at = record.finished_at.isoformat().replace("+00:00", "Z")
    assert row["source"] == {
        "name": "police.uk street-level crime, archive 2017-08",
        "data_import": {
            "id": record.pk,
            "kind": "police_uk_crime",
            "data_set": "police.uk street-level crime",
            "file_name": str(STREET),
            "sha256": hashlib.sha256(STREET.read_bytes()).hexdigest(),
            "imported_at": imported_at,
        },
    }


def test_a_typed_in_observations_source_names_no_import(viewer_client):
    ObservationFactory(source="Essex Police performance report")

    [row] = viewer_client.get(LIST).json()["results"]

    assert row["source"] == {"name": "Essex Police performance report", "data_import": None}


def test_reading_imported_observations_takes_as_many_queries_as_typed_in_ones(viewer_client):
    ObservationFactory()
    with CaptureQueriesContext(connection) as typed_in:
        viewer_client.get(LIST, {"page_size": 100})
    run(STREET)
    with CaptureQueriesContext(connection) as imported:
        viewer_client.get(LIST, {"page_size": 100})

    assert len(imported) == len(typed_in)


def test_the_metric_page_says_where_its_latest_figure_comes_from(viewer_client):
    run(STREET)
    record = DataImport.objects.get()
    day = timezone.localtime(record.finished_at)

    page = viewer_client.get(BURGLARY, {"area": "essex"})

    said = f"police.uk street-level crime, archive 2017-08, imported {day:%-d %b %Y}"
    assert f"Source {said} (the import" in text_of(page)
    assert f'href="{SOURCES}#import-{record.pk}"' in page.content.decode()


def test_the_sources_page_lists_the_rejected_rows_and_why(viewer_client):
    run(STREET)

    page = text_of(viewer_client.get(SOURCES))

    assert (
        "8 rows read into figures: 20 figures written, 0 unchanged; 1 rows of other forces" in page
    )
    assert "Row 8: Month: '2017-13' is not a month written YYYY-MM" in page


def test_the_sources_page_shows_the_published_figures_an_import_withheld(viewer_client, tmp_path):
    run(STREET)
    burglary = Observation.objects.get(metric__slug="police-uk-burglary", area__slug="essex")
    ObservationFactory(
        metric=burglary.metric,
        area=burglary.area,
        compared_with=burglary,
        reported_in=ReportingPeriodFactory(published=True),
    )
    lines = STREET.read_text().splitlines(keepends=True)
    corrected = tmp_path / "2017-08-essex-street.csv"
    corrected.write_text("".join(lines[:2] + lines[3:]))
    run(corrected)

    page = text_of(viewer_client.get(SOURCES))

    assert "Withheld 1 published figure the file would change" in page
    assert f"{burglary}: the file gives 1" in page


def test_a_figure_a_feed_changes_no_longer_names_its_import():
    run(STREET)
    item = {
        "metric": "police-uk-burglary",
        "area": "essex",
        "start_date": "2017-08-01",
        "end_date": "2017-08-31",
        "basis": "month",
        "value": "3",
        "source": "Force crime system",
    }
    feeds.write_observations([item])

    figure = Observation.objects.get(metric__slug="police-uk-burglary", area__slug="essex")
    assert figure.value == 3
    assert figure.data_import is None
    # The other 19 figures are still the import's.
    assert Observation.objects.filter(data_import__isnull=False).count() == 19


def test_a_figure_an_editor_changes_in_the_admin_no_longer_names_its_import(editor_client):
    run(STREET)
    figure = Observation.objects.get(metric__slug="police-uk-burglary", area__slug="essex")

    page = editor_client.get(admin_url(Observation, "change", figure.pk))
    post_page(editor_client, page, value="3")

    figure.refresh_from_db()
    assert figure.value == 3
    assert figure.data_import is None
