"""Roads safety through the API: KSI totals against a year before, and the routes table."""

import datetime
import hashlib
from datetime import UTC
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from essexperf.api.viewsets import EXPORT_CHUNK_ROWS
from metrics.models import (
    Area,
    DataImport,
    DataSource,
    KsiDistrict,
    KsiPeakTime,
    KsiRoute,
    KsiTotal,
    KsiVulnerableGroup,
)
from metrics.stats19.saving import save
from metrics.stats19.table import compute
from priorities.freeze import allow_amendment
from tests.api_helpers import as_dicts, error_of, parse_csv, token_client
from tests.factories import (
    AreaFactory,
    KsiPeakTimeFactory,
    KsiRouteFactory,
    KsiTotalFactory,
    KsiVulnerableGroupFactory,
    ReportingPeriodFactory,
)
from tests.metrics.test_api import detail_url, list_url, results, signed_in, xlsx_dicts
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

RESOURCES = ["ksi-total", "ksi-route"]


def published_period(quarter=2):
    return ReportingPeriodFactory(
        quarter=quarter, published=True, published_on=datetime.date(2017, 10, 1 + quarter)
    )


def make_totals(count):
    period = published_period()
    areas = Area.objects.bulk_create(
        Area(name=f"Area {n}", slug=f"area-{n}", kind=Area.Kind.DISTRICT) for n in range(count)
    )
    return KsiTotal.objects.bulk_create(
        KsiTotal(
            period=period,
            area=area,
            start_date=datetime.date(2017, 4, 1),
            end_date=datetime.date(2017, 8, 31),
            casualties=90,
            casualties_year_before=100,
        )
        for area in areas
    )


def make_routes(count):
    """`count` routes, each with two vulnerable groups and a peak time."""
    period = published_period()
    routes = KsiRoute.objects.bulk_create(
        KsiRoute(
            period=period,
            road=f"B{n}",
            order=n + 1,
            collisions_last_3_months=5,
            increase_on_5_year_average=Decimal("43.0"),
        )
        for n in range(count)
    )
    KsiVulnerableGroup.objects.bulk_create(
        KsiVulnerableGroup(route=route, group=group, order=order, percent=Decimal("22.0"))
        for route in routes
        for order, group in enumerate(["pedestrian", "child"], start=1)
    )
    KsiPeakTime.objects.bulk_create(KsiPeakTime(route=route, days="friday") for route in routes)
    return routes


MAKERS = {"ksi-total": make_totals, "ksi-route": make_routes}


# Totals


@pytest.fixture
def essex_total():
    """The September 2017 report: 403 KSI casualties against 450 a year before."""
    return KsiTotalFactory(
        period=published_period(),
        area=AreaFactory(),
        casualties=403,
        casualties_year_before=450,
        note="The same period of the year before.",
    )


# 403 KSI casualties against 450 a year before: z = (|403 - 426.5| - 0.5) / sqrt(853 / 4) =
# 23 / 14.603 = 1.575, p = 0.1153. ln(403 / 450) = -0.11031 ± 1.96 * sqrt(1/403 + 1/450)
# = ± 0.13442: exp(-0.24473) = 0.7829 to exp(0.02411) = 1.0244, down 21.7% to up 2.4%.


def test_a_total_shows_its_change_on_the_year_before(viewer_client, essex_total):
    [row] = results(viewer_client, "ksi-total")
    assert row["id"] == essex_total.pk
    assert row["url"] == f"http://testserver{detail_url('ksi-total', essex_total.pk)}"
    assert row["period"]["code"] == "2017-18-Q2"
    assert row["area"]["slug"] == "essex"
    assert row["start_date"] == "2017-04-01"
    assert row["end_date"] == "2017-08-31"
    assert row["casualties"] == 403
    assert row["casualties_year_before"] == 450
    assert row["change"] == {"difference": -47, "percent": "-10.4", "direction": "decrease"}
    # 403 against 450 as two counts over the same dates, worked out above.
    significance = row["change_significance"]
    assert significance["p_value"] == pytest.approx(0.1153, abs=0.0001)
    assert {key: value for key, value in significance.items() if key != "p_value"} == {
        "test": "normal_counts",
        "significant": False,
        "interval_low": "-21.7",
        "interval_high": "2.4",
        "words": "down 10.4% (within normal variation)",
    }


def test_a_total_after_a_year_without_casualties_has_no_percentage(viewer_client):
    total = KsiTotalFactory(period=published_period(), casualties=2, casualties_year_before=0)
    body = viewer_client.get(detail_url("ksi-total", total.pk)).json()
    assert body["change"] == {"difference": 2, "percent": None, "direction": "increase"}


