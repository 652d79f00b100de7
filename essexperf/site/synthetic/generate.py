"""Generating a scale's data, stage by stage, in the order rows depend on each other."""

from dataclasses import dataclass

from essexperf.importing import Tally
from essexperf.site.synthetic import words
from essexperf.site.synthetic.figures import (
    all_series,
    generate_areas,
    generate_metrics,
    generate_targets,
    metric_kinds,
)
from essexperf.site.synthetic.hmicfrs import (
    generate_findings,
    generate_inspections,
    inspection_years,
)
from essexperf.site.synthetic.observations import generate_observations
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
    series = all_series(sizes)
    generate_targets(sizes, series, tally)
    progress.start("updates")
    generate_updates(sizes, periods, writer)
    progress.start("observations")
    generate_observations(sizes, periods, series, writer)
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
    periods = len(quarters(sizes))
    later_plans = sum(1 for _, first, _ in words.NEXT_PLANS if first <= sizes.last_year)
    reported = commitment_periods(sizes)
    per_commitment = (1 + sizes.most_updates) / 2 + 1
    inspections = 4 * len(inspection_years(sizes))
    return {
        "periods": periods,
        "plans": later_plans * sizes.priorities_per_plan * (1 + sizes.commitments_per_priority),
        "areas": areas - DEMO_AREAS,
        "metrics": sizes.metrics * (1 + later_plans),
        "updates": round(reported * per_commitment),
        "observations": areas * (sizes.metrics * (12 * sizes.years - 1) + totals * 4 * sizes.years),
        "inspections": inspections,
        "findings": inspections * (1 + sizes.most_findings) // 2,
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
