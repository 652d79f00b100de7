"""Statistical process control: an XmR chart of a series of figures, and what it says.

This follows NHS England's "Making Data Count". The centre line is the mean of a segment's
points and its process limits lie 2.66 mean moving ranges either side (the moving range is
the difference between one point and the next). A recalculation point starts a new segment
with its own mean and limits. A point is special cause variation when a rule fires for it
(see Rule); otherwise it is common cause variation, the noise every process has. The series
is classed by its latest point, and a target is judged against the latest segment's limits.

Pure functions on (date, value) pairs: no database. Arithmetic is exact (fractions), so
that a point on a threshold is judged the same way every time; what comes out is rounded.
"""

import bisect
import itertools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import models

# Making Data Count's minimum for limits worth reading, for a series and for each segment.
MIN_POINTS = 12
# The constant that turns a mean moving range into three standard deviations' width.
LIMIT_FACTOR = Fraction(266, 100)
# Points in a row that make a shift or a trend.
RUN_LENGTH = 7
# Means and limits are given to one place more than the figures, and at most this many.
MAX_PLACES = 4


class Variation(models.TextChoices):
    COMMON = "common_cause", "Common cause variation"
    IMPROVEMENT = "improvement", "Special cause variation: improvement"
    CONCERN = "concern", "Special cause variation: concern"
    NEITHER = "neither", "Special cause variation: neither better nor worse"


class Assurance(models.TextChoices):
    PASSING = "passing", "Consistently passing the target"
    HIT_AND_MISS = "hit_and_miss", "Hit and miss: the target lies within the process limits"
    FAILING = "failing", "Consistently failing the target"


class Rule(models.TextChoices):
    OUTSIDE = "outside_limits", "Outside the process limits"
    SHIFT = "shift", "Shift: 7 or more points in a row on one side of the mean"
    TREND = "trend", "Trend: 7 or more points in a row rising or falling"
    TWO_OF_THREE = "two_of_three", "2 of 3 points in a row close to a process limit"


@dataclass(frozen=True)
class Segment:
    """A run of points sharing one mean and one pair of limits."""

    start: object
    end: object
    mean: Decimal
    lower: Decimal
    upper: Decimal
    count: int


@dataclass(frozen=True)
class Point:
    """A figure on the chart, with its segment (an index) and what the rules found."""

    date: object
    value: Decimal
    segment: int | None = None
    signal: str | None = None
    rules: tuple = ()

    @property
    def rule_names(self):
        return [Rule(rule).label for rule in self.rules]

    @property
    def signal_label(self):
        return Variation(self.signal).label if self.signal else ""


@dataclass(frozen=True)
class ProcessChart:
    """An XmR chart: its segments and points, the series' variation and the assurance of
    the target; without segments when there are too few points."""

    points: tuple
    segments: tuple = ()
    variation: str | None = None
    assurance: str | None = None
    target: Decimal | None = None
    # Recalculations not applied, as (date, why), when a segment would be too short.
    waiting: tuple = ()

    @property
    def enough(self):
        return bool(self.segments)

    @property
    def shortfall(self):
        """The sentence saying why there are no limits, or ""."""
        if self.enough:
            return ""
        return (
            f"Not enough points for a process chart: {len(self.points)} of the {MIN_POINTS} needed."
        )

    @property
    def variation_label(self):
        return Variation(self.variation).label if self.variation else ""

    @property
    def assurance_label(self):
        return Assurance(self.assurance).label if self.assurance else ""

    @property
    def latest_segment(self):
        return self.segments[-1] if self.segments else None


def rounded(number, places):
    """A fraction as a decimal with `places` decimal places, halves away from zero."""
    exact = Decimal(number.numerator) / Decimal(number.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def places_of(values):
    """One place more than the most any value has, at most MAX_PLACES."""
    most = max((-min(v.normalize().as_tuple().exponent, 0) for v in values), default=0)
    return min(most + 1, MAX_PLACES)


def segment_starts(dates, recalculations):
    """The index of each segment's first point, and the recalculations not applied (as
    (date, why)): one that would leave a segment with fewer than MIN_POINTS waits."""
    starts, waiting = [0], []
    for day in sorted(set(recalculations)):
        index = bisect.bisect_left(dates, day)
        if index <= starts[-1] or index >= len(dates):
            if index >= len(dates):
                waiting.append((day, f"No points from {day:%-d %b %Y} yet."))
            continue
        before, after = index - starts[-1], len(dates) - index
        if after < MIN_POINTS:
            waiting.append((day, f"{after} of the {MIN_POINTS} points needed after it so far."))
        elif before < MIN_POINTS:
            waiting.append((day, f"Only {before} points before it: a segment needs {MIN_POINTS}."))
        else:
            starts.append(index)
    return starts, waiting


@dataclass(frozen=True)
class Limits:
    """A segment's centre line and limits, exactly."""

    mean: Fraction
    width: Fraction

    @classmethod
    def of(cls, values):
        mean = sum(values, Fraction(0)) / len(values)
        ranges = [abs(later - earlier) for earlier, later in itertools.pairwise(values)]
        moving = sum(ranges, Fraction(0)) / len(ranges) if ranges else Fraction(0)
        return cls(mean, LIMIT_FACTOR * moving)

    def side(self, value):
        """+1 above the mean, -1 below it, 0 on it."""
        return (value > self.mean) - (value < self.mean)

    def outside(self, value):
        return abs(value - self.mean) > self.width

    def close_to_limit(self, value, side):
        """Beyond two thirds of the way from the mean to the limit on `side`."""
        return 3 * side * (value - self.mean) > 2 * self.width


def runs(keys):
    """Maximal runs of equal, non-zero keys, as (first index, last index + 1, key)."""
    found, start = [], 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start]:
            if keys[start]:
                found.append((start, index, keys[start]))
            start = index
    return found


