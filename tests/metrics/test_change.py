from decimal import Decimal

import pytest

from metrics.change import Change


def test_special_constable_hours_rose_by_8_5_percent():
    change = Change(current=Decimal("29620"), previous=Decimal("27292"))
    assert change.difference == Decimal("2328")
    assert change.percent == Decimal("8.5")
    assert change.direction == Change.INCREASE


def test_a_fall_is_a_negative_percentage_and_a_decrease():
    change = Change(current=Decimal("403"), previous=Decimal("450"))
    assert change.difference == Decimal("-47")
    assert change.percent == Decimal("-10.4")
    assert change.direction == Change.DECREASE


def test_there_is_no_percentage_change_from_zero():
    change = Change(current=Decimal("5"), previous=Decimal("0"))
    assert change.percent is None
    assert change.direction == Change.INCREASE


def test_equal_values_are_no_change_and_neutral():
    change = Change(current=Decimal("7"), previous=Decimal("7"))
    assert change.direction == Change.NO_CHANGE
    assert change.judgement("good") == "neutral"


@pytest.mark.parametrize(
    ("current", "previous", "up_is", "judgement"),
    [
        (374, 332, "good", "good"),
        (300, 332, "good", "bad"),
        (1529, 1061, "bad", "bad"),
        (403, 450, "bad", "good"),
        (403, 450, "neutral", "neutral"),
    ],
)
def test_a_change_is_judged_by_which_way_is_good_for_the_metric(
    current, previous, up_is, judgement
):
    assert Change(Decimal(current), Decimal(previous)).judgement(up_is) == judgement


def test_a_change_of_counts_is_worked_out_on_decimals():
    # The seed's KSI casualties: 403 against 450 is a fall of 47, 10.4% (47 / 450 = 0.10444).
    change = Change.of(403, 450)
    assert (change.difference, change.percent) == (Decimal("-47"), Decimal("-10.4"))


@pytest.mark.parametrize(("current", "previous"), [(None, Decimal("5")), (Decimal("5"), None)])
def test_there_is_no_change_where_either_figure_is_unknown(current, previous):
    assert Change.of(current, previous) is None
