"""The register of data sources and imports: its page and its read-only admin."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

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
