"""The API's serializers answer exactly what REST framework's own way of serializing would,
for every resource, as a list and as one row, with the demo data."""

import pytest
from django.urls import reverse
from rest_framework import serializers

from essexperf.api.serializers import QuickModelSerializer
from inspections.models import Inspection
from priorities.models import Commitment, ReportingPeriod
from tests.api_helpers import model_resources
from tests.factories import AssessmentFactory, FindingFactory

pytestmark = pytest.mark.django_db

RESOURCES = model_resources()


@pytest.fixture
def demo(demo):
    """The demo data, with the kinds of row it lacks."""
    commitment, period = Commitment.objects.first(), ReportingPeriod.objects.first()
    AssessmentFactory(commitment=commitment, period=period, status="off_track", reason="Late.")
    FindingFactory(inspection=Inspection.objects.first())


def answers(client, params):
    """{resource: (its list's rows, its first row read alone)}."""
    found = {}
    for basename in RESOURCES:
        rows = client.get(reverse(f"api:{basename}-list"), params).json()["results"]
        detail = reverse(f"api:{basename}-detail", args=[rows[0]["id"]])
        found[basename] = rows, client.get(detail, params).json()
    return found


@pytest.mark.parametrize("params", [{"page_size": 500}, {"page_size": 500, "format": "json"}])
def test_each_resource_answers_as_rest_framework_would(demo, editor_client, monkeypatch, params):
    quick = answers(editor_client, params)
    monkeypatch.setattr(
        QuickModelSerializer, "to_representation", serializers.ModelSerializer.to_representation
    )
    slow = answers(editor_client, params)

    for basename in RESOURCES:
        assert quick[basename] == slow[basename], basename
