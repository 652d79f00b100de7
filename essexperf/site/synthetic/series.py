"""The values of one synthetic figure over the months: a level, sized for the area it
covers, moved by its metric's shape (shapes.Shape), with noise."""

from collections import deque
from decimal import Decimal

from essexperf.site.synthetic.shapes import NOISE, TREND_MONTHS
from metrics.models import Area, Metric

# (lowest, highest) force-wide starting level of a unit, and the places its values keep.
UNIT_LEVELS = {
    Metric.Unit.COUNT: ((200, 3000), 0),
    Metric.Unit.PERCENT: ((20, 90), 1),
    Metric.Unit.HOURS: ((0.5, 12), 2),
    Metric.Unit.POUNDS: ((20_000, 400_000), 2),
}
# What share of the force-wide figure an area of each kind holds, roughly.
AREA_SHARES = {Area.Kind.FORCE: 1, Area.Kind.LPA: 1 / 3, Area.Kind.DISTRICT: 1 / 14}
# A neighbourhood is a district within a district: a fifth of it.
NEIGHBOURHOOD_SHARE = 1 / 70


class Series:
    """One metric's monthly values for one area over `length` months, from a random source
    of its own."""

    def __init__(self, sizes, metric, area, shape, length):
        self.metric = metric
        self.area = area
        self.shape = shape
        self.length = length
        self.rng = sizes.random("series", metric.slug, area.slug)
        (low, high), self.places = UNIT_LEVELS[metric.unit]
        self.base = self.rng.uniform(low, high) * self.share()
        # Drawn ahead and put in order, so that a trend moves the same way every month.
        noises = [self.rng.gauss(0, NOISE) for _ in range(TREND_MONTHS)]
        self.trend_noises = deque(sorted(noises, reverse=shape.direction < 0))
        self.month = 0
        self.recent = deque(maxlen=3)

    def share(self):
        # Rates and averages do not add up over areas; counts, hours and money do.
        if self.metric.unit == Metric.Unit.PERCENT or self.metric.measure == "average":
            return 1
        if self.area.parent_id and self.area.parent.kind == Area.Kind.DISTRICT:
            return NEIGHBOURHOOD_SHARE
        return AREA_SHARES[self.area.kind]

    def next_value(self):
        """The next month's value, in the metric's range and to its unit's places."""
        raw = self.base * (self.shape.factor(self.month, self.length) + self.noise())
        self.month += 1
        value = self.in_range(raw)
        self.recent.append(value)
        return value

    def noise(self):
        if self.shape.without_noise(self.month, self.length):
            return 0
        if self.shape.in_trend(self.month, self.length):
            return self.trend_noises.popleft()
        return self.rng.gauss(0, NOISE)

    def in_range(self, raw):
        low, high = self.metric.value_range()
        raw = max(float(low), raw)
        if high is not None:
            raw = min(float(high), raw)
        return Decimal(f"{raw:.{self.places}f}")

    def last_three_months(self):
        """The sum of the three latest months, once there are three."""
        return sum(self.recent) if len(self.recent) == 3 else None

    def target(self):
        """A value to aim for where the shape's assurance case puts it (shapes.Shape)."""
        return self.in_range(self.base * self.shape.target_factor(self.metric.up_is))