@pytest.fixture
def totals(essex_total):
    north = AreaFactory(slug="lpa-north", name="LPA North", kind="lpa")
    return {
        "essex": essex_total,
        "north": KsiTotalFactory(period=essex_total.period, area=north, casualties=100),
        "later": KsiTotalFactory(period=published_period(quarter=3), area=essex_total.area),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"period": "2017-18-Q3"}, {"later"}),
        ({"area": "lpa-north"}, {"north"}),
        ({"period": "2017-18-Q2", "area": "essex"}, {"essex"}),
    ],
)
def test_totals_are_filtered(viewer_client, totals, params, expected):
    rows = results(viewer_client, "ksi-total", **params)
    assert {row["id"] for row in rows} == {totals[name].pk for name in expected}


def test_totals_are_filtered_by_period_id(viewer_client, totals):
    rows = results(viewer_client, "ksi-total", period=totals["later"].period_id)
    assert [row["id"] for row in rows] == [totals["later"].pk]


def test_totals_are_ordered_as_asked(viewer_client, totals):
    rows = results(viewer_client, "ksi-total", ordering="casualties", period="2017-18-Q2")
    assert [row["casualties"] for row in rows] == [100, 403]


def test_totals_download_as_csv(viewer_client, essex_total):
    [row] = as_dicts(parse_csv(viewer_client.get(list_url("ksi-total"), {"format": "csv"})))
    assert row["Id"] == str(essex_total.pk)
    assert row["Period"] == "2017-18-Q2"
    assert (row["Period status"], row["Period status label"]) == ("published", "Published")
    assert row["Area"] == "Essex"
    assert row["Casualties"] == "403"
    assert row["Casualties a year before"] == "450"
    assert row["Difference"] == "-47"
    assert row["Change (%)"] == "-10.4"
    assert row["Direction"] == "decrease"
    # 403 against 450, worked out above the first test of a total.
    assert row["Change in words"] == "down 10.4% (within normal variation)"
    assert (row["Significant"], row["P value"]) == ("no", "0.1153")
    assert (row["Interval low"], row["Interval high"]) == ("-21.7", "2.4")


def test_totals_download_as_excel_with_numbers_as_numbers(viewer_client, essex_total):
    [row] = xlsx_dicts(viewer_client.get(list_url("ksi-total"), {"format": "xlsx"}))
    assert row["Casualties"] == 403
    assert row["Difference"] == -47
    assert row["Change (%)"] == pytest.approx(-10.4)
    assert row["End date"] == datetime.datetime(2017, 8, 31)


# Routes


@pytest.fixture
def routes():
    period = published_period()
    b1414 = KsiRouteFactory(period=period, road="B1414", order=1, increase_on_5_year_average=114)
    a1013 = KsiRouteFactory(
        period=period,
        road="A1013",
        order=2,
        collisions_last_3_months=7,
        increase_on_5_year_average=43,
    )
    # Entered out of order: the report's order is the groups' `order`.
    KsiVulnerableGroupFactory(route=a1013, group="child", order=2, percent=22)
    KsiVulnerableGroupFactory(route=a1013, group="pedestrian", order=1, percent=22)
    KsiPeakTimeFactory(route=b1414, days="weekdays")
    KsiPeakTimeFactory(
        route=b1414, days="saturday", start_time=datetime.time(1), end_time=datetime.time(5)
    )
    return {"B1414": b1414, "A1013": a1013}


def test_a_route_nests_its_vulnerable_groups_and_peak_times_in_order(viewer_client, routes):
    b1414, a1013 = results(viewer_client, "ksi-route")
    assert b1414["id"] == routes["B1414"].pk
    assert b1414["url"] == f"http://testserver{detail_url('ksi-route', routes['B1414'].pk)}"
    assert b1414["period"]["code"] == "2017-18-Q2"
    assert b1414["order"] == 1
    assert b1414["increase_on_5_year_average"] == "114"
    assert b1414["vulnerable_groups"] == []
    never_amended = {"amended": False, "amendments": []}
    assert b1414["peak_times"] == [
        {"days": "weekdays", "start_time": "11:00", "end_time": "15:00", **never_amended},
        {"days": "saturday", "start_time": "01:00", "end_time": "05:00", **never_amended},
    ]
    assert a1013["collisions_last_3_months"] == 7
    assert a1013["vulnerable_groups"] == [
        {"group": "pedestrian", "label": "Pedestrian", "percent": "22", **never_amended},
        {"group": "child", "label": "Child 0-17", "percent": "22", **never_amended},
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [({"road": "b1414"}, {"B1414"}), ({"period": "2017-18-Q2"}, {"B1414", "A1013"})],
)
def test_routes_are_filtered(viewer_client, routes, params, expected):
    KsiRouteFactory(period=published_period(quarter=3), road="M11", order=1)
    rows = results(viewer_client, "ksi-route", **params)
    assert {row["road"] for row in rows} == expected


