"""Each headline figure's variation and assurance (metrics.process.headline_processes), in
words beside it on the overview, its priority's page and the report."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metrics.models import Metric
from tests.factories import AreaFactory, MetricFactory, PriorityFactory, TargetFactory
from tests.page_helpers import text_of
from tests.process_helpers import monthly_series

pytestmark = pytest.mark.django_db

# Twelve months to September 2017: 10, 20 in turn, then 10, 60 (up is good).
# Mean (6 x 10 + 5 x 20 + 60) / 12 = 220 / 12 = 18.33; moving ranges ten of 10 and
# 60 - 10 = 50: 150 / 11; limits 18.33 -/+ 2.66 x 150 / 11 = 18.33 -/+ 36.27: -17.9 and
# 54.6. The latest, 60, is above 54.6: special cause improvement. A target of 58 is above
# the upper limit, and up is good: consistently failing.
VALUES = [10, 20] * 5 + [10, 60]
IMPROVEMENT = "Special cause variation: improvement"
FAILING = "Consistently failing the target"


@pytest.fixture
def headline(published):
    """A headline figure: the latest of its metric, compared with the month before."""
    priority = PriorityFactory(number=1, title="More local policing")
    metric = MetricFactory(name="Volunteer hours", priority=priority, up_is=Metric.UpIs.GOOD)
    essex = AreaFactory()
    figures = monthly_series(metric, essex, VALUES)
    latest = figures[-1]
    latest.compared_with = figures[-2]
    latest.save()
    TargetFactory(metric=metric, area=essex, value=Decimal(58), due_date=datetime.date(2018, 3, 31))
    return metric


@pytest.mark.parametrize(
    "url",
    [
        reverse("site:overview"),
        reverse("site:priority_detail", args=[1]),
        reverse("reports:report", args=["2017-18-Q2"]),
    ],
    ids=["overview", "priority", "report"],
)
def test_a_headline_figure_says_its_variation_and_assurance(viewer_client, headline, url):
    page = text_of(viewer_client.get(url))

    assert IMPROVEMENT in page
    assert FAILING in page


def test_a_headline_figure_with_too_few_points_keeps_to_its_change_alone(viewer_client, published):
    priority = PriorityFactory(number=1)
    metric = MetricFactory(priority=priority)
    figures = monthly_series(metric, AreaFactory(), [10, 14, 18])
    figures[-1].compared_with = figures[-2]
    figures[-1].save()

    page = text_of(viewer_client.get(reverse("site:overview")))

    # 18 against 14 in a month: given 32 in both, 18 or more in one is about as likely as
    # 14 or fewer (about 0.30 each side), so p is near 0.6: within normal variation.
    assert "up 28.6% (within normal variation)" in page
    assert "cause variation" not in page
