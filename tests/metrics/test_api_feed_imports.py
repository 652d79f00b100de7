"""A data feed's batch, POSTed to the API, is recorded as an import of the feed's source
(the token's name): who, when, its size and SHA-256, and what became of its items; each
figure it writes names it, and a refused batch is recorded as failed with why."""

import hashlib
import json

import pytest
from django.urls import reverse

from essexperf.api.models import ApiToken
from metrics.models import DataImport, DataSource, Observation
from tests.api_helpers import token_client
from tests.factories import AreaFactory, MetricFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:observation-list")


@pytest.fixture
def headcount():
    AreaFactory()
    return MetricFactory(slug="headcount", name="Headcount", measure="level")


def sent(*items):
    return [
        {
            "metric": "headcount",
            "area": "essex",
            "date": date,
            "value": value,
            "basis": "point_in_time",
        }
        for date, value in items
    ]


def test_a_posted_batch_is_an_import_of_the_tokens_feed_that_its_figures_name(headcount):
    writer = token_client(can_write=True)
    name = ApiToken.objects.get().name
    batch = sent(("2017-09-30", "380"), ("2017-10-31", "381"))

    response = writer.post(LIST, batch, content_type="application/json")

    assert response.status_code == 201
    record = DataImport.objects.get()
    assert record.source.name == f"API feed: {name}"
    assert record.source.kind == DataSource.Kind.API_FEED
    assert record.file_name == "POST /api/v1/observations/ (2 items)"
    canonical = json.dumps(batch, sort_keys=True, separators=(",", ":")).encode()
    assert (record.file_size, record.sha256) == (
        len(canonical),
        hashlib.sha256(canonical).hexdigest(),
    )
    assert (record.rows_read, record.rows_written, record.rows_unchanged) == (2, 2, 0)
    assert (record.run_by, record.state) == (f"API token {name}", "done")
    assert set(Observation.objects.values_list("data_import", flat=True)) == {record.pk}


def test_the_same_batch_again_is_a_second_import_writing_nothing(headcount):
    writer = token_client(can_write=True)
    batch = sent(("2017-09-30", "380"))
    writer.post(LIST, batch, content_type="application/json")

    writer.post(LIST, batch, content_type="application/json")

    first, second = DataImport.objects.order_by("pk")
    assert second.sha256 == first.sha256
    assert (second.rows_written, second.rows_unchanged) == (0, 1)
    # The figure still names the import that wrote it.
    assert Observation.objects.get().data_import == first


def test_a_refused_batch_is_recorded_as_failed_with_its_items_problems(headcount):
    writer = token_client(can_write=True)
    batch = sent(("2017-09-30", "380"), ("2017-10-31", "-1"))

    response = writer.post(LIST, batch, content_type="application/json")

    assert response.status_code == 400
    record = DataImport.objects.get()
    assert record.state == DataImport.State.FAILED
    assert record.rows_rejected == 1
    assert record.rejections == [{"row": 2, "why": "value: Headcount cannot be below 0."}]
    assert not Observation.objects.exists()
