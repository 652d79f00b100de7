"""What every list of areas, targets, KSI figures, inspections and findings shares: who may
read it, its pages, and a number of queries that stays the same for 5 rows and for 500.
(The priorities' resources have the same tests in tests/priorities/test_api.py.)"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse

from tests.api_helpers import as_dicts, error_of, parse_csv, token_client
from tests.inspections.test_api import MAKERS as INSPECTION_MAKERS
from tests.metrics.test_api import xlsx_dicts
from tests.metrics.test_api_areas_targets import MAKERS as AREA_TARGET_MAKERS
from tests.metrics.test_api_ksi import MAKERS as KSI_MAKERS

pytestmark = pytest.mark.django_db

MAKERS = {**AREA_TARGET_MAKERS, **KSI_MAKERS, **INSPECTION_MAKERS}
SIGNED_IN = ["the session", "the user", "the person's permissions", "their groups' permissions"]


@dataclass(frozen=True)
class Reads:
    """The queries reading a resource's rows, after those of the signed-in person."""

    page: tuple
    detail: tuple
    download: tuple


READS = {
    "area": Reads(
        page=("the page of areas joined with their parents, with the count of all areas",),
        detail=("the area joined with its parent",),
        download=("the areas joined with their parents",),
    ),
    "target": Reads(
        page=("the page of targets joined with their metrics and areas, with their count",),
        detail=("the target joined with its metric and area",),
        download=("the targets joined with their metrics and areas",),
    ),
    "ksi-total": Reads(
        page=(
            "the page of totals joined with their periods and areas, with their count",
            "their periods' top districts",
        ),
        detail=("the total joined with its period and area", "its period's top districts"),
        download=("the totals joined with their periods and areas", "their periods' districts"),
    ),
    "ksi-route": Reads(
        page=(
            "the page of routes joined with their periods, with their count",
            "their vulnerable groups",
            "their peak times",
        ),
        detail=("the route joined with its period", "its vulnerable groups", "its peak times"),
        download=("the routes joined with their periods, groups and peak times (subqueries)",),
    ),
    "inspection": Reads(
        page=("the page of inspections with their count and their findings' counts by kind",),
        detail=("the inspection with its findings' counts by kind", "its findings"),
        download=("the inspections with their findings' counts by kind",),
    ),
    "finding": Reads(
        page=("the page of findings joined with their inspections, with their count",),
        detail=("the finding joined with its inspection",),
        download=("the findings joined with their inspections",),
    ),
}
RESOURCES = list(READS)


def list_url(resource):
    return reverse(f"api:{resource}-list")


def results(client, resource, **params):
    response = client.get(list_url(resource), params)
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_someone_not_signed_in_gets_a_401_in_the_error_shape(client, resource):
    assert error_of(client.get(list_url(resource)), 401)["code"] == "not_authenticated"


@pytest.mark.parametrize("resource", RESOURCES)
def test_another_system_reads_with_its_token(resource):
    MAKERS[resource](2)
    assert token_client().get(list_url(resource)).json()["count"] == 2


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_page_holds_the_number_of_rows_asked_for(viewer_client, resource):
    MAKERS[resource](5)
    body = viewer_client.get(list_url(resource), {"page_size": 2, "page": 3}).json()
    assert body["count"] == 5
    assert len(body["results"]) == 1
    assert body["next"] is None


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_page_larger_than_the_maximum_is_cut_to_the_maximum(viewer_client, resource):
    MAKERS[resource](settings.API_MAX_PAGE_SIZE + 1)
    params = {"page_size": settings.API_MAX_PAGE_SIZE + 100}
    assert len(results(viewer_client, resource, **params)) == settings.API_MAX_PAGE_SIZE


@pytest.mark.parametrize("rows", [5, 500])
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_list_reads_a_fixed_number_of_queries(
    viewer_client, django_assert_num_queries, resource, rows
):
    MAKERS[resource](rows)
    # a list's first page reads the data version before its rows (kept for that version)
    with django_assert_num_queries(len([*SIGNED_IN, "the data version", *READS[resource].page])):
        rendered = results(viewer_client, resource, page_size=settings.API_MAX_PAGE_SIZE)
    assert len(rendered) == rows


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_detail_reads_a_fixed_number_of_queries(
    viewer_client, django_assert_num_queries, resource
):
    row = MAKERS[resource](5)[2]
    with django_assert_num_queries(len([*SIGNED_IN, *READS[resource].detail])):
        response = viewer_client.get(reverse(f"api:{resource}-detail", args=[row.pk]))
    assert response.json()["id"] == row.pk


@pytest.mark.parametrize("rows", [5, 500])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("resource", RESOURCES)
def test_a_download_reads_a_fixed_number_of_queries(
    viewer_client, django_assert_num_queries, resource, fmt, rows
):
    MAKERS[resource](rows)
    # downloads are not paged, so nothing is counted, and never cached
    with django_assert_num_queries(len([*SIGNED_IN, *READS[resource].download])):
        response = viewer_client.get(list_url(resource), {"format": fmt})
        table = as_dicts(parse_csv(response)) if fmt == "csv" else xlsx_dicts(response)
    assert len(table) == rows
