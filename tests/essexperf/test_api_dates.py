"""Dates sent to the API, in a list's filters or a feed's items: a day that does not exist,
such as 2018-02-31, is told apart from text that is not written as a date."""

import datetime

import pytest
from django.urls import reverse

from essexperf.dates import NotARealDate, parse_iso_date
from tests.api_helpers import error_of, token_client
from tests.factories import AreaFactory, MetricFactory, ObservationFactory

pytestmark = pytest.mark.django_db

NOT_A_DATE = "Not a date: write it as YYYY-MM-DD."


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2018-02-31", "February 2018 has 28 days"),
        ("2017-02-29", "February 2017 has 28 days"),
        ("2018-04-31", "April 2018 has 30 days"),
        ("2018-13-01", "there is no month 13"),
        ("2018-00-10", "there is no month 0"),
        ("2018-01-00", "there is no day 0"),
        ("0000-01-01", "there is no year 0"),
    ],
)
def test_a_date_that_names_no_day_says_it_is_not_a_real_date_and_why(text, reason):
    with pytest.raises(NotARealDate) as raised:
        parse_iso_date(text)

    assert str(raised.value) == f"{text} is not a real date: {reason}."


@pytest.mark.parametrize("text", ["last week", "31/02/2018", "2018-2-3", "", None, 20180231])
def test_text_that_is_not_a_date_is_told_how_to_write_one(text):
    with pytest.raises(ValueError, match=r"^Not a date: write it as YYYY-MM-DD\.$") as raised:
        parse_iso_date(text)

    assert not isinstance(raised.value, NotARealDate)


def test_a_day_that_exists_is_read():
    assert parse_iso_date("2016-02-29") == datetime.date(2016, 2, 29)


# In a list's filters


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("api:observation-list", {"to": "2018-02-31"}, "to"),
        ("api:observation-list", {"from": "2018-02-31"}, "from"),
        ("api:target-list", {"due_date_after": "2018-02-31"}, "due_date"),
        ("api:finding-list", {"due_date_before": "2018-02-31"}, "due_date"),
    ],
)
def test_an_impossible_date_in_a_filter_is_refused_as_not_a_real_date(
    viewer_client, name, params, field
):
    error = error_of(viewer_client.get(reverse(name), params), 400)

    assert error["fields"][field] == ["2018-02-31 is not a real date: February 2018 has 28 days."]


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("api:observation-list", {"to": "last week"}, "to"),
        ("api:finding-list", {"due_date_after": "soon"}, "due_date"),
    ],
)
def test_a_filter_value_that_is_no_date_is_told_how_to_write_one(
    viewer_client, name, params, field
):
    error = error_of(viewer_client.get(reverse(name), params), 400)

    assert error["fields"][field] == [NOT_A_DATE]


def test_a_real_date_in_a_filter_selects_rows(viewer_client):
    ObservationFactory(end_date=datetime.date(2017, 8, 31))

    response = viewer_client.get(reverse("api:observation-list"), {"to": "2017-08-31"})
    later = viewer_client.get(reverse("api:observation-list"), {"to": "2017-08-30"})

    assert len(response.json()["results"]) == 1
    assert later.json()["results"] == []


# In a feed's items


@pytest.fixture
def feed():
    MetricFactory(slug="calls")
    AreaFactory()
    return token_client(can_write=True)


def item(**changes):
    base = {"metric": "calls", "area": "essex", "value": "5", "basis": "month"}
    return base | {"start_date": "2018-02-01", "end_date": "2018-02-28"} | changes


def reasons(response):
    return {
        (problem["field"], problem["reason"])
        for problem in error_of(response, 400)["fields"]["items"]
    }


def post(feed, body):
    return feed.post(reverse("api:observation-list"), body, content_type="application/json")


def test_an_impossible_date_in_a_feed_item_is_refused_as_not_a_real_date(feed):
    response = post(feed, [item(end_date="2018-02-31", data_to="2018-13-01")])

    assert reasons(response) == {
        ("end_date", "2018-02-31 is not a real date: February 2018 has 28 days."),
        ("data_to", "2018-13-01 is not a real date: there is no month 13."),
    }


def test_a_badly_written_date_in_a_feed_item_is_told_how_to_write_one(feed):
    response = post(feed, [item(end_date="28/02/2018")])

    assert reasons(response) == {
        ("end_date", "'28/02/2018' is not a date: write it as YYYY-MM-DD."),
    }


def test_an_impossible_date_of_a_comparison_names_the_comparisons_field(feed):
    response = post(feed, [item(compared_with={"date": "2017-02-29"})])

    assert reasons(response) == {
        ("compared_with.date", "2017-02-29 is not a real date: February 2017 has 28 days."),
    }


def test_a_feed_item_with_real_dates_is_written(feed):
    assert post(feed, [item()]).status_code == 201


def test_changing_an_observations_date_to_an_impossible_one_says_so(feed):
    written = post(feed, [item()]).json()["observations"][0]["id"]

    response = feed.patch(
        reverse("api:observation-detail", args=[written]),
        {"end_date": "2018-02-30"},
        content_type="application/json",
    )

    assert reasons(response) == {
        ("end_date", "2018-02-30 is not a real date: February 2018 has 28 days."),
    }
