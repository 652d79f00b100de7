"""What each generated metric's monthly figures do, so that its process chart has something
to show: a shape (steady noise, a shift, a trend, an outlier or a change of recording
practice) and where its target lies against the process (the three assurance cases).

Every shape sits at the end of the series, far enough back that the edition before the
newest also shows it. Sizes are in sigmas: the noise's standard deviation, a share of the
level, which makes the process limits about three sigmas either side of the mean.
"""

from dataclasses import dataclass

from metrics.models import Metric

STEADY, SHIFT, TREND, OUTLIER, RECALCULATION = (
    "steady",
    "shift",
    "trend",
    "outlier",
    "recalculation",
)
# Metrics take the shapes in turn, and the assurance cases in turn, so that any five metrics
# hold every shape and any three every case.
SHAPES = [STEADY, SHIFT, TREND, OUTLIER, RECALCULATION]
PASSING, HIT_AND_MISS, FAILING = "passing", "hit_and_miss", "failing"
ASSURANCES = [PASSING, HIT_AND_MISS, FAILING]

NOISE = 0.05
# A chart with a recalculation needs 12 points either side of it (metrics.spc.MIN_POINTS).
MIN_MONTHS = 36
SHIFT_SIGMAS, SHIFT_MONTHS = 3, 12
# The trend's noise is put in order, so it rises (or falls) every month for its length.
TREND_STEP_SIGMAS, TREND_MONTHS = 0.6, 10
OUTLIER_SIGMAS, OUTLIER_BEFORE_END = 6, 4
RECALCULATED_SHARE, RECALCULATED_MONTHS = 0.3, 15
TARGET_SIGMAS = 10
RECALCULATION_REASON = (
    "Recording moved to the new national crime recording standard: figures from this month "
    "are not comparable with earlier ones."
)


@dataclass(frozen=True)
class Shape:
    """One metric's shape, its direction (+1 up, -1 down) and its target's assurance case."""

    kind: str
    direction: int
    assurance: str

    def factor(self, month, length):
        """The level in a month (0 is the first of `length`), as a multiple of the base; the
        outlier's month is drawn without noise so that it lies beyond the limits."""
        from_end = length - month
        if self.kind == SHIFT and from_end <= SHIFT_MONTHS:
            return 1 + self.direction * SHIFT_SIGMAS * NOISE
        if self.kind == TREND and from_end <= TREND_MONTHS:
            steps = TREND_MONTHS - from_end + 1
            return 1 + self.direction * steps * TREND_STEP_SIGMAS * NOISE
        if self.kind == OUTLIER and from_end == OUTLIER_BEFORE_END:
            return 1 + self.direction * OUTLIER_SIGMAS * NOISE
        if self.kind == RECALCULATION and from_end <= RECALCULATED_MONTHS:
            return 1 + self.direction * RECALCULATED_SHARE
        return 1

    def without_noise(self, month, length):
        return self.kind == OUTLIER and length - month == OUTLIER_BEFORE_END

    def in_trend(self, month, length):
        return self.kind == TREND and length - month <= TREND_MONTHS

    def latest_level(self):
        """The level of the latest segment, as a multiple of the base."""
        if self.kind == RECALCULATION:
            return 1 + self.direction * RECALCULATED_SHARE
        return 1

    def target_factor(self, up_is):
        """Where the target lies, as a multiple of the base: well past the limits on the good
        side (failing), on the bad side (passing), or at the latest segment's level."""
        good = {Metric.UpIs.GOOD: 1, Metric.UpIs.BAD: -1}.get(up_is, 0)
        sides = {PASSING: -1, HIT_AND_MISS: 0, FAILING: 1}
        return self.latest_level() + sides[self.assurance] * good * TARGET_SIGMAS * NOISE


def shape_of(sizes, index, metric):
    """The shape of the index-th generated metric: kind and case in turn, direction drawn."""
    rng = sizes.random("shape", metric.slug)
    return Shape(
        kind=SHAPES[index % len(SHAPES)],
        direction=rng.choice((1, -1)),
        assurance=ASSURANCES[index % len(ASSURANCES)],
    )


def recalculation_month(months):
    """The first month of a recalculated series' new level, of its list of months."""
    return months[-RECALCULATED_MONTHS]
