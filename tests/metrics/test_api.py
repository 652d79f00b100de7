"""Metrics and their latest values, as other systems read them through the API."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from metrics.models import Area, Metric, Observation
from tests.api_helpers import as_dicts, error_of, parse_csv, parse_xlsx, token_client
from tests.factories import (
    AreaFactory,
    CommitmentFactory,
    MetricFactory,
    ObservationFactory,
    ReportingPeriodFactory,
)
from tests.query_counts import DATA_VERSION_QUERIES, PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

MAY = datetime.date(2017, 5, 31)
JUNE = datetime.date(2017, 6, 30)
AUGUST = datetime.date(2017, 8, 31)
NOVEMBER = datetime.date(2017, 11, 30)


def list_url(resource):
    return reverse(f"api:{resource}-list")


def detail_url(resource, pk):
    return reverse(f"api:{resource}-detail", args=[pk])


def results(client, resource, **params):
    response = client.get(list_url(resource), params)
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def signed_in(user):
    """A client of its own: the conftest clients share one, so one person at a time."""
    client = Client()
    client.force_login(user)
    return client


def xlsx_dicts(response):
    """The one sheet's rows as dicts; openpyxl leaves out the empty cells ending a row."""
    [(header, *rows)] = parse_xlsx(response).values()
    return [dict(itertools.zip_longest(header, row)) for row in rows]


def level(metric, day, value, **fields):
    return ObservationFactory(
        metric=metric, start_date=day, end_date=day, value=Decimal(value), **fields
    )


def make_metrics(count):
    """`count` metrics of one commitment, each with a value compared with an earlier one."""
    commitment = CommitmentFactory()
    area = AreaFactory()
    metrics = Metric.objects.bulk_create(
        Metric(
            name=f"Metric {n}",
            slug=f"metric-{n}",
            unit=Metric.Unit.COUNT,
            measure=Metric.Measure.LEVEL,
            priority=commitment.priority,
            commitment=commitment,
        )
        for n in range(count)
    )
    earlier = Observation.objects.bulk_create(
        Observation(metric=m, area=area, start_date=MAY, end_date=MAY, value=10, basis="month")
        for m in metrics
    )
    Observation.objects.bulk_create(
        Observation(
            metric=o.metric,
            area=area,
            start_date=AUGUST,
            end_date=AUGUST,
            value=12,
            basis="month",
            compared_with=o,
        )
        for o in earlier
    )
    return metrics


@pytest.fixture
def headcount():
    """The September 2017 report's Special Constable headcount: 374, against 332 in May."""
    commitment = CommitmentFactory(priority__number=1, order=1)
    metric = MetricFactory(
        slug="special-constable-headcount",
        name="Special Constable headcount",
        unit=Metric.Unit.COUNT,
        up_is=Metric.UpIs.GOOD,
        measure=Metric.Measure.LEVEL,
        priority=commitment.priority,
        commitment=commitment,
    )
    may = level(metric, MAY, "332", basis=Observation.Basis.POINT_IN_TIME)
    level(metric, AUGUST, "374", basis="point_in_time", compared_with=may, data_to=AUGUST)
    return metric


@pytest.fixture
def overtime_value():
    """A money figure: pounds keep their pence."""
    metric = MetricFactory(unit=Metric.Unit.POUNDS, up_is=Metric.UpIs.BAD)
    level(metric, AUGUST, "21216", compared_with=level(metric, JUNE, "20000"))
    return metric


def latest_of(client, metric):
    response = client.get(detail_url("metric", metric.pk))
    assert response.status_code == 200
    return response.json()["latest_observation"]


def test_a_metric_carries_its_unit_direction_measure_priority_and_commitment(
    viewer_client, headcount
):
    [row] = results(viewer_client, "metric")
    assert row["id"] == headcount.pk
    assert row["url"] == f"http://testserver{detail_url('metric', headcount.pk)}"
    assert row["slug"] == "special-constable-headcount"
    assert row["unit"] == "count"
    assert row["up_is"] == "good"
    assert row["measure"] == "level"
    assert row["priority_number"] == 1
    assert row["commitment"]["id"] == headcount.commitment_id
    assert row["commitment"]["reference"] == "1.1"


def test_a_metric_shows_its_latest_value_and_its_change_on_the_value_compared_with(
    viewer_client, headcount
):
    latest = latest_of(viewer_client, headcount)
    august = headcount.observations.get(end_date=AUGUST)
    assert latest["id"] == august.pk
    assert latest["url"] == f"http://testserver{detail_url('observation', august.pk)}"
    assert latest["value"] == "374"
    assert latest["start_date"] == latest["end_date"] == "2017-08-31"
    assert latest["area"]["slug"] == "essex"
    assert latest["basis"] == "point_in_time"
    assert latest["data_to"] == "2017-08-31"
    assert latest["change"] == {
        "difference": "42",
        "percent": "12.7",
        "direction": "increase",
        "judgement": "good",
    }