def test_routes_are_filtered_by_period_id(viewer_client, routes):
    rows = results(viewer_client, "ksi-route", period=routes["A1013"].period_id)
    assert len(rows) == 2


def test_routes_are_ordered_as_asked(viewer_client, routes):
    rows = results(viewer_client, "ksi-route", ordering="-collisions_last_3_months")
    assert [row["road"] for row in rows] == ["A1013", "B1414"]


def test_routes_download_as_csv_with_groups_and_peak_times_as_text(viewer_client, routes):
    response = viewer_client.get(list_url("ksi-route"), {"format": "csv"})
    b1414, a1013 = as_dicts(parse_csv(response))
    assert b1414["Road"] == "B1414"
    assert b1414["Increase on 5-year average (%)"] == "114"
    assert b1414["Peak times"] == "Weekdays 1100 - 1500; Saturday 0100 - 0500"
    assert b1414["Vulnerable road users"] == ""
    assert a1013["Vulnerable road users"] == "22% Pedestrian; 22% Child 0-17"


def test_routes_download_as_excel_with_numbers_as_numbers(viewer_client, routes):
    b1414, a1013 = xlsx_dicts(viewer_client.get(list_url("ksi-route"), {"format": "xlsx"}))
    assert b1414["Id"] == routes["B1414"].pk
    assert b1414["Increase on 5-year average (%)"] == 114
    assert a1013["Collisions in the last 3 months"] == 7
    assert a1013["Order"] == 2


# Both resources


@pytest.mark.parametrize("resource", RESOURCES)
def test_rows_of_a_draft_edition_are_seen_only_by_office_staff(viewer, editor, resource):
    published = MAKERS[resource](1)[0]
    draft = ReportingPeriodFactory(financial_year=2017, quarter=3)
    type(published)._base_manager.filter(pk=published.pk).update(period=draft)
    assert results(signed_in(viewer), resource) == []
    assert results(token_client(), resource) == []
    assert [row["id"] for row in results(signed_in(editor), resource)] == [published.pk]
    assert signed_in(viewer).get(detail_url(resource, published.pk)).status_code == 404


@pytest.mark.parametrize("resource", RESOURCES)
def test_an_unknown_period_code_is_a_400(viewer_client, resource):
    error = error_of(viewer_client.get(list_url(resource), {"period": "2017-Q2"}), 400)
    assert set(error["fields"]) == {"period"}


def test_a_download_of_more_routes_than_a_chunk_reads_no_more_queries(
    viewer_client, django_assert_num_queries
):
    make_routes(EXPORT_CHUNK_ROWS + 1)
    # session, user, the routes joined with their periods, with their vulnerable groups
    # and peak times (subqueries)
    with django_assert_num_queries(3 + PERMISSION_QUERIES):
        table = as_dicts(parse_csv(viewer_client.get(list_url("ksi-route"), {"format": "csv"})))
    assert len(table) == EXPORT_CHUNK_ROWS + 1
    assert all(row["Peak times"] and row["Vulnerable road users"] for row in table)


# Where a row's figures come from


STATS19_FILES = Path(__file__).parent / "stats19_files"


@pytest.fixture
def computed_period():
    """2024-25-Q2 computed from the hand-made route files (see test_stats19_routes), then
    published: the files' last import, the casualties', is what the rows name."""
    routes = [STATS19_FILES / "routes-collision.csv", STATS19_FILES / "routes-casualty.csv"]
    call_command("importstats19", *map(str, routes), verbosity=0)
    AreaFactory()
    period = ReportingPeriodFactory(
        financial_year=2024, quarter=2, data_to=datetime.date(2024, 8, 31)
    )
    save(period, compute(period, basis="raw"))
    period.status, period.published_on = "published", datetime.date(2024, 9, 30)
    period.save()
    return period


def source_of(record):
    return {
        "kind": "road_casualties",
        "name": "DfT road casualty records (STATS19)",
        "file_name": str(STATS19_FILES / "routes-casualty.csv"),
        "sha256": hashlib.sha256((STATS19_FILES / "routes-casualty.csv").read_bytes()).hexdigest(),
        "imported_at": record.finished_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "import_id": record.pk,
    }


