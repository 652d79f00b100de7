"""Generating a scale's data, stage by stage, in the order rows depend on each other."""

from dataclasses import dataclass

from essexperf.importing import Tally
from essexperf.site.synthetic import words
from essexperf.site.synthetic.figures import (
    all_series,
    generate_areas,
    generate_metrics,
    generate_recalculations,
    generate_targets,
    metric_kinds,
    metric_shapes,
)
from essexperf.site.synthetic.hmicfrs import (
    generate_findings,
    generate_inspections,
    inspection_years,
)
from essexperf.site.synthetic.observations import generate_observations, months
from essexperf.site.synthetic.peers import PEER_FORCES, generate_peers
from essexperf.site.synthetic.plans import (
    DEMO_COMMITMENTS,
    REFRESHED_ON,
    generate_periods,
    generate_plans,
    generate_updates,
    quarters,
)
from essexperf.site.synthetic.roads import generate_ksi
from essexperf.site.synthetic.rows import Checker, Writer
from essexperf.site.synthetic.shapes import MIN_MONTHS, SHAPES
from metrics.models import Metric

DEMO_AREAS = 7
MOST_AREAS = (
    DEMO_AREAS
    + len(words.DISTRICTS)
    + len(words.NEIGHBOURHOODS) * (len(words.DISTRICTS) + len(words.DEMO_DISTRICTS))
)


class CountingTally(Tally):
    """A Tally that moves the progress bar on with every row the importers create."""

    def __init__(self, progress):
        super().__init__()
        self.progress = progress

    def count_created(self, model):
        super().count_created(model)
        self.progress.advance(1)


@dataclass
class Outcome:
    tally: Tally
    checker: Checker


def generate(sizes, progress):
    """Write the scale's rows; return what was created and how much of it was checked."""
    tally = CountingTally(progress)
    checker = Checker(sizes.check_every)
    writer = Writer(checker, progress, tally)
    progress.start("periods")
    periods = generate_periods(sizes, tally)
    progress.start("plans")
    generate_plans(sizes, tally)
    progress.start("areas")
    generate_areas(sizes, tally)
    progress.start("metrics")
    generate_metrics(sizes, tally)
    firsts = months(sizes, periods)
    shapes = metric_shapes(sizes)
    series = all_series(sizes, shapes, len(firsts))
    generate_targets(sizes, series, tally)
    generate_recalculations(shapes, firsts, writer)
    progress.start("updates")
    generate_updates(sizes, periods, writer)
    progress.start("observations")
    generate_observations(sizes, firsts, periods, series, writer)
    progress.start("peers")
    generate_peers(sizes, firsts, writer, tally)
    progress.start("inspections")
    generate_inspections(sizes, tally)
    progress.start("findings")
    generate_findings(sizes, writer)
    progress.start("ksi")
    generate_ksi(sizes, periods, tally)
    progress.finish()
    return Outcome(tally, checker)


def estimates(sizes):
    """{stage: rows it will create, roughly}, for the progress bar and the confirmation."""
    areas = min(MOST_AREAS, DEMO_AREAS + sizes.extra_areas)
    kinds = metric_kinds()[: sizes.metrics]
    totals = sum(1 for _, measure in kinds if measure[2] == Metric.Measure.TOTAL)
    counts = sum(1 for _, measure in kinds if measure[1:3] == ("count", "total"))
    months = max(MIN_MONTHS, 12 * sizes.years - 1)
    periods = len(quarters(sizes))
    later_plans = sum(1 for _, first, _ in words.NEXT_PLANS if first <= sizes.last_year)
    reported = commitment_periods(sizes)
    per_commitment = (1 + sizes.most_updates) / 2 + 1
    inspections = 4 * len(inspection_years(sizes))
    return {
        "periods": periods,
        "plans": later_plans * sizes.priorities_per_plan * (1 + sizes.commitments_per_priority),
        "areas": areas - DEMO_AREAS,
        "metrics": sizes.metrics * (1 + later_plans) + sizes.metrics // len(SHAPES),
        "updates": round(reported * per_commitment),
        "observations": areas * (sizes.metrics * months + totals * 4 * sizes.years),
        "inspections": inspections,
        "findings": inspections * (1 + sizes.most_findings) // 2,
        # Peer forces and their places in the group, the group, populations, peer figures.
        "peers": len(PEER_FORCES) * (2 + 2 * counts * periods)
        + (1 + len(PEER_FORCES)) * (months // 12 + 2)
        + 1,
        "ksi": periods * (len(words.LPAS) + 2 * sizes.routes_per_period),
    }


def commitment_periods(sizes):
    """How many (commitment, period) pairs the generated editions report on, roughly."""
    later = sizes.priorities_per_plan * sizes.commitments_per_priority
    refreshed = DEMO_COMMITMENTS + 7 * sizes.added_commitments
    pairs = 0
    for year, _ in quarters(sizes):
        if year >= words.NEXT_PLANS[0][1]:
            pairs += later
        else:
            pairs += refreshed if year >= REFRESHED_ON.year else DEMO_COMMITMENTS
    return pairs
