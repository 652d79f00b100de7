"""A headline figure in one sentence (metrics.sentences), from facts built by hand."""

import datetime
from decimal import Decimal

import pytest

from metrics.facts import board_metrics, gather
from metrics.models import Metric
from metrics.sentences import headline_sentence, ordinal, when
from priorities.selection import PeriodSelection
from tests.factories import AreaFactory, ObservationFactory, PriorityFactory
from tests.metrics import exception_helpers as built
from tests.metrics.peer_helpers import peer_group

pytestmark = pytest.mark.django_db

MARCH, MAY = datetime.date(2017, 3, 1), datetime.date(2017, 5, 31)


def sentences_of(user, period):
    """{metric name: its sentence} of the metrics of plans in force."""
    facts = gather(user, PeriodSelection(period, None, [period]), board_metrics(user, period))
    return {f.metric.name: headline_sentence(f) for f in facts}


def counts(priority, name, before, now, **fields):
    """A count in the three months to May, then to August, compared with it."""
    essex = AreaFactory()
    metric = built.measure(priority, name, **fields)
    earlier = ObservationFactory(
        metric=metric, area=essex, start_date=MARCH, end_date=MAY, value=Decimal(before)
    )
    ObservationFactory(metric=metric, area=essex, value=Decimal(now), compared_with=earlier)
    return metric


@pytest.mark.parametrize(
    ("number", "said"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (111, "111th"),
    ],
)
def test_a_rank_is_said_as_an_ordinal(number, said):
    assert ordinal(number) == said


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        ((2017, 8, 31), (2017, 8, 31), "at 31 August 2017"),
        ((2017, 8, 1), (2017, 8, 31), "in August 2017"),
        ((2016, 8, 1), (2017, 7, 31), "in the 12 months to 31 July 2017"),
        ((2017, 8, 1), (2017, 8, 14), "in the 14 days to 14 August 2017"),
    ],
)
def test_when_a_figure_was_is_said_in_words(start, end, said):
    assert when(datetime.date(*start), datetime.date(*end)) == said


def test_a_change_beyond_chance_is_said_with_its_size_and_significance(viewer, published):
    counts(PriorityFactory(), "Robberies", 200, 300, up_is=Metric.UpIs.BAD)

    # 300 on 200: up 100, 100 / 200 = 50%; z = 4.43 (tests/metrics/exception_helpers.py).
    assert sentences_of(viewer, published)["Robberies"] == built.DETERIORATION


def test_a_change_chance_could_make_is_said_to_be_within_normal_variation(viewer, published):
    counts(PriorityFactory(), "Thefts", 100, 105)

    # 105 on 100: up 5%; 205 events split 105 to 100 over 92 days each is what chance makes.
    assert sentences_of(viewer, published)["Thefts"] == (
        "Thefts: 105 in the 3 months to 31 August 2017, up 5% (5) on 100 in the 3 months to "
        "31 May 2017, within normal variation."
    )


def test_a_chart_adds_its_variation_and_its_targets_assurance(viewer, published):
    built.process_measures(PriorityFactory(), AreaFactory())

    said = sentences_of(viewer, published)

    # The last of 80, 81, 79 four times is 79 (exception_helpers.ANSWERED_SERIES).
    assert said["Calls answered"] == (
        "Calls answered: 79% in August 2017; common cause variation; consistently failing "
        "the target of 95%."
    )
    assert said["Calls returned"].endswith("hit and miss against the target of 82%.")


def test_a_peer_group_adds_the_home_forces_rank(viewer, published):
    burglaries, _ = peer_group(period=published)
    Metric.objects.filter(pk=burglaries.pk).update(priority=PriorityFactory())

    # Essex 1.50 per 1,000 is 3rd of 4 where lower is better (tests/metrics/peer_helpers.py).
    assert sentences_of(viewer, published)["Burglaries"] == (
        "Burglaries: 300 in the 3 months to 31 August 2017; 3rd of 4 forces in Most similar group."
    )


def test_a_metric_without_a_figure_is_said_to_have_none(viewer, published):
    built.measure(PriorityFactory(), "Cadets")

    assert sentences_of(viewer, published) == {"Cadets": "Cadets: no figure known by 2017-18-Q2."}
