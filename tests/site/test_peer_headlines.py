"""A peer force's figures never stand for the home force's on the composed pages: the
overview's headlines, what changed and the report of the demo's 2017-18-Q2, with Kent in
Essex's peer group holding a newer figure of the Specials' hours that got much worse."""

import datetime
from decimal import Decimal

import pytest

from essexperf.site.changes import what_changed
from metrics.models import Area, Metric, PeerGroup, PeerGroupMember
from tests.factories import ObservationFactory
from tests.page_helpers import text_of
from tests.site.test_what_changed import selection_of

pytestmark = pytest.mark.django_db

HOURS = "special-constable-hours"


@pytest.fixture
def kent_newer(demo):
    """Kent's July to September 2017 hours, 10 against 1,000 a year before: newer than
    Essex's (June to August) and worse, were it Essex's."""
    essex = Area.objects.get(slug="essex")
    kent = Area.objects.create(name="Kent", slug="kent", kind=Area.Kind.FORCE)
    group = PeerGroup.objects.create(name="Most similar group", home_force=essex)
    PeerGroupMember.objects.create(group=group, area=kent, order=1)
    metric = Metric.objects.get(slug=HOURS)
    earlier = ObservationFactory(
        metric=metric,
        area=kent,
        start_date=datetime.date(2016, 7, 1),
        end_date=datetime.date(2016, 9, 30),
        value=Decimal(1000),
    )
    return ObservationFactory(
        metric=metric,
        area=kent,
        start_date=datetime.date(2017, 7, 1),
        end_date=datetime.date(2017, 9, 30),
        value=Decimal(10),
        compared_with=earlier,
    )


def test_what_changed_never_lists_a_peers_figure(viewer, kent_newer):
    changes = what_changed(viewer, selection_of("2017-18-Q2"))

    assert all(observation.area.slug != "kent" for observation, _ in changes.worse)


def test_the_overview_headlines_the_home_forces_hours(viewer_client, kent_newer):
    page = text_of(viewer_client.get("/"))

    assert "29,620 hours" in page
    assert "1,000 hours" not in page
    assert "Kent" not in page


def test_the_report_never_shows_a_peers_figure(viewer_client, kent_newer):
    page = text_of(viewer_client.get("/reports/2017-18-Q2/"))

    assert "29,620 hours (1 Jun to 31 Aug 2017)" in page
    assert "1,000 hours" not in page
