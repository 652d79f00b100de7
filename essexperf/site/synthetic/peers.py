"""A synthetic most similar group: the home force and seven peer forces, each with a mid-year
population for every year the figures cover, and the peers' figures of every count of
events (metrics.rates.has_rate) over the spans the home force reports at each data-to date.

A peer's figure is the home force's scaled to the peer's population, times a factor of its
own: on every other such metric the peers all do better, so the home force ranks in the
bottom half; on the rest the forces are mixed.
"""

from decimal import Decimal

from django.db.models import F

from essexperf.site.synthetic.observations import SOURCE
from metrics.importers import import_areas
from metrics.models import (
    Area,
    AreaPopulation,
    Metric,
    Observation,
    PeerGroup,
    PeerGroupMember,
)
from metrics.rates import has_rate

HOME_FORCE = "essex"
# (slug, name, mid-2017 population): named after the home force's real most similar group,
# with their populations rounded.
HOME_POPULATION = 1_795_000
PEER_FORCES = [
    ("kent", "Kent", 1_846_000),
    ("hertfordshire", "Hertfordshire", 1_184_000),
    ("thames-valley", "Thames Valley", 2_374_000),
    ("sussex", "Sussex", 1_680_000),
    ("hampshire", "Hampshire", 1_998_000),
    ("avon-and-somerset", "Avon and Somerset", 1_679_000),
    ("surrey", "Surrey", 1_190_000),
]
POPULATION_YEAR = 2017
YEARLY_GROWTH = 0.007
POPULATION_SOURCE = "ONS mid-year estimates (synthetic)"
GROUP_NAME = "Most similar group (synthetic)"
PEER_SOURCE = "Peer forces' published figures (synthetic)"
# How much better every peer does where the home force trails, and how far the forces
# spread otherwise, as shares of the home force's rate; and each figure's own noise.
TRAILING_LEAD = (0.08, 0.3)
MIXED_SPREAD = 0.2
FIGURE_NOISE = 0.02


def generate_peers(sizes, firsts, writer, tally):
    """The peer forces, their group, everyone's populations and the peers' figures."""
    rng = sizes.random("peers")
    import_areas(
        {"areas": [{"slug": s, "name": n, "kind": Area.Kind.FORCE} for s, n, _ in PEER_FORCES]},
        tally,
    )
    home = Area.objects.get(slug=HOME_FORCE)
    peers = {area.slug: area for area in Area.objects.filter(slug__in=peer_slugs())}
    sized = [(home, HOME_POPULATION)] + [(peers[s], people) for s, _, people in PEER_FORCES]
    years = range(firsts[0].year, firsts[-1].year + 1)
    writer.insert_all(population_rows(sized, years))
    group = writer.insert_all([PeerGroup(name=GROUP_NAME, home_force=home)])[0]
    writer.insert_all(
        PeerGroupMember(group=group, area=area, order=order)
        for order, (area, _) in enumerate(sized[1:], start=1)
    )
    writer.insert_all(peer_rows(rng, home, sized[1:]))


def peer_slugs():
    return [slug for slug, _, _ in PEER_FORCES]


def population_rows(sized, years):
    for area, people in sized:
        for year in years:
            growth = (1 + YEARLY_GROWTH) ** (year - POPULATION_YEAR)
            yield AreaPopulation(
                area=area, year=year, population=round(people * growth), source=POPULATION_SOURCE
            )


def home_figures(home):
    """The home force's generated figures of every count of events at each edition's data-to
    date: its month and its three months."""
    rows = Observation.objects.filter(area=home, source=SOURCE, end_date=F("data_to"))
    rows = rows.select_related("metric").order_by("metric_id", "end_date", "basis")
    return [row for row in rows if has_rate(row.metric)]


def peer_rows(rng, home, peers):
    """Each peer's figure over the span of each of the home force's."""
    figures = home_figures(home)
    metric_ids = sorted({row.metric_id for row in figures})
    factors = {}
    for row in figures:
        for area, people in peers:
            key = (row.metric_id, area.pk)
            if key not in factors:
                trailing = metric_ids.index(row.metric_id) % 2 == 0
                factors[key] = peer_factor(rng, row.metric, trailing)
            scale = people / HOME_POPULATION * factors[key] * (1 + rng.gauss(0, FIGURE_NOISE))
            yield Observation(
                metric=row.metric,
                area=area,
                start_date=row.start_date,
                end_date=row.end_date,
                value=Decimal(round(float(row.value) * scale)),
                basis=row.basis,
                reported_in_id=row.reported_in_id,
                source=PEER_SOURCE,
                data_to=row.data_to,
            )


def peer_factor(rng, metric, trailing):
    """A peer's rate as a multiple of the home force's: better where the home force trails."""
    if trailing:
        better = -1 if metric.up_is == Metric.UpIs.BAD else 1
        return 1 + better * rng.uniform(*TRAILING_LEAD)
    return 1 + rng.uniform(-MIXED_SPREAD, MIXED_SPREAD)
