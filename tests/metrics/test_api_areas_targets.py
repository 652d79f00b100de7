"""Areas and targets through the API."""

import datetime
from decimal import Decimal

import pytest

from metrics.models import Area, Metric, Target
from tests.api_helpers import as_dicts, error_of, parse_csv
from tests.factories import AreaFactory, MetricFactory, TargetFactory
from tests.metrics.test_api import detail_url, list_url, results, xlsx_dicts

pytestmark = pytest.mark.django_db


def make_areas(count):
    """Essex and `count - 1` districts within it."""
    essex = AreaFactory()
    districts = Area.objects.bulk_create(
        Area(name=f"District {n}", slug=f"district-{n}", kind=Area.Kind.DISTRICT, parent=essex)
        for n in range(count - 1)
    )
    return [essex, *districts]


def make_targets(count):
    metric, area = MetricFactory(), AreaFactory()
    first = datetime.date(2018, 1, 1)
    return Target.objects.bulk_create(
        Target(metric=metric, area=area, value=300, due_date=first + datetime.timedelta(days=n))
        for n in range(count)
    )


MAKERS = {"area": make_areas, "target": make_targets}


# Areas


@pytest.fixture
def areas():
    essex = AreaFactory()
    north = AreaFactory(slug="lpa-north", name="LPA North", kind=Area.Kind.LPA, parent=essex)
    braintree = AreaFactory(slug="braintree", name="Braintree", kind="district", parent=north)
    return {"essex": essex, "north": north, "braintree": braintree}


def test_an_area_names_its_kind_and_the_area_it_lies_within(viewer_client, areas):
    north = areas["north"]
    body = viewer_client.get(detail_url("area", north.pk)).json()
    assert body["id"] == north.pk
    assert body["url"] == f"http://testserver{detail_url('area', north.pk)}"
    assert body["slug"] == "lpa-north"
    assert body["name"] == "LPA North"
    assert body["kind"] == "lpa"
    assert body["parent"]["id"] == areas["essex"].pk
    assert body["parent"]["slug"] == "essex"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "force"}, {"essex"}),
        ({"parent": "lpa-north"}, {"braintree"}),
        ({"q": "north"}, {"north"}),
    ],
)
def test_areas_are_filtered(viewer_client, areas, params, expected):
    rows = results(viewer_client, "area", **params)
    assert {row["id"] for row in rows} == {areas[name].pk for name in expected}


def test_areas_are_filtered_by_parent_id(viewer_client, areas):
    rows = results(viewer_client, "area", parent=areas["essex"].pk)
    assert [row["slug"] for row in rows] == ["lpa-north"]


def test_an_unknown_kind_of_area_is_a_400(viewer_client):
    error = error_of(viewer_client.get(list_url("area"), {"kind": "county"}), 400)
    assert set(error["fields"]) == {"kind"}


@pytest.mark.parametrize(
    ("ordering", "slugs"),
    [("name", ["braintree", "essex", "lpa-north"]), ("-name", ["lpa-north", "essex", "braintree"])],
)
def test_areas_are_ordered_as_asked(viewer_client, areas, ordering, slugs):
    assert [row["slug"] for row in results(viewer_client, "area", ordering=ordering)] == slugs


def test_areas_download_as_csv_and_excel(viewer_client, areas):
    csv_rows = as_dicts(parse_csv(viewer_client.get(list_url("area"), {"format": "csv"})))
    xlsx_rows = xlsx_dicts(viewer_client.get(list_url("area"), {"format": "xlsx"}))
    by_slug = {row["Slug"]: row for row in csv_rows}
    assert (by_slug["braintree"]["Kind"], by_slug["braintree"]["Kind label"]) == (
        "district",
        "District",
    )
    assert by_slug["braintree"]["Within"] == "LPA North"
    assert by_slug["essex"]["Within"] == ""
    assert {row["Id"] for row in xlsx_rows} == {area.pk for area in areas.values()}


