"""What needs the board's attention in a period: only the measures with something wrong,
each reason one sentence made of computed facts (metrics.facts), most severe first.

The page, the API and the quarterly report all read attention_list, so all three say the
same thing in the same order.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP

from django.db import models

from metrics.facts import board_metrics, gather
from metrics.models import Metric
from metrics.numbers import plain
from metrics.presentation import format_value, grouped
from metrics.rates import SHOWN
from metrics.sentences import comparison_words, figure_words, ordinal, when
from metrics.spc import Assurance, Rule, Variation


class Kind(models.TextChoices):
    """The reasons a measure needs attention, most severe first: what the figures show to
    be wrong, then figures the board cannot judge, then weaker signs."""

    CONCERN = "special_cause_concern", "Special cause concern"
    FAILING = "target_failing", "Consistently failing its target"
    DETERIORATION = "significant_deterioration", "Significantly worse"
    MISSING = "missing", "No figure for the period"
    HIT_AND_MISS = "target_hit_and_miss", "Hit and miss against its target"
    PEER_RANK = "peer_bottom_half", "In the bottom half of its peer group"
    OUT_OF_DATE = "out_of_date", "Figure older than the period's data"


SEVERITY = {kind: place for place, kind in enumerate(Kind, start=1)}


@dataclass(frozen=True)
class Attention:
    """One reason a measure needs attention: its sentence and the facts it was made of."""

    metric: object
    area: object
    kind: str
    sentence: str
    facts: dict = field(default_factory=dict)

    @property
    def severity(self):
        return SEVERITY[self.kind]

    @property
    def kind_label(self):
        return Kind(self.kind).label


def rounded(number):
    """A rate or an average as the sentence gives it: to two decimal places."""
    return number.quantize(SHOWN, rounding=ROUND_HALF_UP)


def day(date):
    return None if date is None else date.isoformat()


def text(value):
    return None if value is None else plain(value)


def figure_facts(observation):
    return {
        "value": text(observation.value),
        "start_date": day(observation.start_date),
        "end_date": day(observation.end_date),
    }


def concern(facts):
    """The latest point of the headline line is special cause variation of concern."""
    point = facts.latest_point
    if point is None or point.signal != Variation.CONCERN:
        return None
    rules = "; ".join(Rule(rule).label.lower() for rule in point.rules if rule in Rule.values)
    sentence = (
        f"{facts.metric.name}: {figure_words(facts.observation, facts.metric.unit)} is "
        f"special cause variation of concern{f' ({rules})' if rules else ''}."
    )
    details = {**figure_facts(facts.observation), "rules": list(point.rules)}
    return Attention(facts.metric, facts.observation.area, Kind.CONCERN, sentence, details)


# Each assurance that needs attention: its kind, how it is said, and where the target lies.
ASSURED = {
    Assurance.FAILING: (Kind.FAILING, "consistently failing the target", "outside"),
    Assurance.HIT_AND_MISS: (Kind.HIT_AND_MISS, "hit and miss against the target", "within"),
}


def assurance(facts):
    """The target is consistently failed, or hit and miss, by the headline line."""
    process = facts.process
    if facts.latest_point is None or process.assurance not in ASSURED:
        return None
    unit, segment = facts.metric.unit, process.latest_segment
    kind, wording, where = ASSURED[process.assurance]
    limits = f"{format_value(segment.lower, unit)} to {format_value(segment.upper, unit)}"
    sentence = (
        f"{facts.metric.name}: {wording} of {format_value(process.target, unit)}: it lies "
        f"{where} the process limits of {limits}."
    )
    details = {
        "target": text(process.target),
        "assurance": process.assurance,
        "lower_limit": text(segment.lower),
        "upper_limit": text(segment.upper),
    }
    return Attention(facts.metric, facts.observation.area, kind, sentence, details)


def significantly_worse(summary):
    """Whether a change is worse by the metric's direction and more than chance would
    make it (metrics.significance)."""
    return summary.judgement == "bad" and summary.significance.significant


def deterioration(facts):
    """The period's figure is significantly worse than the figure it is compared with."""
    summary = facts.change
    if summary is None or not significantly_worse(summary):
        return None
    observation = facts.observation
    sentence = (
        f"{facts.metric.name}: {figure_words(observation, facts.metric.unit)}, "
        f"{comparison_words(facts)}."
    )
    details = {
        **figure_facts(observation),
        "previous_value": text(observation.compared_with.value),
        "change": summary.words,
        "p_value": summary.significance.shown_p_value,
        "test": summary.significance.test,
    }
    return Attention(facts.metric, observation.area, Kind.DETERIORATION, sentence, details)


