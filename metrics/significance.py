"""Whether a change between two figures is more than chance: signal or noise.

Counts over a period (crimes recorded, hours of service) are compared as two Poisson counts,
percentages that carry the count they are of as two proportions; a level (a headcount) or
an average (a waiting time) has no test that applies. A single count is tested against the
count expected of it (a force against its peer group's average rate, metrics.peers). Worked
out with the standard library alone: an exact binomial tail is a short sum of terms found
with log-gamma.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, partial

from django.db import models

from metrics.change import change_on_previous
from metrics.models import Metric

# A change is significant when chance alone would give one at least as large less than one
# time in twenty (two-sided), and its interval holds 95% of the plausible true changes.
LEVEL = 0.05
Z_95 = 1.959963984540054
# Both counts at least this large: the normal approximation. Below it the binomial is skewed
# enough for the approximation to mislead (its p-value is off by up to 0.04 for 27 against
# 13), and the log rate ratio's standard error sqrt(1/x1 + 1/x2) is unreliable; at 100 and
# above, with the continuity correction, it is within 0.001 of the exact test for spans of
# like length.
EXACT_BELOW = 100
# Up to this many expected events a single count's Poisson distribution is summed exactly;
# past it the normal approximation is within a hair of it and costs nothing.
POISSON_EXACT_UP_TO = 1000
BISECTIONS = 60
SUM_PRECISION = 1e-17
TENTH = Decimal("0.1")


class Method(models.TextChoices):
    EXACT_COUNTS = "exact_counts", "Exact conditional test of two counts"
    NORMAL_COUNTS = "normal_counts", "Normal approximation for two counts"
    TWO_PROPORTIONS = "two_proportions", "Pooled two-proportion z-test"
    NONE = "none", "No test applies"


class Verdict(models.TextChoices):
    SIGNIFICANT = "significant", "significant"
    NOISE = "noise", "within normal variation"
    UNTESTED = "untested", "no test applies"


def no_interval():
    return None, None


@dataclass(frozen=True)
class Significance:
    """A test's outcome: its p-value and the 95% interval of the change, in percent for
    counts (of the rate per day) and in percentage points for proportions; an end of the
    interval is None where it is unbounded (a rise from zero) or untested."""

    test: str
    p_value: float | None = None
    # The interval (low, high), worked out when first asked for: pages need only the
    # verdict, and an exact interval costs a hundred times its p-value.
    bounds: Callable = field(default=no_interval, compare=False, repr=False)

    @cached_property
    def interval(self):
        return self.bounds()

    @property
    def interval_low(self):
        return self.interval[0]

    @property
    def interval_high(self):
        return self.interval[1]

    @property
    def tested(self):
        return self.test != Method.NONE

    @property
    def significant(self):
        return self.p_value is not None and self.p_value < LEVEL

    @property
    def verdict(self):
        if not self.tested:
            return Verdict.UNTESTED
        return Verdict.SIGNIFICANT if self.significant else Verdict.NOISE

    @property
    def words(self):
        return self.verdict.label

    @property
    def shown_p_value(self):
        """The p-value to four significant figures, as the API and downloads give it."""
        return None if self.p_value is None else float(f"{self.p_value:.4g}")

    @property
    def shown_interval(self):
        """(low, high) to one decimal place, as the change's percentage is given."""
        return tuple(
            None if end is None else Decimal(end).quantize(TENTH, rounding=ROUND_HALF_UP)
            for end in self.interval
        )


NOT_TESTED = Significance(Method.NONE)


def binomial_term(j, n, p):
    """P(X = j) for X ~ Binomial(n, p), 0 < p < 1, through log-gamma so large n cannot
    overflow."""
    log_choose = math.lgamma(n + 1) - math.lgamma(j + 1) - math.lgamma(n - j + 1)
    return math.exp(log_choose + j * math.log(p) + (n - j) * math.log1p(-p))


