"""The police.uk client against a fake police.uk served on 127.0.0.1 (tests/metrics/
policeuk_fake.py): every client here is given the fake's URL, so no test reaches the
internet. Expected values are worked out by hand from the fake's data."""

import csv
import datetime
import socket

import pytest

from metrics.policeuk import client as client_module
from metrics.policeuk.categories import CRIME_TYPES, crime_type
from metrics.policeuk.client import PoliceUkClient, PoliceUkError
from metrics.policeuk.polygons import halves, poly_parameter
from metrics.policeuk.pulling import STREET_COLUMNS, fetch_month, place, write_street_csv
from tests.metrics.policeuk_fake import running

BOTH_NEIGHBOURHOODS = [(51.7, 0.4), (51.8, 0.4), (51.8, 0.6), (51.7, 0.6)]


@pytest.fixture
def fake():
    with running() as server:
        yield server


def unlimited(fake, **options):
    """A client whose own limiter never waits, for tests not about the limit."""
    return PoliceUkClient(fake.url, rate=1e6, burst=1e6, **options)


class FakeTime:
    """A clock that only a sleep moves, each sleep recorded."""

    def __init__(self):
        self.now, self.sleeps = 0.0, []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_fetch_month_yields_each_crime_of_the_month_once_in_the_archive_columns(fake):
    rows = list(fetch_month(unlimited(fake), "essex", "2024-01"))

    # West's 101, 102 (anti-social behaviour, no id) and 104 (on the shared edge), East's
    # 103, 104 again and 105, then the two with no location; 106 is February's.
    assert [row["Crime ID"] for row in rows] == [
        *("pid101", "", "pid104", "pid103", "pid105"),
        *("pid201", "pid202"),
    ]
    assert all(list(row) == list(STREET_COLUMNS) for row in rows)
    assert rows[0] == {
        "Crime ID": "pid101",
        "Month": "2024-01",
        "Reported by": "Essex Police",
        "Falls within": "Essex Police",
        "Longitude": "0.430000",
        "Latitude": "51.750000",
        "Location": "On or near Moulsham Street",
        "LSOA code": "",
        "LSOA name": "",
        "Crime type": "Burglary",
        "Last outcome category": "Under investigation",
        "Context": "",
    }


def test_an_anti_social_behaviour_row_has_no_crime_id_and_no_outcome(fake):
    rows = list(fetch_month(unlimited(fake), "essex", "2024-01"))

    assert rows[1]["Crime ID"] == ""
    assert rows[1]["Crime type"] == "Anti-social behaviour"
    assert rows[1]["Location"] == "On or near Duke Street"
    assert (rows[1]["Latitude"], rows[1]["Longitude"]) == ("51.720000", "0.420000")
    assert rows[1]["Last outcome category"] == ""


def test_a_crime_with_no_outcome_status_has_an_empty_last_outcome(fake):
    rows = list(fetch_month(unlimited(fake), "essex", "2024-01"))

    assert rows[4]["Crime ID"] == "pid105"
    assert rows[4]["Crime type"] == "Vehicle crime"
    assert rows[4]["Last outcome category"] == ""


def test_a_crime_with_no_location_has_no_coordinates_or_place(fake):
    rows = list(fetch_month(unlimited(fake), "essex", "2024-01", force_name="Essex Constabulary"))

    assert rows[5] == {
        "Crime ID": "pid201",
        "Month": "2024-01",
        "Reported by": "Essex Constabulary",
        "Falls within": "Essex Constabulary",
        "Longitude": "",
        "Latitude": "",
        "Location": "",
        "LSOA code": "",
        "LSOA name": "",
        "Crime type": "Drugs",
        "Last outcome category": "Local resolution",
        "Context": "",
    }
    assert rows[6]["Crime type"] == "Possession of weapons"


def test_fetch_month_asks_police_uk_for_the_force_its_neighbourhoods_and_the_month(fake):
    list(fetch_month(unlimited(fake), "essex", "2024-01"))

    assert fake.requests == [
        ("GET", "/api/essex/neighbourhoods"),
        ("GET", "/api/essex/ESW1/boundary"),
        ("POST", "/api/crimes-street/all-crime"),
        ("GET", "/api/essex/ESE2/boundary"),
        ("POST", "/api/crimes-street/all-crime"),
        ("GET", "/api/crimes-no-location"),
    ]


def test_a_month_or_force_written_wrongly_is_refused_before_police_uk_is_asked(fake):
    client = unlimited(fake)

    with pytest.raises(ValueError, match="YYYY-MM"):
        fetch_month(client, "essex", "2024-13")
    with pytest.raises(ValueError, match="YYYY-MM"):
        client.street_crimes(BOTH_NEIGHBOURHOODS, "January 2024")
    with pytest.raises(ValueError, match="slug"):
        fetch_month(client, "Essex Police", "2024-01")
    assert fake.requests == []