def signals(values, limits):
    """[{(rule, direction)}] for each value of a segment: which rules fire for it, and
    whether each says up (+1) or down (-1)."""
    fired = [set() for _ in values]
    for index, value in enumerate(values):
        if limits.outside(value):
            fired[index].add((Rule.OUTSIDE, limits.side(value)))
    for start, end, side in runs([limits.side(value) for value in values]):
        if end - start >= RUN_LENGTH:
            for index in range(start, end):
                fired[index].add((Rule.SHIFT, side))
    # A step's direction is given to the point it ends at; a trend's first point starts it.
    steps = [0] + [(b > a) - (b < a) for a, b in itertools.pairwise(values)]
    for start, end, direction in runs(steps):
        if end - start + 1 >= RUN_LENGTH:
            for index in range(start - 1, end):
                fired[index].add((Rule.TREND, direction))
    for start in range(len(values) - 2):
        for side in (1, -1):
            close = [i for i in range(start, start + 3) if limits.close_to_limit(values[i], side)]
            if len(close) >= 2:
                for index in close:
                    fired[index].add((Rule.TWO_OF_THREE, side))
    return fired


def classify(fired, up_is):
    """A point's Variation from the rules that fired for it and the metric's direction."""
    if not fired:
        return Variation.COMMON
    directions = {direction for _, direction in fired}
    if up_is not in ("good", "bad") or len(directions) > 1:
        return Variation.NEITHER
    rising = directions == {1}
    return Variation.IMPROVEMENT if rising == (up_is == "good") else Variation.CONCERN


def assurance(segment, target, up_is):
    """Whether the latest segment's process will meet the target, or None without one."""
    if segment is None or target is None or up_is not in ("good", "bad"):
        return None
    if segment.lower <= target <= segment.upper:
        return Assurance.HIT_AND_MISS
    above = target > segment.upper
    return Assurance.FAILING if above == (up_is == "good") else Assurance.PASSING


def charted_segment(number, rows, places, up_is):
    """A segment of (date, value) rows, numbered `number`, and its points."""
    values = [Fraction(value) for _, value in rows]
    limits = Limits.of(values)
    segment = Segment(
        start=rows[0][0],
        end=rows[-1][0],
        mean=rounded(limits.mean, places),
        lower=rounded(limits.mean - limits.width, places),
        upper=rounded(limits.mean + limits.width, places),
        count=len(rows),
    )
    points = []
    for (day, value), fired in zip(rows, signals(values, limits), strict=True):
        rules = tuple(rule for rule in Rule if any(r == rule for r, _ in fired))
        points.append(Point(day, value, number, classify(fired, up_is), rules))
    return segment, points


def process_chart(points, up_is, recalculations=(), target=None):
    """The XmR chart of (date, value) pairs (in any order) of a metric whose `up_is` is a
    Metric.UpIs, split at the recalculation dates, with the target's assurance."""
    ordered = sorted((day, Decimal(value)) for day, value in points)
    if len(ordered) < MIN_POINTS:
        return ProcessChart(points=tuple(Point(day, value) for day, value in ordered))
    starts, waiting = segment_starts([day for day, _ in ordered], recalculations)
    places = places_of([value for _, value in ordered])
    segments, charted = [], []
    for number, (start, end) in enumerate(itertools.pairwise([*starts, len(ordered)])):
        segment, segment_points = charted_segment(number, ordered[start:end], places, up_is)
        segments.append(segment)
        charted += segment_points
    return ProcessChart(
        points=tuple(charted),
        segments=tuple(segments),
        variation=charted[-1].signal,
        assurance=assurance(segments[-1], target, up_is),
        target=target,
        waiting=tuple(waiting),
    )