def tail_sum(start, n, p, step):
    """The binomial terms from `start` on, away from the mode (step -1 below it, +1 above),
    where each is smaller than the last: summed until they no longer add to the total."""
    odds, term, total, j = p / (1 - p), binomial_term(start, n, p), 0.0, start
    while 0 <= j <= n and term > total * SUM_PRECISION:
        total += term
        term *= j / ((n - j + 1) * odds) if step < 0 else (n - j) * odds / (j + 1)
        j += step
    return total


def binomial_cdf(k, n, p):
    """P(X <= k) for X ~ Binomial(n, p): the tail beyond the mode summed directly, so that
    a small tail keeps its precision and the sum stays short however large n is."""
    if k < 0 or p >= 1:
        return 0.0 if k < n else 1.0
    if k >= n or p <= 0:
        return 1.0
    if k < math.floor((n + 1) * p):
        return min(1.0, tail_sum(k, n, p, -1))
    return max(0.0, 1.0 - tail_sum(k + 1, n, p, +1))


def bisect(gap, rising):
    """The share s in (0, 1) where gap(s) = 0, for gap rising or falling in s."""
    low, high = 0.0, 1.0
    for _ in range(BISECTIONS):
        middle = (low + high) / 2
        if (gap(middle) < 0) == rising:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def percent_of_ratio(share, exposure):
    """A rate ratio's percentage change from the current count's share of both; None for a
    share of 1 (a rise from zero has no upper bound). `exposure` is t2 / t1."""
    if share >= 1:
        return None
    return (share / (1 - share) * exposure - 1) * 100


def exact_counts(x1, x2, t1, t2):
    """Given n = x1 + x2, x1 ~ Binomial(n, t1 / (t1 + t2)) when the rate is unchanged.

    Two-sided p-value: the smaller tail doubled, capped at 1 (not the method of small
    p-values, whose sum over every outcome as unlikely as the one seen costs n terms)."""
    n, null_share = x1 + x2, t1 / (t1 + t2)
    if n == 0:
        return Significance(Method.EXACT_COUNTS, 1.0)
    lower = binomial_cdf(x1, n, null_share)
    upper = 1.0 - binomial_cdf(x1 - 1, n, null_share)
    p_value = min(1.0, 2 * min(lower, upper))
    return Significance(Method.EXACT_COUNTS, p_value, partial(exact_interval, x1, n, t2 / t1))


def exact_interval(x1, n, exposure):
    """Clopper-Pearson's interval of the current count's share of n, as the percentage
    change of the rate ratio; `exposure` is t2 / t1."""
    tail = LEVEL / 2
    low = 0.0 if x1 == 0 else bisect(lambda s: 1 - binomial_cdf(x1 - 1, n, s) - tail, rising=True)
    high = 1.0 if x1 == n else bisect(lambda s: binomial_cdf(x1, n, s) - tail, rising=False)
    return percent_of_ratio(low, exposure), percent_of_ratio(high, exposure)


def normal_counts(x1, x2, t1, t2):
    """The same conditional binomial, by the normal approximation with a continuity
    correction; the interval is the log rate ratio's, ± 1.96 sqrt(1/x1 + 1/x2)."""
    n, null_share = x1 + x2, t1 / (t1 + t2)
    spread = math.sqrt(n * null_share * (1 - null_share))
    z = max(0.0, abs(x1 - n * null_share) - 0.5) / spread
    log_ratio = math.log(x1 / t1) - math.log(x2 / t2)
    margin = Z_95 * math.sqrt(1 / x1 + 1 / x2)
    interval = ((math.exp(log_ratio - margin) - 1) * 100, (math.exp(log_ratio + margin) - 1) * 100)
    return Significance(Method.NORMAL_COUNTS, math.erfc(z / math.sqrt(2)), lambda: interval)


def two_counts(x1, x2, t1=1, t2=1):
    """Two Poisson counts, x1 (the current) over t1 days and x2 over t2 days."""
    if min(x1, x2) < EXACT_BELOW:
        return exact_counts(x1, x2, t1, t2)
    return normal_counts(x1, x2, t1, t2)


