"""The register of data sources and imports: its page and its read-only admin."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from metrics.models import DataImport, DataSource
from tests.query_counts import PERMISSION_QUERIES

FILE = Path(__file__).parent / "stats19_files" / "dft-road-casualty-statistics-collision-2024.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    call_command("importstats19", str(FILE), verbosity=0)


def test_the_sources_page_lists_each_import_with_what_became_of_its_rows(viewer_client, imported):
    page = viewer_client.get(reverse("metrics:source_list")).content.decode()
    assert "DfT road casualty records (STATS19)" in page
    assert FILE.name in page
    # 5 rows read: 4 of force 42 written, 1 of force 1 skipped.
    assert "5 read, 4 written, 0 unchanged, 1 skipped, 0 rejected" in page
    assert "15 January 2024 to 12 March 2024" in page


def imports_of(source, count):
    start = timezone.now()
    DataImport.objects.bulk_create(
        DataImport(
            source=source,
            run_by="importstats19",
            started_at=start - datetime.timedelta(days=number),
            file_name=f"collisions-{number}.csv",
            file_size=1000,
            sha256="0" * 64,
            state=DataImport.State.DONE,
        )
        for number in range(count)
    )


@pytest.mark.parametrize("count", [1, 25])
def test_the_sources_page_reads_two_queries_however_many_sources_and_imports(
    viewer_client, django_assert_num_queries, count
):
    for kind in (DataSource.Kind.ROAD_CASUALTIES, DataSource.Kind.API_FEED):
        imports_of(DataSource.objects.create(kind=kind, name=kind.label), count)

    # session, user, the reader's permissions; the newest imports of every source (one
    # query, at most 20 of each), the sources.
    with django_assert_num_queries(2 + PERMISSION_QUERIES + 2):
        page = viewer_client.get(reverse("metrics:source_list")).content.decode()

    # Each source lists its newest imports, at most 20: the 20 newest of 25 are numbered 0
    # to 19 (the newest started first), so collisions-20.csv is not shown.
    shown = min(count, 20)
    assert page.count("collisions-0.csv") == 2
    assert page.count(f"collisions-{shown - 1}.csv") == 2
    assert "collisions-20.csv" not in page


def test_the_sources_page_asks_a_visitor_to_sign_in(client):
    response = client.get(reverse("metrics:source_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_admin_lists_imports_filtered_by_state_and_changes_none(admin_client, imported):
    url = reverse("admin:metrics_dataimport_changelist")
    assert FILE.name in admin_client.get(url, {"state__exact": "done"}).content.decode()
    assert FILE.name not in admin_client.get(url, {"state__exact": "failed"}).content.decode()
    assert admin_client.get(reverse("admin:metrics_dataimport_add")).status_code == 403


def test_the_roads_page_leads_to_where_its_figures_come_from(viewer_client, demo):
    page = viewer_client.get(reverse("metrics:roads")).content.decode()

    assert f'<a href="{reverse("metrics:source_list")}">data sources</a>' in page