def test_money_keeps_its_pence_and_a_rise_is_bad_where_up_is_bad(viewer_client, overtime_value):
    latest = latest_of(viewer_client, overtime_value)
    assert latest["value"] == "21216.00"
    assert latest["change"]["difference"] == "1216.00"
    assert latest["change"]["percent"] == "6.1"
    assert latest["change"]["judgement"] == "bad"


def test_other_values_lose_their_trailing_zeros(viewer_client):
    metric = MetricFactory(unit=Metric.Unit.PERCENT, minimum=Decimal("5.5000"))
    earlier = level(metric, MAY, "16.1000")
    level(metric, AUGUST, "16.1000", compared_with=earlier)
    body = viewer_client.get(detail_url("metric", metric.pk)).json()
    assert body["minimum"] == "5.5"
    assert body["maximum"] is None
    assert body["latest_observation"]["value"] == "16.1"
    assert body["latest_observation"]["change"]["difference"] == "0"
    assert body["latest_observation"]["change"]["direction"] == "no change"


def test_a_value_compared_with_zero_has_no_percentage(viewer_client):
    metric = MetricFactory()
    level(metric, AUGUST, "5", compared_with=level(metric, MAY, "0"))
    assert latest_of(viewer_client, metric)["change"]["percent"] is None


def test_a_metric_without_values_or_comparison_shows_none(viewer_client):
    empty, single = MetricFactory(), MetricFactory()
    level(single, AUGUST, "7")
    assert latest_of(viewer_client, empty) is None
    assert latest_of(viewer_client, single)["change"] is None


def test_of_values_ending_the_same_day_the_shorter_is_the_latest(viewer_client):
    metric = MetricFactory()
    ObservationFactory(metric=metric, start_date=datetime.date(2017, 4, 1), end_date=AUGUST)
    month = ObservationFactory(metric=metric, start_date=datetime.date(2017, 8, 1), end_date=AUGUST)
    assert latest_of(viewer_client, metric)["id"] == month.pk


def test_areas_are_ignored_when_finding_the_latest(viewer_client, headcount):
    # The newest value wins whichever area it covers.
    north = AreaFactory(slug="lpa-north", name="LPA North", kind=Area.Kind.LPA)
    level(headcount, datetime.date(2017, 9, 30), "40", area=north)
    assert latest_of(viewer_client, headcount)["area"]["slug"] == "lpa-north"


def published_period():
    return ReportingPeriodFactory(published=True, published_on=datetime.date(2017, 10, 1))


def test_a_value_of_a_draft_edition_is_the_latest_only_for_office_staff(viewer, editor, headcount):
    headcount.observations.update(reported_in=published_period())
    draft = ReportingPeriodFactory(financial_year=2017, quarter=3, data_to=NOVEMBER)
    november = level(headcount, NOVEMBER, "390", reported_in=draft)
    assert latest_of(signed_in(viewer), headcount)["value"] == "374"
    assert latest_of(token_client(), headcount)["value"] == "374"
    assert latest_of(signed_in(editor), headcount)["id"] == november.pk


def test_no_change_is_shown_against_a_value_the_reader_may_not_see(viewer, editor, headcount):
    draft = ReportingPeriodFactory(financial_year=2017, quarter=1, data_to=JUNE)
    restated = level(headcount, JUNE, "350", reported_in=draft)
    headcount.observations.filter(end_date=AUGUST).update(
        reported_in=published_period(), compared_with=restated
    )
    assert latest_of(signed_in(viewer), headcount)["change"] is None
    assert latest_of(signed_in(editor), headcount)["change"]["difference"] == "24"


@pytest.fixture
def metrics(headcount):
    other = CommitmentFactory(priority__number=2)
    return {
        "headcount": headcount,
        "money": MetricFactory(
            unit="pounds",
            up_is="bad",
            measure="total",
            name="Overtime cost",
            priority=other.priority,
        ),
        "demand": MetricFactory(
            unit="count",
            up_is="neutral",
            measure="average",
            description="Calls to 101.",
            priority=other.priority,
            commitment=other,
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"priority": 1}, {"headcount"}),
        ({"unit": "pounds"}, {"money"}),
        ({"up_is": "neutral"}, {"demand"}),
        ({"measure": "level"}, {"headcount"}),
        ({"q": "overtime"}, {"money"}),
        ({"q": "101"}, {"demand"}),
        ({"priority": 2, "unit": "count"}, {"demand"}),
    ],
)
def test_metrics_are_filtered(viewer_client, metrics, params, expected):
    rows = results(viewer_client, "metric", **params)
    assert {row["id"] for row in rows} == {metrics[name].pk for name in expected}


def test_metrics_are_filtered_by_commitment(viewer_client, metrics):
    rows = results(viewer_client, "metric", commitment=metrics["demand"].commitment_id)
    assert [row["id"] for row in rows] == [metrics["demand"].pk]


