"""A headline figure in one plain-English sentence, made only of computed facts
(metrics.facts), for the office to put into an update and for the board's exceptions:

    "Burglaries: 300 in the 3 months to 31 August 2017, up 50% (100) on 200 in the
    3 months to 31 May 2017; common cause variation; 3rd of 4 forces in Most similar
    group."

The figure with its unit and span, its change on the figure it is compared with (and that
change's significance where a test applies), the process chart's variation and assurance
where there is a chart, and the home force's rank where there is a peer group.
"""

import calendar

from metrics.change import Change
from metrics.presentation import POINTS_UNITS, format_value, grouped
from metrics.process import span_of
from metrics.significance import Verdict
from metrics.spc import Assurance, Variation

VARIATION_WORDS = {
    Variation.COMMON: "common cause variation",
    Variation.IMPROVEMENT: "special cause improvement",
    Variation.CONCERN: "special cause concern",
    Variation.NEITHER: "special cause variation, neither better nor worse",
}
ASSURANCE_WORDS = {
    Assurance.PASSING: "consistently passing the target of {}",
    Assurance.HIT_AND_MISS: "hit and miss against the target of {}",
    Assurance.FAILING: "consistently failing the target of {}",
}


def ordinal(number):
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def when(start, end):
    """When a figure was, as a sentence says it: "at 31 August 2017", "in August 2017",
    "in the 12 months to 31 July 2017"."""
    if start == end:
        return f"at {end:%-d %B %Y}"
    length = span_of(start, end)
    if length == "1 month":
        return f"in {end:%B %Y}"
    whole = end.day == calendar.monthrange(end.year, end.month)[1]
    if whole or "month" not in length:
        return f"in the {length} to {end:%-d %B %Y}"
    return f"from {start:%-d %B %Y} to {end:%-d %B %Y}"


def figure_words(observation, unit):
    """ "1,529 in the 12 months to 31 July 2017": a figure in its metric's unit, and when."""
    moment = when(observation.start_date, observation.end_date)
    return f"{format_value(observation.value, unit)} {moment}"


def change_words(change, unit):
    """ "up 44.1% (468)", "down 2.5 percentage points", "no change": a change's size."""
    if change.direction == Change.NO_CHANGE:
        return "no change"
    direction = "up" if change.direction == Change.INCREASE else "down"
    size = abs(change.difference)
    if unit in POINTS_UNITS:
        return f"{direction} {grouped(size)} percentage points"
    if change.percent is None:
        return f"{direction} {format_value(size, unit)} from zero"
    return f"{direction} {grouped(abs(change.percent))}% ({format_value(size, unit)})"


def significance_words(summary, change):
    """ "a significant increase", "within normal variation", or "" where no test applies
    (metrics.significance)."""
    verdict = summary.significance.verdict
    if verdict == Verdict.NOISE:
        return "within normal variation"
    if verdict != Verdict.SIGNIFICANT or change.direction == Change.NO_CHANGE:
        return ""
    rise = "increase" if change.direction == Change.INCREASE else "decrease"
    return f"a significant {rise}"


def comparison_words(facts):
    """ "up 44.1% (468) on 1,061 in the 12 months to 31 July 2016, a significant increase",
    or "" without a change the period may claim."""
    summary = facts.change
    if summary is None:
        return ""
    observation = facts.observation
    change = observation.change()
    words = change_words(change, facts.metric.unit)
    words = f"{words} on {figure_words(observation.compared_with, facts.metric.unit)}"
    significance = significance_words(summary, change)
    return f"{words}, {significance}" if significance else words


def rank_words(facts):
    """ "3rd of 4 forces in Most similar group", or "" unless the home force is ranked."""
    home = facts.home
    if home is None:
        return ""
    comparison = facts.peers
    return f"{ordinal(home.rank)} of {len(comparison.ranked)} forces in {comparison.group.name}"


def headline_sentence(facts):
    """The metric's latest figure in one sentence, or one saying it has none."""
    metric, observation = facts.metric, facts.observation
    if observation is None:
        return f"{metric.name}: no figure known by {facts.period.code}."
    opening = f"{metric.name}: {figure_words(observation, metric.unit)}"
    if facts.stale is not None:
        opening += f", not updated since {facts.stale.code}"
    comparison = comparison_words(facts)
    if comparison:
        opening += f", {comparison}"
    phrases = [opening, *process_words(facts), rank_words(facts)]
    return "; ".join(phrase for phrase in phrases if phrase) + "."


def process_words(facts):
    """The variation and assurance of the figure's process chart, where it has limits."""
    process = facts.process
    if process is None or not process.enough:
        return []
    phrases = [VARIATION_WORDS.get(process.variation, "")]
    if process.assurance in ASSURANCE_WORDS:
        target = format_value(process.target, facts.metric.unit)
        phrases.append(ASSURANCE_WORDS[process.assurance].format(target))
    return phrases