def test_a_computed_route_names_the_import_it_was_computed_from(viewer_client, computed_period):
    record = DataImport.objects.get(file_name__endswith="routes-casualty.csv")
    first = results(viewer_client, "ksi-route", ordering="order")[0]
    # M11: 4 KSI collisions in June to August 2024 against an average of 1, +300%.
    assert (first["road"], first["collisions_last_3_months"]) == ("M11", 4)
    assert first["computed"] == {"collisions_last_3_months": 4, "increase_on_5_year_average": "300"}
    assert first["source"] == source_of(record)


def test_a_computed_total_names_its_import_and_keeps_what_was_computed_beside_an_edit(
    viewer_client, computed_period
):
    record = DataImport.objects.get(file_name__endswith="routes-casualty.csv")
    # An approver's later amendment of the published figure.
    with allow_amendment():
        KsiTotal.objects.filter(period=computed_period).update(casualties=25)
    [row] = results(viewer_client, "ksi-total")
    # 24 KSI casualties from April to August 2024, 4 a year before (test_stats19_routes).
    assert (row["casualties"], row["casualties_year_before"]) == (25, 4)
    assert row["computed"] == {"casualties": 24, "casualties_year_before": 4, "basis": "raw"}
    assert row["source"] == source_of(record)


def test_a_total_lists_its_periods_top_districts(viewer_client, computed_period):
    [row] = results(viewer_client, "ksi-total")
    # 1 July to 31 August 2024 (test_stats19_routes works out the counts).
    assert [
        (d["order"], d["district_code"], d["name"], d["collisions"]) for d in row["districts"]
    ] == [
        (1, "E07000066", "Basildon", 2),
        (2, "E07000069", "Castle Point", 2),
        (3, "E07000074", "Maldon", 2),
        (4, "E07000068", "Brentwood", 1),
        (5, "E07000070", "Chelmsford", 1),
    ]
    assert row["districts"][0]["computed_collisions"] == 2


def test_a_total_of_a_period_without_districts_lists_none(viewer_client, essex_total):
    [row] = results(viewer_client, "ksi-total")
    assert row["districts"] == []


def test_a_row_typed_in_has_no_source_and_nothing_computed(viewer_client, essex_total):
    KsiRouteFactory(period=essex_total.period)
    for resource in RESOURCES:
        [row] = results(viewer_client, resource)
        assert (row["source"], row["computed"]) == (None, None)


def computed_routes(count):
    """`count` routes of a published period, each computed from an import of its own."""
    period = published_period()
    source = DataSource.objects.create(name="Records", kind=DataSource.Kind.ROAD_CASUALTIES)
    imports = DataImport.objects.bulk_create(
        DataImport(
            source=source,
            run_by="test",
            started_at=timezone.now(),
            file_name=f"{n}.csv",
            file_size=1,
            sha256="0" * 64,
        )
        for n in range(count)
    )
    KsiRoute.objects.bulk_create(
        KsiRoute(
            period=period,
            road=f"B{n}",
            order=n + 1,
            collisions_last_3_months=5,
            increase_on_5_year_average=Decimal("43.0"),
            computed_collisions=5,
            computed_increase=Decimal("43.0"),
            computed_from=record,
        )
        for n, record in enumerate(imports)
    )


@pytest.mark.parametrize("count", [1, 4])
def test_a_list_of_computed_routes_reads_their_imports_in_its_own_query(
    viewer_client, django_assert_num_queries, count
):
    computed_routes(count)
    # session, user, data version, the routes joined with their periods, imports and
    # sources, their vulnerable groups, their peak times: as many for 1 route as for 4.
    with django_assert_num_queries(6 + PERMISSION_QUERIES):
        rows = results(viewer_client, "ksi-route")
    assert [row["source"]["file_name"] for row in rows] == [f"{n}.csv" for n in range(count)]


def totals_with_districts(count):
    """`count` published periods, each with a KSI total and five districts."""
    area = AreaFactory()
    for quarter in range(1, count + 1):
        period = published_period(quarter=quarter)
        KsiTotalFactory(period=period, area=area)
        KsiDistrict.objects.bulk_create(
            KsiDistrict(period=period, order=n, district_code=f"E0700006{n}", collisions=n)
            for n in range(1, 6)
        )


@pytest.mark.parametrize("count", [1, 4])
def test_a_list_of_totals_reads_their_districts_in_one_query(
    viewer_client, django_assert_num_queries, count
):
    totals_with_districts(count)
    # session, user, data version, the totals joined with their periods, areas, imports and
    # sources, their periods' districts: as many for 1 total as for 4.
    with django_assert_num_queries(5 + PERMISSION_QUERIES):
        rows = results(viewer_client, "ksi-total")
    assert [len(row["districts"]) for row in rows] == [5] * count
