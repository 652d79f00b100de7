from datetime import date
from decimal import Decimal

import pytest

from essexperf.importing import ImportDataError, Tally
from metrics.importers import import_figures, import_metrics
from metrics.models import Metric, Observation
from tests.factories import AreaFactory, CommitmentFactory, MetricFactory, PriorityFactory

pytestmark = pytest.mark.django_db


def observation(**fields):
    return {
        "metric": "rate",
        "area": "essex",
        "start_date": date(2017, 8, 1),
        "end_date": date(2017, 8, 31),
        "value": 16.1,
        "basis": "month",
        **fields,
    }


@pytest.fixture
def rate():
    AreaFactory()
    return MetricFactory(slug="rate", unit=Metric.Unit.PERCENT)


@pytest.mark.usefixtures("rate")
def test_a_toml_float_is_kept_as_the_exact_decimal_written():
    import_figures({"observations": [observation()]}, Tally())

    assert Observation.objects.get().value == Decimal("16.1")


@pytest.mark.usefixtures("rate")
def test_defaults_fill_what_an_observation_leaves_out():
    data = {
        "defaults": {"area": "essex", "source": "The report", "caveat": "Rounded."},
        "observations": [observation(caveat="Own caveat.")],
    }

    import_figures(data, Tally())

    stored = Observation.objects.get()
    assert (stored.area.slug, stored.source, stored.caveat) == (
        "essex",
        "The report",
        "Own caveat.",
    )


@pytest.mark.usefixtures("rate")
def test_a_comparison_must_name_an_observation_already_loaded():
    earlier = {"start_date": date(2017, 4, 1), "end_date": date(2017, 8, 31)}

    with pytest.raises(ImportDataError, match=r"^observation rate essex .*: no rate observation"):
        import_figures({"observations": [observation(compared_with=earlier)]}, Tally())


def test_a_metric_takes_its_priority_from_the_commitment_it_evidences():
    commitment = CommitmentFactory(priority=PriorityFactory(number=5), order=2)
    data = {
        "plan": commitment.priority.plan.title,
        "metrics": [
            {
                "slug": "scpo",
                "name": "SCPOs",
                "unit": "count",
                "measure": "level",
                "commitment": "5.2",
            }
        ],
    }

    import_metrics(data, Tally())

    metric = Metric.objects.get()
    assert (metric.commitment, metric.priority) == (commitment, commitment.priority)


@pytest.mark.usefixtures("rate")
def test_a_date_that_does_not_exist_is_an_error_about_the_item():
    with pytest.raises(ImportDataError, match=r"^observation rate essex 2017-02-30 .*invalid date"):
        import_figures({"observations": [observation(start_date="2017-02-30")]}, Tally())
