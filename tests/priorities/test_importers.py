from datetime import date

import pytest

from essexperf.importing import ImportDataError, Tally
from priorities.importers import import_plan, import_updates
from priorities.models import Commitment, Update
from tests.factories import (
    CommitmentFactory,
    PlanFactory,
    PriorityFactory,
    ReportingPeriodFactory,
)

pytestmark = pytest.mark.django_db


def updates_data(plan, period_code, text="Progress.", **update):
    return {
        "plan": plan.title,
        "period": period_code,
        "commitments": [{"reference": "1.1", "updates": [{"text": text, **update}]}],
    }


@pytest.fixture
def reworded():
    """Commitment 1.1 reworded from October 2017: the old wording retired, a new one current."""
    priority = PriorityFactory(number=1)
    old = CommitmentFactory(priority=priority, order=1, retired_on=date(2017, 10, 1))
    new = CommitmentFactory(priority=priority, order=1, replaces=old)
    return priority.plan, old, new


def test_an_update_goes_to_the_wording_current_when_its_period_started(reworded):
    plan, old, new = reworded
    ReportingPeriodFactory(financial_year=2017, quarter=2)
    ReportingPeriodFactory(financial_year=2017, quarter=3, data_to=date(2017, 11, 30))

    import_updates(updates_data(plan, "2017-18-Q2"), Tally())
    import_updates(updates_data(plan, "2017-18-Q3"), Tally())

    assert Update.objects.get(period__quarter=2).commitment == old
    assert Update.objects.get(period__quarter=3).commitment == new


def test_a_retired_commitment_is_present_and_not_created_again():
    priority = PriorityFactory(number=1)
    CommitmentFactory(priority=priority, order=1, retired_on=date(2017, 10, 1))
    data = {
        "plan": {
            "title": priority.plan.title,
            "organisation": priority.plan.organisation,
            "start_date": priority.plan.start_date,
            "end_date": priority.plan.end_date,
        },
        "priorities": [{"number": 1, "title": "T", "commitments": [{"order": 1, "text": "X"}]}],
    }
    tally = Tally()

    import_plan(data, tally)

    assert Commitment.objects.count() == 1
    assert tally.total_created() == 0
    assert tally.present["priorities.Commitment"] == 1


def test_an_update_must_list_the_footnotes_its_text_references():
    commitment = CommitmentFactory(order=1, priority=PriorityFactory(number=1))
    ReportingPeriodFactory()

    with pytest.raises(ImportDataError, match=r"^update 1 of commitment 1\.1: .*footnotes \[1\]"):
        import_updates(
            updates_data(commitment.priority.plan, "2017-18-Q2", text="Handling[^1]."), Tally()
        )
    assert not Update.objects.exists()


def test_a_reference_to_no_commitment_names_the_item():
    plan = PlanFactory()
    ReportingPeriodFactory()

    with pytest.raises(ImportDataError, match=r"^commitment 1\.1: .* has no commitment 1\.1"):
        import_updates(updates_data(plan, "2017-18-Q2"), Tally())


def test_a_text_the_model_refuses_is_refused_with_its_message():
    commitment = CommitmentFactory(order=1, priority=PriorityFactory(number=1))
    ReportingPeriodFactory()

    with pytest.raises(ImportDataError, match=r"^update 1 of commitment 1\.1: text: Bullets"):
        import_updates(
            updates_data(commitment.priority.plan, "2017-18-Q2", text="Intro:\n  - nested"),
            Tally(),
        )
    assert not Update.objects.exists()
