import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from metrics.models import Area, KsiPeakTime, KsiVulnerableGroup, Metric, Observation
from tests.factories import (
    AreaFactory,
    CommitmentFactory,
    KsiPeakTimeFactory,
    KsiRouteFactory,
    KsiTotalFactory,
    KsiVulnerableGroupFactory,
    MetricFactory,
    ObservationFactory,
    PriorityFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def field_errors(instance):
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.message_dict


def test_it_refuses_a_percentage_above_100():
    metric = MetricFactory(unit=Metric.Unit.PERCENT)
    errors = field_errors(ObservationFactory.build(metric=metric, area=AreaFactory(), value=101))
    assert errors["value"] == [f"{metric.name} cannot be above 100."]


def test_it_refuses_a_negative_count():
    metric = MetricFactory(unit=Metric.Unit.COUNT)
    errors = field_errors(ObservationFactory.build(metric=metric, area=AreaFactory(), value=-1))
    assert errors["value"] == [f"{metric.name} cannot be below 0."]


def test_a_percentage_change_may_fall_below_zero_when_its_metric_allows():
    metric = MetricFactory(unit=Metric.Unit.PERCENT, minimum=Decimal("-100"), maximum=None)
    ObservationFactory.build(metric=metric, area=AreaFactory(), value=Decimal("-4")).full_clean()
    assert metric.value_range() == (Decimal("-100"), Decimal("100"))


def test_a_metric_range_must_not_be_empty():
    errors = field_errors(MetricFactory.build(minimum=Decimal("10"), maximum=Decimal("5")))
    assert "maximum" in errors
    with pytest.raises(IntegrityError):
        MetricFactory(minimum=Decimal("10"), maximum=Decimal("5"))


def test_a_metric_takes_the_priority_of_the_commitment_it_evidences():
    commitment = CommitmentFactory()
    metric = MetricFactory.build(commitment=commitment)
    metric.full_clean()
    assert metric.priority == commitment.priority


def test_a_metric_cannot_evidence_a_commitment_of_another_priority():
    metric = MetricFactory.build(priority=PriorityFactory(), commitment=CommitmentFactory())
    assert "commitment" in field_errors(metric)


def test_it_refuses_a_second_observation_for_the_same_metric_area_and_period():
    first = ObservationFactory()
    second = ObservationFactory.build(metric=first.metric, area=first.area, value=5)
    assert "__all__" in field_errors(second)
    with pytest.raises(IntegrityError):
        second.save()


def test_the_same_period_may_hold_a_value_for_each_area():
    first = ObservationFactory()
    lpa = AreaFactory(name="LPA North", slug="lpa-north", kind=Area.Kind.LPA, parent=first.area)
    ObservationFactory.build(metric=first.metric, area=lpa).full_clean()


def test_a_level_stands_at_one_date():
    metric = MetricFactory(measure=Metric.Measure.LEVEL)
    observation = ObservationFactory.build(metric=metric, area=AreaFactory())
    assert "start_date" in field_errors(observation)


def test_it_refuses_an_observation_that_ends_before_it_starts():
    observation = ObservationFactory.build(
        metric=MetricFactory(), area=AreaFactory(), start_date=datetime.date(2017, 9, 1)
    )
    assert "end_date" in field_errors(observation)
    with pytest.raises(IntegrityError):
        observation.save()


def test_the_change_against_the_comparison_is_computed():
    before = ObservationFactory(
        value=Decimal("27292"),
        start_date=datetime.date(2016, 6, 1),
        end_date=datetime.date(2016, 8, 31),
    )
    now = ObservationFactory(metric=before.metric, value=Decimal("29620"), compared_with=before)
    change = now.change()
    assert change.difference == Decimal("2328")
    assert change.percent == Decimal("8.5")
    assert before.change() is None


def test_it_refuses_a_comparison_with_another_metric():
    other = ObservationFactory()
    observation = ObservationFactory.build(
        metric=MetricFactory(), area=other.area, compared_with=other
    )
    assert "compared_with" in field_errors(observation)


def test_observations_read_by_metric_then_newest_first():
    metric = MetricFactory(name="Special Constable headcount", measure=Metric.Measure.LEVEL)
    may = datetime.date(2017, 5, 31)
    august = datetime.date(2017, 8, 31)
    older = ObservationFactory(metric=metric, start_date=may, end_date=may, value=332)
    newer = ObservationFactory(metric=metric, start_date=august, end_date=august, value=374)
    assert list(Observation.objects.all()) == [newer, older]
    assert str(newer) == "Special Constable headcount: 374 (Essex, at 31 Aug 2017)"


def test_a_target_must_be_a_possible_value():
    metric = MetricFactory(unit=Metric.Unit.COUNT)
    target = TargetFactory.build(metric=metric, area=AreaFactory(), value=-300)
    assert "value" in field_errors(target)


def test_a_target_reads_as_value_and_date():
    target = TargetFactory(metric=MetricFactory(name="Volunteer Police Cadets"))
    assert str(target) == "Volunteer Police Cadets: 300 by 31 Dec 2018"


def test_ksi_casualties_are_compared_with_the_year_before():
    total = KsiTotalFactory(casualties=403, casualties_year_before=450)
    assert total.change().difference == -47
    assert total.change().percent == Decimal("-10.4")
    assert total.change().direction == "decrease"


def test_a_period_has_one_ksi_total_per_area():
    total = KsiTotalFactory()
    with pytest.raises(IntegrityError):
        KsiTotalFactory(period=total.period, area=total.area)


def test_a_road_appears_once_in_a_period_route_table():
    route = KsiRouteFactory(road="B1414")
    with pytest.raises(IntegrityError):
        KsiRouteFactory(period=route.period, road="B1414")


def test_a_vulnerable_group_share_is_a_percentage():
    group = KsiVulnerableGroupFactory.build(route=KsiRouteFactory(), percent=Decimal("101"))
    assert "percent" in field_errors(group)


def test_a_route_lists_each_vulnerable_group_once():
    group = KsiVulnerableGroupFactory(group=KsiVulnerableGroup.Group.CHILD)
    with pytest.raises(IntegrityError):
        KsiVulnerableGroupFactory(route=group.route, group=KsiVulnerableGroup.Group.CHILD)


def test_a_peak_time_reads_as_the_report_prints_it():
    peak = KsiPeakTimeFactory(start_time=datetime.time(11), end_time=datetime.time(15))
    assert str(peak) == "Weekdays 1100 - 1500"
    assert str(
        KsiPeakTimeFactory(days=KsiPeakTime.Days.FRIDAY, start_time=None, end_time=None)
    ) == ("Friday")


def test_a_peak_time_has_both_hours_or_neither():
    peak = KsiPeakTimeFactory.build(route=KsiRouteFactory(), end_time=None)
    assert list(field_errors(peak)) == ["end_time"]
    with pytest.raises(IntegrityError):
        peak.save()


def test_a_route_lists_its_vulnerable_groups_in_the_order_printed():
    route = KsiRouteFactory()
    child = KsiVulnerableGroupFactory(route=route, group=KsiVulnerableGroup.Group.CHILD, order=2)
    walker = KsiVulnerableGroupFactory(
        route=route, group=KsiVulnerableGroup.Group.PEDESTRIAN, order=1
    )
    assert list(route.vulnerable_groups.all()) == [walker, child]


def test_a_percentage_change_may_rise_above_100_and_fall_to_minus_100():
    metric = MetricFactory(unit=Metric.Unit.PERCENT_CHANGE)
    area = AreaFactory()
    ObservationFactory.build(metric=metric, area=area, value=Decimal("114")).full_clean()
    assert "value" in field_errors(ObservationFactory.build(metric=metric, area=area, value=-101))
