"""Bodies no feed sends: each is refused with 400 or 413 in the API's error shape, never a
server error or an HTML page, and nothing is written."""

import io

import pytest
from rest_framework.exceptions import ParseError

from essexperf.api.parsers import MAX_DEPTH, BoundedJSONParser
from metrics.models import Observation
from tests.api_helpers import error_of, token_client
from tests.factories import AreaFactory, MetricFactory, ObservationFactory

pytestmark = pytest.mark.django_db

OBSERVATIONS = "/api/v1/observations/"
ITEM = (
    b'{"metric": "calls", "area": "essex", "date": "2017-11-30", "value": "12", '
    b'"basis": "point_in_time", "source": "%s"}'
)
# Each malformed in its own way: code of the refusal, body.
MALFORMED = {
    "a lone surrogate in a value": ("parse_error", ITEM % rb"\ud800"),
    "a lone surrogate in a name": ("parse_error", b'{"metric\\udfff": "calls"}'),
    "a lone surrogate in a lookup": ("parse_error", b'{"metric": "\\ud800"}'),
    "100,000 open lists": ("parse_error", b"[" * 100_000),
    "100,000 nested lists": ("parse_error", b"[" * 100_000 + b"]" * 100_000),
    "100,000 nested objects": ("parse_error", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
    "invalid UTF-8": ("parse_error", ITEM % b"caf\xe9"),
    "an encoded surrogate": ("parse_error", ITEM % b"\xed\xa0\x80"),
    "a number": ("invalid", b"5"),
    "a string": ("invalid", b'"calls"'),
    "null": ("invalid", b"null"),
}


@pytest.fixture
def calls():
    AreaFactory()
    return MetricFactory(slug="calls")


def writer():
    client = token_client(can_write=True)
    # A server error is a response here, as a system would get it, not an exception.
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_feed_is_refused_in_the_error_shape_and_writes_nothing(calls, name):
    code, body = MALFORMED[name]

    response = writer().post(OBSERVATIONS, body, content_type="application/json")

    assert error_of(response, 400)["code"] == code
    assert not Observation.objects.exists()


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_change_is_refused_in_the_error_shape(calls, name):
    code, body = MALFORMED[name]
    stored = ObservationFactory(metric=calls)

    response = writer().patch(f"{OBSERVATIONS}{stored.pk}/", body, content_type="application/json")

    assert error_of(response, 400)["code"] == code
    assert Observation.objects.get().value == stored.value


def test_a_lone_surrogate_is_named_in_the_refusal(calls):
    response = writer().post(OBSERVATIONS, ITEM % rb"\ud800", content_type="application/json")

    assert error_of(response, 400)["message"] == (
        "The body holds \\ud800, half of a character (a lone surrogate): send each character "
        "whole, as UTF-8 or as both halves of its \\u escape."
    )


def test_nesting_too_deep_is_named_in_the_refusal(calls):
    response = writer().post(OBSERVATIONS, b"[" * 100_000, content_type="application/json")

    assert error_of(response, 400)["message"] == (
        f"The body nests lists and objects more than {MAX_DEPTH} deep: a feed needs three "
        "(a list of observations, each an object, its comparison an object)."
    )


def test_a_body_over_the_upload_limit_is_answered_413_in_the_error_shape(calls, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = b"[" + b",".join([ITEM % b"x"] * 10) + b"]"
    assert len(body) > 1000

    response = writer().post(OBSERVATIONS, body, content_type="application/json")

    error = error_of(response, 413)
    assert error["code"] == "too_large"
    assert error["message"] == (
        "The body is larger than the 1000 bytes a request may send: send fewer observations "
        "at a time."
    )
    assert not Observation.objects.exists()


def test_a_body_within_the_upload_limit_is_written(calls, settings):
    body = ITEM % b"x"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(body)

    response = writer().post(OBSERVATIONS, body, content_type="application/json")

    assert response.status_code == 201
    assert Observation.objects.get().source == "x"


def parse(body):
    return BoundedJSONParser().parse(io.BytesIO(body), "application/json", {})


def test_the_parser_reads_nesting_as_deep_as_the_bound():
    nested = parse(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)
    depth = 0
    while isinstance(nested, list):
        depth += 1
        nested = nested[0] if nested else None
    assert depth == MAX_DEPTH


def test_the_parser_refuses_one_level_more():
    with pytest.raises(ParseError):
        parse(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1))


def test_the_parser_reads_a_character_escaped_as_both_halves():
    assert parse(b'{"source": "\\ud83d\\ude93 Essex"}') == {"source": "\U0001f693 Essex"}
