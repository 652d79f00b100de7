"""What needs the board's attention through the API: /api/v1/exceptions/?period=, the
same reasons as the page, from the measures of tests/metrics/exception_helpers.py."""

import pytest
from django.urls import reverse

from metrics.exceptions import Kind
from tests.api_helpers import error_of
from tests.factories import AreaFactory, PriorityFactory
from tests.metrics import exception_helpers as built
from tests.page_helpers import text_of
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

URL = reverse("api:exception-list")


def test_the_api_answers_the_sentences_the_page_shows_in_the_same_order(viewer_client, published):
    built.every_kind(published)

    body = viewer_client.get(URL, {"period": "2017-18-Q2"}).json()
    page = text_of(viewer_client.get(reverse("metrics:exception_list")).content.decode())

    assert body["period"] == "2017-18-Q2"
    assert body["count"] == 8
    assert [row["sentence"] for row in body["results"]] == built.IN_ORDER
    assert all(row["sentence"] in page for row in body["results"])
    assert [row["severity"] for row in body["results"]] == [1, 2, 3, 4, 4, 5, 6, 7]


def test_each_reason_names_its_metric_area_kind_and_facts(viewer_client, published):
    built.every_kind(published)

    rows = viewer_client.get(URL, {"period": "2017-18-Q2"}).json()["results"]

    concern = rows[0]
    assert concern["metric"] == {
        "slug": "car-thefts",
        "name": "Car thefts",
        "url": "http://testserver/metrics/car-thefts/?period=2017-18-Q2",
    }
    assert concern["area"] == {"slug": "essex", "name": "Essex"}
    assert (concern["kind"], concern["kind_label"]) == (Kind.CONCERN, "Special cause concern")
    # 150 lies above the upper limit of 122.06 (exception_helpers.CONCERN_SERIES).
    assert concern["facts"]["rules"] == ["outside_limits"]
    no_figure = next(row for row in rows if row["metric"]["slug"] == "stop-and-searches")
    assert no_figure["area"] is None
    assert no_figure["facts"] == {"reported_in": None}


@pytest.mark.parametrize("period", ["", "Q2", "2017-18-Q3"])
def test_a_missing_malformed_or_unknown_period_is_refused_naming_period(
    viewer_client, published, period
):
    error = error_of(viewer_client.get(URL, {"period": period}), 400)

    assert list(error["fields"]) == ["period"]


@pytest.mark.parametrize("copies", [0, 3])
def test_the_answer_takes_a_fixed_number_of_queries_however_many_measures(
    viewer_client, published, django_assert_num_queries, copies
):
    built.every_kind(published)
    priority, essex = PriorityFactory(), AreaFactory()
    for number in range(copies):
        built.process_measures(priority, essex, prefix=f"Copy {number} ")

    # session, user, the reader's permissions; the period asked for, the data version (the
    # answer is kept for it), the periods to choose among; the metrics, their latest
    # figures, the process charts' figures, recalculations and targets, the peer group, the
    # peers' figures, their populations.
    with django_assert_num_queries(2 + PERMISSION_QUERIES + 3 + 8):
        body = viewer_client.get(URL, {"period": "2017-18-Q2"}).json()

    assert body["count"] == 8 + 3 * copies


def test_an_anonymous_caller_is_refused(outsider, published):
    error = error_of(outsider.get(URL, {"period": "2017-18-Q2"}), 401)

    assert error["code"] == "not_authenticated"


def test_a_second_request_reads_the_answer_from_the_cache(
    viewer_client, published, django_assert_num_queries
):
    built.every_kind(published)
    first = viewer_client.get(URL, {"period": published.code})

    # session, user, the reader's permissions; the period asked for, the data version.
    with django_assert_num_queries(2 + PERMISSION_QUERIES + 2):
        second = viewer_client.get(URL, {"period": published.code})

    assert second.json() == first.json()
    assert second.json()["count"] > 0
