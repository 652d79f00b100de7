"""A peer group for the tests: Essex, the home force, and three peers, each with its
population and a count of the same three months (June to August 2017).

    force     population  count  rate per 1,000
    Essex        200,000    300  300 / 200,000 x 1,000 = 1.50
    Kent         100,000    100  100 / 100,000 x 1,000 = 1.00
    Norfolk      400,000    800  800 / 400,000 x 1,000 = 2.00
    Suffolk      250,000    125  125 / 250,000 x 1,000 = 0.50 (its 2016 population: none
                                                                for 2017)

The group average is (1.50 + 1.00 + 2.00 + 0.50) / 4 = 5.00 / 4 = 1.25.
"""

import datetime
from decimal import Decimal

from metrics.models import Area, AreaPopulation, Metric, PeerGroup, PeerGroupMember
from tests.factories import AreaFactory, MetricFactory, ObservationFactory

JUNE = datetime.date(2017, 6, 1)
AUGUST = datetime.date(2017, 8, 31)
FORCES = [
    # (name, population year, population, count)
    ("Essex", 2017, 200_000, 300),
    ("Kent", 2017, 100_000, 100),
    ("Norfolk", 2017, 400_000, 800),
    ("Suffolk", 2016, 250_000, 125),
]


def force(name):
    return AreaFactory(name=name, slug=name.lower(), kind=Area.Kind.FORCE)


def peer_group(up_is=Metric.UpIs.BAD, period=None, slug="burglaries", counts=None):
    """The metric (a count) and the four forces' figures of it (or `counts` by slug, None
    for no figure); the forces by slug."""
    metric = MetricFactory(name="Burglaries", slug=slug, up_is=up_is)
    areas = {}
    for name, year, population, count in FORCES:
        area = areas[name.lower()] = force(name)
        count = (counts or {}).get(name.lower(), count)
        AreaPopulation.objects.get_or_create(
            area=area, year=year, defaults={"population": population, "source": "ONS"}
        )
        if count is None:
            continue
        ObservationFactory(
            metric=metric,
            area=area,
            start_date=JUNE,
            end_date=AUGUST,
            value=Decimal(count),
            reported_in=period,
        )
    group, _ = PeerGroup.objects.get_or_create(
        name="Most similar group", defaults={"home_force": areas["essex"]}
    )
    for order, slug_ in enumerate(["kent", "norfolk", "suffolk"], start=1):
        PeerGroupMember.objects.get_or_create(group=group, area=areas[slug_], order=order)
    return metric, areas