def test_an_area_over_the_crime_limit_is_halved_and_each_crime_comes_back_once(fake):
    fake.crime_limit = 3

    crimes = unlimited(fake).street_crimes(BOTH_NEIGHBOURHOODS, "2024-01")

    # Five crimes refused; cut at longitude 0.5, the west half holds 101, 102 (and 104 on
    # the cut) and the east 103, 104 and 105: three each, answered.
    assert sorted(crime["id"] for crime in crimes) == [101, 102, 103, 104, 105]
    assert len(fake.street_requests()) == 3


def test_fetch_month_splits_neighbourhoods_over_the_limit_and_keeps_every_crime_once(fake):
    fake.crime_limit = 2

    rows = list(fetch_month(unlimited(fake), "essex", "2024-01"))

    assert sorted(row["Crime ID"] for row in rows) == sorted(
        ["pid101", "", "pid103", "pid104", "pid105", "pid201", "pid202"]
    )
    assert len(fake.street_requests()) > 2


def test_an_area_still_over_the_limit_after_the_deepest_split_raises(fake, monkeypatch):
    monkeypatch.setattr(client_module, "MAX_SPLIT_DEPTH", 2)
    fake.crime_limit = 0

    with pytest.raises(PoliceUkError, match="after halving it 2 times"):
        unlimited(fake).street_crimes(BOTH_NEIGHBOURHOODS, "2024-01")


def test_a_429_is_retried_after_a_growing_wait_and_the_call_succeeds(fake):
    fake.too_many_next = 2
    sleeps = []

    updated = unlimited(fake, sleep=sleeps.append).last_updated()

    assert updated == datetime.date(2024, 3, 1)
    assert sleeps == [1.0, 2.0]
    assert len(fake.requests) == 3


def test_a_429_with_retry_after_waits_as_long_as_police_uk_says(fake):
    fake.too_many_next, fake.retry_after = 1, "7"
    sleeps = []

    unlimited(fake, sleep=sleeps.append).neighbourhoods("essex")

    assert sleeps == [7.0]


def test_429s_beyond_max_retries_raise_after_waits_that_grew(fake):
    fake.too_many_next = 100
    sleeps = []

    with pytest.raises(PoliceUkError, match="429 Too Many Requests, still after 3 retries"):
        unlimited(fake, sleep=sleeps.append, max_retries=3).last_updated()

    assert sleeps == [1.0, 2.0, 4.0]
    assert len(fake.requests) == 4


def test_the_limiter_sends_a_burst_then_no_more_than_the_rate_a_second():
    time = FakeTime()
    bucket = PoliceUkClient("http://127.0.0.1:9", sleep=time.sleep, clock=time.clock).bucket

    sent = []
    for _ in range(60):
        bucket.take()
        sent.append(time.now)

    # 30 at once, then one each fifteenth of a second: the 60th at 30/15 = 2 seconds.
    assert sent == pytest.approx([0.0] * 30 + [k / 15 for k in range(1, 31)])
    assert sum(1 for moment in sent if 0 < moment <= 1) == 15


def test_the_limiter_refills_to_no_more_than_a_burst_after_a_pause():
    time = FakeTime()
    bucket = PoliceUkClient("http://127.0.0.1:9", sleep=time.sleep, clock=time.clock).bucket
    bucket.take()
    time.now = 100.0

    for _ in range(31):
        bucket.take()

    assert time.sleeps == pytest.approx([1 / 15])


def statuses(client, count):
    """The status of each of `count` requests sent as fast as the client's limiter lets."""
    found = []
    for _ in range(count):
        try:
            client.last_updated()
            found.append(200)
        except PoliceUkError as error:
            found.append(error.status)
    return found


def test_the_fake_answers_429_to_requests_beyond_its_burst(fake):
    answered = statuses(unlimited(fake, max_retries=0), 40)

    # 40 requests in well under the 2/3 of a second the bucket takes to drain 10.
    assert answered[:30] == [200] * 30
    assert 429 in answered[30:]


def test_a_client_limited_below_police_uks_rate_draws_no_429(fake):
    client = PoliceUkClient(fake.url, rate=12, burst=25, max_retries=0)

    assert statuses(client, 35) == [200] * 35


def test_a_server_error_raises_naming_the_path_and_status(fake):
    fake.canned["/api/essex/neighbourhoods"] = (500, b"Internal Server Error")

    with pytest.raises(PoliceUkError, match="/api/essex/neighbourhoods: HTTP 500") as raised:
        unlimited(fake).neighbourhoods("essex")

    assert raised.value.status == 500


def test_a_503_outside_street_crimes_raises_rather_than_splitting(fake):
    fake.canned["/api/crimes-no-location"] = (503, b"Service Unavailable")

    with pytest.raises(PoliceUkError, match="/api/crimes-no-location: HTTP 503"):
        unlimited(fake).crimes_no_location("essex", "2024-01")


