"""The API describes itself: an OpenAPI 3 schema, a docs page served wholly from this server,
and a root listing the resources."""

import re

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

RESOURCES = [
    "plans",
    "priorities",
    "commitments",
    "periods",
    "updates",
    "assessments",
    "areas",
    "metrics",
    "targets",
    "observations",
    "ksi-totals",
    "ksi-routes",
    "inspections",
    "findings",
]
REFERENCE = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    validate_schema(schema)  # Raises on a schema that breaks the OpenAPI 3 specification.
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "essexperf API"


def test_the_schema_answers_as_yaml_by_default(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def test_the_schema_describes_the_token_scheme(schema):
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["in"] == "header"
    assert scheme["name"] == "Authorization"
    assert "Token <token>" in scheme["description"]
    operation = schema["paths"]["/api/v1/updates/"]["get"]
    assert {"tokenAuth": []} in operation["security"]


def test_the_schema_describes_the_formats_of_a_list(schema):
    operation = schema["paths"]["/api/v1/updates/"]["get"]
    (parameter,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert parameter["schema"]["enum"] == ["csv", "json", "xlsx"]
    assert "unpaginated" in parameter["description"]


def test_the_schema_describes_the_error_shape(schema):
    responses = schema["paths"]["/api/v1/updates/"]["get"]["responses"]
    assert {"400", "401", "403"} <= set(responses)
    error = schema["components"]["schemas"]["ErrorDetail"]
    assert set(error["required"]) == {"status", "code", "message"}


def test_the_schema_says_a_write_may_be_refused_as_too_large_and_a_read_may_not(schema):
    observations = schema["paths"]["/api/v1/observations/"]
    one = schema["paths"]["/api/v1/observations/{id}/"]

    assert "413" in observations["post"]["responses"]
    assert "413" in one["put"]["responses"]
    assert "413" in one["patch"]["responses"]
    assert "413" not in observations["get"]["responses"]


def test_the_schema_describes_the_period_export(schema):
    operation = schema["paths"]["/api/v1/periods/{id}/export/"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {
        "application/json",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    (period,) = [p for p in operation["parameters"] if p["name"] == "id"]
    assert period["schema"]["type"] == "string"
    export = schema["components"]["schemas"]["PeriodExport"]["properties"]
    assert {"period", "updates", "ksi_routes", "ksi_totals"} <= set(export)


def test_the_docs_page_loads_nothing_from_another_host(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    # Static files, and the page's script from its own URL (no inline script: see the CSP).
    references = set(REFERENCE.findall(html)) - {"/api/v1/docs/?script="}
    assert references
    for reference in references:
        assert reference.startswith("/static/"), reference
        assert finders.find(reference.removeprefix("/static/")), reference
    assert "http://" not in html
    assert "https://" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert 'url: "/api/v1/schema/"' in script.content.decode()


def test_the_root_lists_the_resources(viewer_client):
    response = viewer_client.get("/api/v1/")
    assert response.status_code == 200
    links = response.json()
    assert set(RESOURCES) <= set(links)
    for name in RESOURCES:
        assert links[name] == f"http://testserver/api/v1/{name}/"


def test_an_address_under_the_api_that_names_no_endpoint_answers_a_json_404(outsider):
    response = outsider.get("/api/v1/no-such-thing/", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404
    assert "/api/v1/" in response.json()["error"]["message"]