@pytest.mark.parametrize(
    "params", [{"unit": "litres"}, {"up_is": "sideways"}, {"measure": "x"}, {"commitment": 99999}]
)
def test_an_unknown_metric_filter_value_is_a_400(viewer_client, params):
    error = error_of(viewer_client.get(list_url("metric"), params), 400)
    assert set(error["fields"]) == set(params)


@pytest.mark.parametrize("ordering", ["name", "-name"])
def test_metrics_are_ordered_as_asked(viewer_client, metrics, ordering):
    names = [row["name"] for row in results(viewer_client, "metric", ordering=ordering)]
    assert names == sorted(names, reverse=ordering.startswith("-"))
    assert len(names) == 3


def test_metrics_download_as_csv_with_their_latest_values(viewer_client, headcount):
    response = viewer_client.get(list_url("metric"), {"format": "csv"})
    [row] = as_dicts(parse_csv(response))
    assert row["Id"] == str(headcount.pk)
    assert row["Name"] == "Special Constable headcount"
    assert (row["Unit"], row["Unit label"]) == ("count", "Count")
    assert row["Priority"] == "1"
    assert row["Commitment"] == "1.1"
    assert row["Latest value"] == "374"
    assert row["Latest to"] == "2017-08-31"
    assert row["Latest area"] == "Essex"
    assert row["Compared with"] == "332"
    assert row["Difference"] == "42"
    assert row["Change (%)"] == "12.7"
    assert row["Judgement"] == "good"


def test_metrics_download_as_excel_with_numbers_as_numbers(viewer_client, overtime_value):
    empty = MetricFactory(name="Zzz without values")
    rows = xlsx_dicts(viewer_client.get(list_url("metric"), {"format": "xlsx"}))
    by_id = {row["Id"]: row for row in rows}
    assert by_id[overtime_value.pk]["Latest value"] == 21216
    assert by_id[overtime_value.pk]["Difference"] == 1216
    assert by_id[overtime_value.pk]["Change (%)"] == pytest.approx(6.1)
    assert by_id[overtime_value.pk]["Latest to"] == datetime.datetime(2017, 8, 31)
    assert by_id[empty.pk]["Latest value"] is None


def test_someone_not_signed_in_gets_a_401_in_the_error_shape(client):
    assert error_of(client.get(list_url("metric")), 401)["code"] == "not_authenticated"


def test_a_page_holds_the_number_of_metrics_asked_for(viewer_client):
    make_metrics(5)
    body = viewer_client.get(list_url("metric"), {"page_size": 2}).json()
    assert body["count"] == 5
    assert len(body["results"]) == 2


def test_a_page_of_metrics_larger_than_the_maximum_is_cut_to_the_maximum(viewer_client):
    make_metrics(settings.API_MAX_PAGE_SIZE + 1)
    rows = results(viewer_client, "metric", page_size=settings.API_MAX_PAGE_SIZE + 100)
    assert len(rows) == settings.API_MAX_PAGE_SIZE


# Queries: the same count for 5 metrics as for 500.


@pytest.mark.parametrize("rows", [5, 500])
def test_a_list_of_metrics_reads_a_fixed_number_of_queries(
    viewer_client, django_assert_num_queries, rows
):
    make_metrics(rows)
    # session, user, the page of metrics joined with their priorities and commitments, with
    # the count of all metrics and the latest observation of each (subqueries)
    with django_assert_num_queries(3 + PERMISSION_QUERIES + DATA_VERSION_QUERIES):
        rendered = results(viewer_client, "metric", page_size=settings.API_MAX_PAGE_SIZE)
    assert len(rendered) == rows
    assert all(row["latest_observation"]["change"]["difference"] == "2" for row in rendered)


def test_a_metric_reads_a_fixed_number_of_queries(viewer_client, django_assert_num_queries):
    metric = make_metrics(5)[2]
    # session, user, the metric joined with its priority and commitment, with its latest
    # observation (a subquery)
    with django_assert_num_queries(3 + PERMISSION_QUERIES):
        response = viewer_client.get(detail_url("metric", metric.pk))
    assert response.json()["latest_observation"]["value"] == "12"


@pytest.mark.parametrize("rows", [5, 500])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_of_metrics_reads_a_fixed_number_of_queries(
    viewer_client, django_assert_num_queries, fmt, rows
):
    make_metrics(rows)
    # session, user, the metrics joined with priorities and commitments, with their latest
    # observations (a subquery)
    with django_assert_num_queries(3 + PERMISSION_QUERIES):
        response = viewer_client.get(list_url("metric"), {"format": fmt})
        table = as_dicts(parse_csv(response)) if fmt == "csv" else xlsx_dicts(response)
    assert len(table) == rows
    assert {str(row["Latest value"]) for row in table} <= {"12", "12.0"}