def test_an_answer_that_is_not_json_raises(fake):
    fake.canned["/api/essex/neighbourhoods"] = (200, b"<html>maintenance</html>")

    with pytest.raises(PoliceUkError, match="/api/essex/neighbourhoods: the answer is not JSON"):
        unlimited(fake).neighbourhoods("essex")


def test_an_answer_of_the_wrong_shape_raises_naming_what_was_wrong(fake):
    fake.canned["/api/essex/neighbourhoods"] = (200, b'{"id": "ESW1"}')
    fake.canned["/api/essex/ESW1/boundary"] = (200, b'[{"latitude": "north", "longitude": "1"}]')
    fake.canned["/api/crimes-no-location"] = (200, b'[{"category": "drugs", "month": "2024-01"}]')
    fake.canned["/api/crime-last-updated"] = (200, b'{"date": "soon"}')
    client = unlimited(fake)

    with pytest.raises(PoliceUkError, match="neighbourhoods: the answer is not a list"):
        client.neighbourhoods("essex")
    with pytest.raises(PoliceUkError, match="'latitude' is not a number"):
        client.boundary("essex", "ESW1")
    with pytest.raises(PoliceUkError, match="a crime has no numeric id"):
        client.crimes_no_location("essex", "2024-01")
    with pytest.raises(PoliceUkError, match="'soon' is not a date"):
        client.last_updated()


def test_an_answer_over_the_size_bound_is_refused(fake, monkeypatch):
    monkeypatch.setattr(client_module, "MAX_RESPONSE_BYTES", 10)

    with pytest.raises(PoliceUkError, match="over 10 bytes"):
        unlimited(fake).neighbourhoods("essex")


def test_a_server_that_cannot_be_reached_raises_naming_the_path():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]

    with pytest.raises(PoliceUkError, match="/api/crime-last-updated: could not reach"):
        PoliceUkClient(f"http://127.0.0.1:{port}/api", timeout=5).last_updated()


def test_neighbourhoods_and_boundaries_read_as_the_api_gives_them(fake):
    client = unlimited(fake)

    assert client.neighbourhoods("essex") == [
        {"id": "ESW1", "name": "Chelmsford West"},
        {"id": "ESE2", "name": "Chelmsford East"},
    ]
    assert client.boundary("essex", "ESE2") == [(51.7, 0.5), (51.8, 0.5), (51.8, 0.6), (51.7, 0.6)]


def test_write_street_csv_writes_the_archive_header_and_rows_that_read_back_equal(fake, tmp_path):
    rows = list(fetch_month(unlimited(fake), "essex", "2024-01"))
    path = tmp_path / "2024-01-essex-street.csv"

    written = write_street_csv(rows, path)

    assert written == 7
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == (
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
        "LSOA code,LSOA name,Crime type,Last outcome category,Context"
    )
    with path.open(newline="", encoding="utf-8") as stream:
        assert list(csv.DictReader(stream)) == rows


def test_categories_map_to_the_archives_crime_types_and_an_unknown_one_is_marked():
    assert crime_type("violent-crime") == "Violence and sexual offences"
    assert crime_type("criminal-damage-arson") == "Criminal damage and arson"
    assert crime_type("public-disorder-weapons") == "Public disorder and weapons"
    assert crime_type("cyber-crime") == "Unknown category: cyber-crime"
    assert len(CRIME_TYPES) == 15
    assert CRIME_TYPES[0] == "Anti-social behaviour"


def test_a_street_is_worded_on_or_near_once():
    assert place({"street": {"name": "On or near High Street"}}) == "On or near High Street"
    assert place({"street": {"name": "High Street"}}) == "On or near High Street"
    assert place({}) == ""


def test_a_polygon_is_halved_across_its_longer_side_by_clipping():
    rectangle = [(0.0, 0.0), (0.0, 2.0), (1.0, 2.0), (1.0, 0.0)]
    triangle = [(0.0, 0.0), (2.0, 0.0), (0.0, 2.0)]

    assert halves(rectangle) == [
        [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0)],
        [(0.0, 1.0), (0.0, 2.0), (1.0, 2.0), (1.0, 1.0)],
    ]
    assert halves(triangle) == [
        [(0.0, 1.0), (0.0, 0.0), (2.0, 0.0), (1.0, 1.0)],
        [(0.0, 1.0), (1.0, 1.0), (0.0, 2.0)],
    ]


def test_a_polygon_is_written_as_police_uks_poly_parameter():
    assert poly_parameter([(51.7, 0.4), (51.8, 0.5), (51.75, 0.45)]) == (
        "51.7,0.4:51.8,0.5:51.75,0.45"
    )
