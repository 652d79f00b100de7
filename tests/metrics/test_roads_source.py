"""The roads page says where KSI figures computed from road casualty records come from: the
basis they were counted on (STATS19_KSI_BASIS, stored with each computed total) and when
the records were imported, linking to the sources page. Figures typed in say neither."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from metrics.models import DataImport
from metrics.stats19.saving import save
from metrics.stats19.table import compute
from tests.factories import AreaFactory, KsiTotalFactory, ReportingPeriodFactory
from tests.page_helpers import text_of

FILES = Path(__file__).parent / "stats19_files"
ROADS = reverse("metrics:roads")
RAW = "KSI counted on the raw severity: as recorded by the police."
ADJUSTED = (
    "KSI counted on the DfT's adjusted severity: the probability that a casualty was "
    "seriously injured, used since forces moved to injury-based reporting."
)

pytestmark = pytest.mark.django_db


def computed_and_published():
    """2024-25-Q2 computed from the hand-made route files, then published."""
    routes = [FILES / "routes-collision.csv", FILES / "routes-casualty.csv"]
    call_command("importstats19", *map(str, routes), verbosity=0)
    AreaFactory()
    period = ReportingPeriodFactory(
        financial_year=2024, quarter=2, data_to=datetime.date(2024, 8, 31)
    )
    save(period, compute(period))
    period.status, period.published_on = "published", datetime.date(2024, 9, 30)
    period.save()


def imported_on():
    """The day the route files' last import finished, as the page writes it."""
    finished = DataImport.objects.order_by("-finished_at").first().finished_at
    day = timezone.localtime(finished).date()
    return f"{day.day} {day:%B %Y}"


@pytest.mark.parametrize(("basis", "words"), [("raw", RAW), ("adjusted", ADJUSTED)])
def test_the_roads_page_says_which_basis_its_computed_ksi_figures_are_counted_on(
    viewer_client, settings, basis, words
):
    settings.STATS19_KSI_BASIS = basis
    computed_and_published()
    response = viewer_client.get(ROADS)
    page = text_of(response)
    assert words in page
    assert f"Source: DfT road casualty records, imported {imported_on()}" in page
    link = f'<a href="{reverse("metrics:source_list")}">Source: DfT road casualty records'
    assert link in response.content.decode()


def test_the_roads_page_states_no_basis_for_figures_typed_in(viewer_client):
    KsiTotalFactory(period=ReportingPeriodFactory(published=True), area=AreaFactory())
    page = text_of(viewer_client.get(ROADS))
    assert "KSI casualties, against" in page
    assert "KSI counted on" not in page
    assert "Source: DfT road casualty records" not in page


def test_the_roads_page_lists_the_districts_with_most_ksi_collisions(viewer_client):
    computed_and_published()
    page = text_of(viewer_client.get(ROADS))
    # 1 July to 31 August 2024 (test_stats19_routes works out the counts).
    assert (
        "Districts with most KSI collisions KSI collisions from 1 July 2024 to 31 August "
        "2024, most first. Basildon: 2 Castle Point: 2 Maldon: 2 Brentwood: 1 Chelmsford: 1"
    ) in page


def test_the_roads_page_says_when_a_period_lists_no_districts(viewer_client):
    KsiTotalFactory(period=ReportingPeriodFactory(published=True), area=AreaFactory())
    assert "No districts listed for" in text_of(viewer_client.get(ROADS))
