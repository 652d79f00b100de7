"""What a metric's page keeps in the cache: one copy per area that exists, however many
made-up areas its address is asked with."""

import pytest
from django.urls import reverse

from essexperf.pagecache import pages as pagecache_pages
from tests.factories import AreaFactory, MetricFactory, ObservationFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def url():
    """A metric with a figure for Essex reported in a published period."""
    period = ReportingPeriodFactory(published=True)
    metric = MetricFactory(slug="hours", name="Hours")
    ObservationFactory(metric=metric, area=AreaFactory(), reported_in=period)
    return reverse("metrics:metric_detail", args=["hours"])


@pytest.fixture
def kept(monkeypatch):
    """The keys the page cache is asked to keep."""
    keys = []
    monkeypatch.setattr(pagecache_pages.cache, "set", lambda key, *args: keys.append(key))
    return keys


def test_made_up_areas_show_the_headline_area_and_keep_one_copy(viewer_client, url, kept):
    for made_up in ("made-up-1", "made-up-2", ""):
        response = viewer_client.get(url, {"area": made_up})
        assert response.status_code == 200
        assert "Essex" in response.text

    assert len(set(kept)) == 1


def test_each_area_that_exists_keeps_a_copy_of_its_own(viewer_client, url, kept):
    AreaFactory(slug="braintree", name="Braintree")
    for area in ("essex", "braintree", ""):
        assert viewer_client.get(url, {"area": area}).status_code == 200

    assert len(set(kept)) == 3
