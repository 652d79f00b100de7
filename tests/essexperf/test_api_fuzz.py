"""The whole API fuzzed from its own OpenAPI schema: no request, valid or not, may fail on
the server or be answered in a shape the schema does not describe.

Requests go straight to the WSGI application, over the demo data and with a write token.
Random ids mostly miss, so an operation on one row is also fuzzed with the id of a row that
exists; with the request examples the schema documents, which Schemathesis sends among its
cases, reads then find rows and writes succeed. A few examples per operation keep the run
short enough for every test run; Hypothesis is derandomised, so a failure repeats.
"""

import logging

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from werkzeug.test import Client as WsgiClient

from essexperf.api.models import ApiToken
from essexperf.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 10
CHECKS = [not_a_server_error, response_schema_conformance]
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def connections_kept_open():
    """The application closes stale database connections around each request, which in a
    test would end the test's transaction. (Django's test client does the same, and connects
    them again after each request, so it is not used here.)"""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def headers(connections_kept_open, demo):
    _, secret = ApiToken.issue("Fuzzer", can_write=True)
    return {"Authorization": f"Token {secret}"}


def fuzz(operation, mode, headers, sent, fixed):
    """Raise on the first (shrunk) request whose response fails a check."""

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def check(case):
        response = case.call(headers=headers)
        sent.append(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)

    check()


def rounds(operation, headers):
    """(generation mode, fixed parts of the request) of each round of an operation."""
    yield GenerationMode.POSITIVE, {}
    yield GenerationMode.NEGATIVE, {}
    if "{id}" in operation.path:
        yield (
            GenerationMode.POSITIVE,
            {"path_parameters": {"id": newest_id(operation.path, headers)}},
        )


def newest_id(path, headers):
    """The id of the newest row of the list an {id} path lies under (0 if it is empty)."""
    list_path = path[: path.index("{id}")]
    response = WsgiClient(application).get(list_path, query_string="ordering=-id", headers=headers)
    rows = response.json["results"]
    return rows[0]["id"] if rows else 0


def test_no_request_fails_on_the_server_or_strays_from_the_schema(headers, caplog):
    # Refusals (400, 404) are expected by the hundred; server errors still show.
    caplog.set_level(logging.ERROR, logger="django.request")
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application, headers={**headers})
    sent, failures = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, fixed in rounds(operation, headers):
            try:
                fuzz(operation, mode, headers, sent, fixed)
            except (Exception, BaseExceptionGroup) as error:
                failures.append(f"{operation.label} ({mode}, {sorted(fixed)}): {error}")

    assert not failures, "\n\n".join(failures)
    assert len(sent) > 100
