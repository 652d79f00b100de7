"""The values of one synthetic figure over the months: a level with a trend, a season and
noise, sized for the area it covers."""

import math
from collections import deque
from decimal import Decimal

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
    """One metric's monthly values for one area, from a random source of its own."""

    def __init__(self, sizes, metric, area):
        self.metric = metric
        self.area = area
        self.rng = sizes.random("series", metric.slug, area.slug)
        (low, high), self.places = UNIT_LEVELS[metric.unit]
        self.base = self.rng.uniform(low, high) * self.share()
        self.trend = self.rng.uniform(-0.3, 0.3)
        self.phase = self.rng.uniform(0, 2 * math.pi)
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
        season = 1 + 0.1 * math.sin(2 * math.pi * self.month / 12 + self.phase)
        growth = 1 + self.trend * self.month / 120
        raw = self.base * season * growth * (1 + self.rng.gauss(0, 0.05))
        low, high = self.metric.value_range()
        raw = max(float(low), raw)
        if high is not None:
            raw = min(float(high), raw)
        value = Decimal(f"{raw:.{self.places}f}")
        self.month += 1
        self.recent.append(value)
        return value

    def last_three_months(self):
        """The sum of the three latest months, once there are three."""
        return sum(self.recent) if len(self.recent) == 3 else None

    def target(self):
        """A value to aim for: a tenth better than where the series starts."""
        up_is_good = self.metric.up_is == Metric.UpIs.GOOD
        value = self.base * (1.1 if up_is_good else 0.9)
        low, high = self.metric.value_range()
        value = min(float(high), value) if high is not None else value
        return Decimal(f"{max(float(low), value):.{self.places}f}")
