import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from priorities.models import Assessment, Commitment, Plan, ReportingPeriod, Update
from tests.factories import (
    AssessmentFactory,
    CommitmentFactory,
    FootnoteFactory,
    PlanFactory,
    PriorityFactory,
    ReportingPeriodFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db


def test_a_period_fills_its_dates_and_code_from_the_quarter():
    period = ReportingPeriodFactory(financial_year=2017, quarter=2)
    period.refresh_from_db()
    assert period.code == "2017-18-Q2"
    assert period.start_date == datetime.date(2017, 7, 1)
    assert period.end_date == datetime.date(2017, 9, 30)


def test_it_refuses_a_period_that_ends_before_it_starts():
    period = ReportingPeriodFactory.build(
        start_date=datetime.date(2017, 9, 30), end_date=datetime.date(2017, 7, 1)
    )
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert "end_date" in error.value.message_dict


def test_the_database_refuses_a_period_that_ends_before_it_starts():
    with pytest.raises(IntegrityError):
        ReportingPeriodFactory(
            start_date=datetime.date(2017, 9, 30), end_date=datetime.date(2017, 7, 1)
        )


def test_it_refuses_a_second_period_for_the_same_quarter():
    first = ReportingPeriodFactory(financial_year=2017, quarter=2)
    with pytest.raises(IntegrityError):
        ReportingPeriod.objects.create(
            financial_year=2017, quarter=2, data_to=first.data_to, title="Again"
        )


def test_a_published_period_needs_its_publication_date():
    period = ReportingPeriodFactory.build(status=ReportingPeriod.Status.PUBLISHED)
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert "published_on" in error.value.message_dict
    with pytest.raises(IntegrityError):
        period.save()


def test_a_data_cut_off_before_the_period_starts_is_refused():
    period = ReportingPeriodFactory.build(data_to=datetime.date(2017, 6, 30))
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert "data_to" in error.value.message_dict


def test_periods_list_newest_first():
    older = ReportingPeriodFactory(
        financial_year=2017, quarter=1, data_to=datetime.date(2017, 6, 1)
    )
    newer = ReportingPeriodFactory(financial_year=2017, quarter=2)
    oldest = ReportingPeriodFactory(
        financial_year=2016, quarter=4, data_to=datetime.date(2017, 3, 1)
    )
    assert list(ReportingPeriod.objects.all()) == [newer, older, oldest]


def test_it_refuses_a_plan_that_ends_before_it_starts():
    plan = PlanFactory.build(end_date=datetime.date(2015, 1, 1))
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "end_date" in error.value.message_dict
    with pytest.raises(IntegrityError):
        plan.save()


def test_a_priority_number_is_unique_within_its_plan():
    plan = PlanFactory()
    PriorityFactory(plan=plan, number=1)
    PriorityFactory(number=1)
    with pytest.raises(IntegrityError):
        PriorityFactory(plan=plan, number=1)


def test_a_commitment_is_referenced_by_priority_number_and_order():
    commitment = CommitmentFactory(priority=PriorityFactory(number=4), order=2)
    assert commitment.reference == "4.2"
    assert str(commitment).startswith("4.2 ")


def test_two_current_commitments_cannot_share_a_position():
    first = CommitmentFactory(order=1)
    with pytest.raises(IntegrityError):
        CommitmentFactory(priority=first.priority, order=1)


def test_a_reworded_commitment_replaces_the_retired_one_and_keeps_its_history():
    old = CommitmentFactory(order=1, text="Old wording.", retired_on=datetime.date(2018, 4, 1))
    UpdateFactory(commitment=old)
    new = CommitmentFactory(priority=old.priority, order=1, text="New wording.", replaces=old)
    new.full_clean()
    assert old.replaced_by == new
    assert old.updates.count() == 1
    assert list(Commitment.objects.filter(retired_on__isnull=True)) == [new]


def test_only_a_retired_commitment_can_be_replaced():
    old = CommitmentFactory(order=1)
    new = CommitmentFactory.build(priority=old.priority, order=2, replaces=old)
    with pytest.raises(ValidationError) as error:
        new.full_clean()
    assert "replaces" in error.value.message_dict


def test_an_update_cannot_be_written_for_a_commitment_retired_before_the_period():
    commitment = CommitmentFactory(retired_on=datetime.date(2017, 4, 1))
    update = UpdateFactory.build(commitment=commitment, period=ReportingPeriodFactory())
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "commitment" in error.value.message_dict


def test_an_update_position_is_unique_for_its_commitment_and_period():
    update = UpdateFactory(order=1)
    UpdateFactory(commitment=update.commitment, order=2, period=update.period)
    with pytest.raises(IntegrityError):
        UpdateFactory(commitment=update.commitment, period=update.period, order=1)


def test_an_update_nesting_bullets_two_levels_is_refused_at_the_text():
    update = UpdateFactory.build(
        commitment=CommitmentFactory(),
        period=ReportingPeriodFactory(),
        text="Parent\n- child\n    - grandchild",
    )
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "text" in error.value.message_dict


def test_an_update_lists_the_footnotes_it_references():
    update = UpdateFactory(text="Answered by the switchboard (primary call handling[^1]).")
    FootnoteFactory(update=update, number=1)
    assert update.footnote_numbers_referenced() == [1]
    assert [footnote.number for footnote in update.footnotes.all()] == [1]


def test_a_footnote_number_is_unique_within_its_update():
    footnote = FootnoteFactory(number=1)
    with pytest.raises(IntegrityError):
        FootnoteFactory(update=footnote.update, number=1)


def test_updates_read_in_plan_order():
    period = ReportingPeriodFactory()
    plan = PlanFactory()
    second = CommitmentFactory(priority=PriorityFactory(plan=plan, number=2), order=1)
    first = CommitmentFactory(priority=PriorityFactory(plan=plan, number=1), order=1)
    later = UpdateFactory(commitment=first, period=period, order=2)
    earlier = UpdateFactory(commitment=first, period=period, order=1)
    other = UpdateFactory(commitment=second, period=period, order=1)
    assert list(Update.objects.all()) == [earlier, later, other]


@pytest.mark.parametrize(
    "status",
    [Assessment.Status.SOME_CONCERNS, Assessment.Status.OFF_TRACK, Assessment.Status.NOT_ASSESSED],
)
def test_an_assessment_not_on_track_needs_a_reason(status):
    assessment = AssessmentFactory.build(
        commitment=CommitmentFactory(), period=ReportingPeriodFactory(), status=status, reason=""
    )
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    assert "reason" in error.value.message_dict


def test_the_database_refuses_an_off_track_assessment_without_a_reason():
    with pytest.raises(IntegrityError):
        AssessmentFactory(status=Assessment.Status.OFF_TRACK, reason="")


def test_an_on_track_assessment_needs_no_reason():
    assessment = AssessmentFactory(status=Assessment.Status.ON_TRACK, reason="")
    assessment.full_clean()
    assert str(assessment).endswith("On track")


def test_a_commitment_has_one_assessment_per_period():
    assessment = AssessmentFactory()
    with pytest.raises(IntegrityError):
        AssessmentFactory(commitment=assessment.commitment, period=assessment.period)


def test_plans_read_by_title():
    plan = PlanFactory(title="Police and Crime Plan 2016-2020")
    assert str(plan) == "Police and Crime Plan 2016-2020"
    assert list(Plan.objects.all()) == [plan]


def test_it_refuses_period_dates_outside_its_quarter():
    period = ReportingPeriodFactory.build(
        financial_year=2017,
        quarter=3,
        start_date=datetime.date(2017, 7, 1),
        end_date=datetime.date(2017, 9, 30),
    )
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert error.value.message_dict["start_date"] == [
        "The start date falls outside 2017-18-Q3 (1 October to 31 December 2017): "
        "clear both dates to fill them from the quarter."
    ]


def test_an_update_cannot_be_written_against_a_wording_introduced_after_the_period():
    commitment = CommitmentFactory(introduced_on=datetime.date(2018, 4, 1))
    update = UpdateFactory.build(commitment=commitment, period=ReportingPeriodFactory())
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "commitment" in error.value.message_dict


def test_a_commitment_is_retired_after_it_is_introduced():
    commitment = CommitmentFactory.build(
        priority=PriorityFactory(),
        introduced_on=datetime.date(2018, 4, 1),
        retired_on=datetime.date(2018, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "retired_on" in error.value.message_dict
    with pytest.raises(IntegrityError):
        commitment.save()