def poisson_test(observed, expected):
    """(two-sided p-value, method) of a count `observed` where `expected` events were due:
    the exact Poisson test (twice the smaller tail, at most 1) up to POISSON_EXACT_UP_TO expected
    events, the normal approximation past it."""
    if expected <= 0:
        return (1.0 if observed == 0 else 0.0), "exact Poisson test"
    if expected > POISSON_EXACT_UP_TO or observed > 2 * POISSON_EXACT_UP_TO:
        z = (observed - expected) / math.sqrt(expected)
        return math.erfc(abs(z) / math.sqrt(2)), "normal approximation"
    below = poisson_cdf(observed, expected)
    above = 1 - poisson_cdf(observed - 1, expected) if observed > 0 else 1.0
    return min(1.0, 2 * min(below, above)), "exact Poisson test"


def poisson_cdf(count, mean):
    """P(X <= count) for X ~ Poisson(mean), summed in logs so no term overflows."""
    log_mean = math.log(mean)
    return min(
        1.0,
        sum(math.exp(k * log_mean - mean - math.lgamma(k + 1)) for k in range(count + 1)),
    )


def two_proportions(p1, n1, p2, n2):
    """Two proportions (0 to 1) of n1 and n2: the pooled two-proportion z-test, with the
    unpooled (Wald) 95% interval of the difference in percentage points."""
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    p_value = 1.0 if spread == 0 else math.erfc(abs(p1 - p2) / spread / math.sqrt(2))
    margin = Z_95 * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    difference = p1 - p2
    interval = ((difference - margin) * 100, (difference + margin) * 100)
    return Significance(Method.TWO_PROPORTIONS, p_value, lambda: interval)


# A Poisson count is of whole events. Hours of service are counted as whole hours, each hour
# given one event: a part-hour rounded moves a count of thousands by far less than its
# chance variation (about the square root of the count), and never changes the verdict.
COUNTED_UNITS = {Metric.Unit.COUNT, Metric.Unit.HOURS}


def whole(value):
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def days(figure):
    return (figure.end_date - figure.start_date).days + 1


def significance_of(change, metric, current, previous):
    """The significance of `change`, from the `previous` figure to the `current` one, each
    with its start_date, end_date and denominator; None without a change.

    Decided once, from the metric: a total counted (a count or hours) is two Poisson counts
    over the figures' spans; a percentage whose two figures both carry a denominator is two
    proportions; anything else (a level, an average, a percentage without its count) has no
    test that applies. A stored value no test can take (a negative count) has none either."""
    if change is None:
        return None
    if metric.measure == Metric.Measure.TOTAL and metric.unit in COUNTED_UNITS:
        return counts_significance(change, days(current), days(previous))
    if metric.unit == Metric.Unit.PERCENT and current.denominator and previous.denominator:
        return proportions_significance(change, current.denominator, previous.denominator)
    return NOT_TESTED


def counts_significance(change, current_days, previous_days):
    x1, x2 = whole(change.current), whole(change.previous)
    if min(x1, x2) < 0 or min(current_days, previous_days) < 1:
        return NOT_TESTED
    return two_counts(x1, x2, current_days, previous_days)


def proportions_significance(change, current_of, previous_of):
    p1, p2 = float(change.current) / 100, float(change.previous) / 100
    if not (0 <= p1 <= 1 and 0 <= p2 <= 1):
        return NOT_TESTED
    return two_proportions(p1, current_of, p2, previous_of)


@dataclass(frozen=True)
class Earlier:
    """The figure a row is compared with, as annotated on the row beside its value."""

    start_date: object
    end_date: object
    denominator: int | None


def significance_on_previous(row):
    """The significance of the change of a row read with `previous_value` and the dates and
    denominator of the figure compared with (`compared_start`, `compared_end`,
    `compared_denominator`: metrics.api.observations.with_comparison,
    metrics.latest.observation_from), or None without a change."""
    if row is None or row.previous_value is None:
        return None
    earlier = Earlier(row.compared_start, row.compared_end, row.compared_denominator)
    return significance_of(change_on_previous(row), row.metric, row, earlier)


def ksi_significance(total):
    """KSI casualties against the same dates a year before: two counts over spans of the
    same length (a leap day aside, which moves neither the p-value nor the verdict)."""
    return counts_significance(total.change(), 1, 1)
