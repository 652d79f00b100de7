import pytest
from django.urls import reverse

from priorities.models import ReportingPeriod
from tests.factories import PlanFactory, PriorityFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_is_sent_to_sign_in(outsider):
    response = outsider.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_the_sign_in_page_renders(outsider):
    response = outsider.get(reverse("login"))

    assert response.status_code == 200
    assert b"<h1>Sign in</h1>" in response.content


def test_a_viewer_sees_the_plan_its_priorities_and_the_periods(viewer_client):
    plan = PlanFactory(title="Police and Crime Plan 2016-2020")
    PriorityFactory(plan=plan, number=1, title="More Local, Visible and Accessible Policing")
    PriorityFactory(plan=plan, number=2, title="Crack Down on Anti-Social Behaviour")
    ReportingPeriodFactory(financial_year=2017, quarter=2, title="September 2017 report")
    ReportingPeriodFactory(
        financial_year=2017,
        quarter=1,
        data_to="2017-05-31",
        title="June 2017 report",
        status=ReportingPeriod.Status.PUBLISHED,
        published_on="2017-07-20",
    )

    response = viewer_client.get(reverse("home"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Police and Crime Plan 2016-2020</h1>" in page
    assert '<li value="1">More Local, Visible and Accessible Policing</li>' in page
    assert '<li value="2">Crack Down on Anti-Social Behaviour</li>' in page
    # Newest edition first.
    assert page.index("2017-18-Q2") < page.index("2017-18-Q1")
    assert "September 2017 report" in page
    assert '<strong class="tag tag--published">Published</strong>' in page


def test_with_nothing_entered_the_viewer_is_told_how_to_load_the_demo(viewer_client):
    response = viewer_client.get(reverse("home"))

    assert response.status_code == 200
    assert b"No plan yet" in response.content
    assert b"No report editions yet." in response.content


@pytest.mark.parametrize("priorities", [1, 5])
def test_the_landing_page_query_count_does_not_grow_with_priorities(
    viewer_client, django_assert_num_queries, priorities
):
    plan = PlanFactory()
    PriorityFactory.create_batch(priorities, plan=plan)
    ReportingPeriodFactory()

    # 1. the session, 2. the signed-in user, 3. the plans, 4. their priorities (prefetched),
    # 5. the reporting periods.
    with django_assert_num_queries(5):
        response = viewer_client.get(reverse("home"))

    assert response.status_code == 200
    assert response.content.decode().count('<li value="') == priorities