# Targets


@pytest.fixture
def targets(areas):
    cadets = MetricFactory(slug="volunteer-police-cadets", name="Volunteer Police Cadets")
    savings = MetricFactory(slug="savings", name="Savings", unit=Metric.Unit.POUNDS)
    return {
        "cadets": TargetFactory(
            metric=cadets, area=areas["essex"], value=300, due_date=datetime.date(2018, 12, 31)
        ),
        "north": TargetFactory(
            metric=cadets,
            area=areas["north"],
            value=Decimal("75.5"),
            due_date=datetime.date(2018, 3, 31),
        ),
        "savings": TargetFactory(
            metric=savings, area=areas["essex"], value=21216, due_date=datetime.date(2019, 3, 31)
        ),
    }


def test_a_target_names_its_metric_area_value_and_due_date(viewer_client, targets):
    cadets = targets["cadets"]
    body = viewer_client.get(detail_url("target", cadets.pk)).json()
    assert body["id"] == cadets.pk
    assert body["url"] == f"http://testserver{detail_url('target', cadets.pk)}"
    assert body["metric"]["slug"] == "volunteer-police-cadets"
    assert body["metric"]["unit"] == "count"
    assert body["area"]["slug"] == "essex"
    assert body["value"] == "300"
    assert body["due_date"] == "2018-12-31"


def test_a_money_target_keeps_its_pence_and_others_no_trailing_zeros(viewer_client, targets):
    values = {row["id"]: row["value"] for row in results(viewer_client, "target")}
    assert values[targets["savings"].pk] == "21216.00"
    assert values[targets["north"].pk] == "75.5"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"metric": "volunteer-police-cadets"}, {"cadets", "north"}),
        ({"area": "lpa-north"}, {"north"}),
        ({"due_date_after": "2018-06-01"}, {"cadets", "savings"}),
        ({"due_date_before": "2018-12-31"}, {"cadets", "north"}),
        ({"due_date_after": "2018-06-01", "due_date_before": "2018-12-31"}, {"cadets"}),
    ],
)
def test_targets_are_filtered(viewer_client, targets, params, expected):
    rows = results(viewer_client, "target", **params)
    assert {row["id"] for row in rows} == {targets[name].pk for name in expected}


def test_targets_are_filtered_by_metric_id(viewer_client, targets):
    rows = results(viewer_client, "target", metric=targets["savings"].metric_id)
    assert [row["id"] for row in rows] == [targets["savings"].pk]


def test_a_due_date_that_is_no_date_is_a_400(viewer_client):
    error = error_of(viewer_client.get(list_url("target"), {"due_date_after": "soon"}), 400)
    assert error["fields"]


def test_targets_are_ordered_as_asked(viewer_client, targets):
    rows = results(viewer_client, "target", ordering="-due_date")
    assert [row["due_date"] for row in rows] == ["2019-03-31", "2018-12-31", "2018-03-31"]


def test_targets_download_as_csv_and_excel_with_numbers_as_numbers(viewer_client, targets):
    [csv_row] = as_dicts(
        parse_csv(viewer_client.get(list_url("target"), {"format": "csv", "area": "lpa-north"}))
    )
    assert csv_row["Metric"] == "Volunteer Police Cadets"
    assert csv_row["Area"] == "LPA North"
    assert csv_row["Value"] == "75.5"
    assert csv_row["Due date"] == "2018-03-31"
    response = viewer_client.get(list_url("target"), {"format": "xlsx", "metric": "savings"})
    [xlsx_row] = xlsx_dicts(response)
    assert xlsx_row["Value"] == 21216
    assert (xlsx_row["Unit"], xlsx_row["Unit label"]) == ("pounds", "Pounds sterling")
    assert xlsx_row["Due date"] == datetime.datetime(2019, 3, 31)


# What both resources share with the other lists: tests/essexperf/test_api_lists.py