def peer_rank(facts):
    """The home force ranks in the bottom half of its peer group, on a metric where one
    direction is better (elsewhere a rank is no judgement)."""
    home, comparison = facts.home, facts.peers
    if home is None or facts.metric.up_is == Metric.UpIs.NEUTRAL:
        return None
    forces = len(comparison.ranked)
    if forces < 2 or home.rank <= (forces + 1) // 2:
        return None
    score, average = rounded(home.score), rounded(comparison.average)
    if comparison.per_thousand:
        said = f"{grouped(score)} per 1,000 residents against a group average of {grouped(average)}"
    else:
        shown = [format_value(number, facts.metric.unit) for number in (score, average)]
        said = f"{shown[0]} against a group average of {shown[1]}"
    sentence = (
        f"{facts.metric.name}: {ordinal(home.rank)} of {forces} forces in "
        f"{comparison.group.name}, {said}, {when(comparison.start_date, comparison.end_date)}."
    )
    details = {
        "rank": home.rank,
        "forces": forces,
        "group": comparison.group.name,
        "per_thousand": comparison.per_thousand,
        "score": text(score),
        "average": text(average),
        "start_date": day(comparison.start_date),
        "end_date": day(comparison.end_date),
    }
    return Attention(facts.metric, home.area, Kind.PEER_RANK, sentence, details)


def missing(facts):
    """No figure known by the period, or none of its own: the latest is an earlier
    edition's."""
    metric, period, observation = facts.metric, facts.period, facts.observation
    if observation is None:
        sentence = f"{metric.name}: no figure known by {period.code}."
        return Attention(metric, None, Kind.MISSING, sentence, {"reported_in": None})
    if facts.stale is None:
        return None
    sentence = (
        f"{metric.name}: no figure reported in {period.code}; the latest, "
        f"{figure_words(observation, metric.unit)}, is from {facts.stale.code}."
    )
    details = {**figure_facts(observation), "reported_in": facts.stale.code}
    return Attention(metric, observation.area, Kind.MISSING, sentence, details)


def out_of_date(facts):
    """The period's own figure ends before the period's data-to date."""
    metric, period, observation = facts.metric, facts.period, facts.observation
    if observation is None or facts.stale is not None or observation.end_date >= period.data_to:
        return None
    sentence = (
        f"{metric.name}: the latest figure, {figure_words(observation, metric.unit)}, ends "
        f"before the period's data-to date of {period.data_to:%-d %B %Y}."
    )
    details = {**figure_facts(observation), "data_to": day(period.data_to)}
    return Attention(metric, observation.area, Kind.OUT_OF_DATE, sentence, details)


FINDERS = (concern, assurance, deterioration, missing, peer_rank, out_of_date)


def attention_list(user, selection):
    """[Attention] of the measures needing attention in the selection's period, as `user`
    may see them, most severe first and then by measure: the queries of metrics.facts."""
    if selection.period is None:
        return []
    found = [
        attention
        for facts in gather(user, selection, board_metrics(user, selection.period))
        for finder in FINDERS
        if (attention := finder(facts)) is not None
    ]
    return sorted(found, key=lambda a: (a.severity, a.metric.name))
