"""Figures and changes in words, as a reader of the report expects to see them.

A change is always said in words ("up 8.5% (better)") beside its coloured arrow, so that
colour is never the only way to tell a rise that helps from one that harms.
"""

import calendar
from dataclasses import dataclass
from decimal import Decimal

from metrics.change import Change, change_on_previous
from metrics.models import Metric
from metrics.significance import (
    Significance,
    Verdict,
    ksi_significance,
    significance_of,
    significance_on_previous,
)

Unit = Metric.Unit

ARROWS = {Change.INCREASE: "▲", Change.DECREASE: "▼", Change.NO_CHANGE: "▶"}
JUDGEMENT_WORDS = {"good": "better", "bad": "worse", "neutral": ""}
# A change of a percentage is told in percentage points: "down 11.4 points", never a
# percentage of a percentage.
POINTS_UNITS = {Unit.PERCENT, Unit.PERCENT_CHANGE}


def grouped(value):
    """A number with thousands separated and no trailing zeros: 29620 -> "29,620"."""
    return f"{Decimal(value).normalize():,f}"


def plural(count, word):
    return f"{grouped(count)} {word}" if count == 1 else f"{grouped(count)} {word}s"


def duration(seconds):
    """Seconds as minutes and seconds: 278 -> "4 minutes 38 seconds"."""
    minutes, rest = divmod(Decimal(seconds), 60)
    if not minutes:
        return plural(rest, "second")
    if not rest:
        return plural(minutes, "minute")
    return f"{plural(minutes, 'minute')} {plural(rest, 'second')}"


def format_value(value, unit):
    """A value of a metric in its unit, as the report writes it."""
    if value is None:
        return ""
    if unit == Unit.HOURS:
        return plural(value, "hour")
    if unit == Unit.SECONDS:
        return duration(value)
    if unit == Unit.POUNDS:
        return f"£{grouped(value)}"
    if unit == Unit.PERCENT:
        return f"{grouped(value)}%"
    if unit == Unit.PERCENT_CHANGE:
        return f"{'+' if value > 0 else ''}{grouped(value)}%"
    return grouped(value)


def span(start, end):
    """The dates a figure covers, briefly: "at 31 Aug 2017", "Aug 2017", "1 Jun to 31 Aug 2017"."""
    if start == end:
        return f"at {end:%-d %b %Y}"
    last_day = calendar.monthrange(end.year, end.month)[1]
    if (start.year, start.month, start.day, end.day) == (end.year, end.month, 1, last_day):
        return f"{end:%b %Y}"
    if start.year == end.year:
        return f"{start:%-d %b} to {end:%-d %b %Y}"
    return f"{start:%-d %b %Y} to {end:%-d %b %Y}"


@dataclass(frozen=True)
class ChangeSummary:
    """A change as an arrow, a judgement ("good", "bad", "neutral"), words and its
    significance (metrics.significance.Significance)."""

    arrow: str
    judgement: str
    words: str
    significance: Significance


def summarise_change(change, up_is, unit, significance):
    """ "up 8.5% (better, significant)": the direction, the size, the judgement where it
    matters and the significance. A move within normal variation is judged neither better
    nor worse: chance alone could have made it."""
    if change.direction == Change.NO_CHANGE:
        return ChangeSummary(ARROWS[Change.NO_CHANGE], "neutral", "no change", significance)
    noise = significance.verdict == Verdict.NOISE
    judgement = "neutral" if noise else change.judgement(up_is)
    direction = "up" if change.direction == Change.INCREASE else "down"
    size = abs(change.difference)
    if unit in POINTS_UNITS:
        amount = f"{grouped(size)} percentage points"
    elif change.percent is not None:
        amount = f"{grouped(abs(change.percent))}%"
    else:
        amount = f"{format_value(size, unit)} from zero"
    notes = ", ".join(note for note in (JUDGEMENT_WORDS[judgement], significance.words) if note)
    words = f"{direction} {amount} ({notes})"
    return ChangeSummary(ARROWS[change.direction], judgement, words, significance)


def change_summary(observation, metric=None):
    """An observation's change on the figure it is compared with, in words, or None;
    `metric` is the observation's, where it is at hand."""
    change = observation.change()
    if change is None:
        return None
    metric = metric or observation.metric
    significance = significance_of(change, metric, observation, observation.compared_with)
    return summarise_change(change, metric.up_is, metric.unit, significance)


def summary_on_previous(row):
    """The change of a row read with the figures of the one it is compared with
    (metrics.significance.significance_on_previous), in words, or None."""
    change = change_on_previous(row)
    if change is None:
        return None
    metric = row.metric
    return summarise_change(change, metric.up_is, metric.unit, significance_on_previous(row))


def ksi_summary(total):
    """A KSI total's change on the same dates a year before, in words: casualties are
    harms, so fewer is better."""
    significance = ksi_significance(total)
    return summarise_change(total.change(), Metric.UpIs.BAD, Unit.COUNT, significance)


def first_edition(observation, periods):
    """The report edition a figure is from: the one stating it or, for a figure entered
    outside any edition, the first of `periods` whose data reached its end date (None when
    none did)."""
    if observation.reported_in_id is not None:
        return observation.reported_in
    reached = [p for p in periods if p.data_to >= observation.end_date]
    return min(reached, key=lambda p: (p.financial_year, p.quarter), default=None)


def not_updated_since(observation, period, periods):
    """The earlier edition a figure shown in `period` is from, or None when it is the
    period's own: a page must never pass an older figure off as this quarter's."""
    if observation is None or period is None:
        return None
    edition = first_edition(observation, periods)
    if edition is None or (edition.financial_year, edition.quarter) >= (
        period.financial_year,
        period.quarter,
    ):
        return None
    return edition
