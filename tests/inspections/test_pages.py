import datetime

import pytest
from django.urls import reverse

from inspections.models import Finding, Inspection
from tests.factories import FindingFactory
from tests.page_helpers import add_later_period, add_many_rows, text_of
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

INSPECTIONS = reverse("inspections:inspection_list")
TODAY = datetime.date(2018, 1, 15)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Overdue depends on the day: every test here runs on 15 January 2018."""
    monkeypatch.setattr("inspections.views.timezone.localdate", lambda: TODAY)


def test_an_anonymous_visitor_is_sent_to_sign_in(outsider):
    response = outsider.get(INSPECTIONS)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={INSPECTIONS}"


def test_the_grade_table_is_printed_as_the_report_prints_it(viewer_client, demo):
    response = viewer_client.get(INSPECTIONS)
    page = text_of(response)

    assert response.status_code == 200
    assert (
        "Effectiveness 2016 Published 2 March 2017 Good No recommendations "
        "9 areas for improvement Next Inspection due 11th September 2017"
    ) in page
    assert "Efficiency 2016 Published 3 November 2016 Good" in page
    assert "Legitimacy 2016 Published 8 December 2016 Good" in page
    assert (
        "Leadership 2016 Narrative (no grade) No recommendations 1 area for improvement "
        "Examined as a thread through all PEEL inspections in 2017"
    ) in page
    content = response.content.decode()
    assert content.count('<strong class="tag tag--grade-good">Good</strong>') == 3
    assert '<caption id="grades-caption" class="table__caption">' in content


def test_the_grade_table_shows_results_published_by_the_period(viewer_client, demo):
    Inspection.objects.create(
        pillar=Inspection.Pillar.EFFICIENCY,
        year=2017,
        published_on=datetime.date(2017, 11, 9),
        grade=Inspection.Grade.REQUIRES_IMPROVEMENT,
    )
    add_later_period()

    latest = text_of(viewer_client.get(INSPECTIONS))
    earlier = text_of(viewer_client.get(INSPECTIONS, {"period": "2017-18-Q2"}))

    assert "Efficiency 2017 Published 9 November 2017 Requires improvement" in latest
    assert "Efficiency 2016" not in latest.split("Open findings")[0]
    assert "Efficiency 2016 Published 3 November 2016 Good" in earlier
    assert "Efficiency 2017" not in earlier.split("Open findings")[0]


def test_the_tracker_lists_open_findings_with_owner_due_date_and_overdue_in_words(
    viewer_client, demo
):
    effectiveness = Inspection.objects.get(pillar="effectiveness", year=2016)
    FindingFactory(
        inspection=effectiveness,
        kind=Finding.Kind.AREA_FOR_IMPROVEMENT,
        text="Improve how it protects vulnerable people.",
        owner="Head of Public Protection",
        due_date=datetime.date(2017, 12, 31),
    )
    FindingFactory(
        inspection=effectiveness,
        kind=Finding.Kind.RECOMMENDATION,
        text="Review neighbourhood policing.",
        due_date=datetime.date(2018, 6, 30),
    )
    FindingFactory(
        inspection=effectiveness,
        text="A finding already dealt with.",
        status=Finding.Status.CLOSED,
        closed_on=datetime.date(2017, 10, 1),
    )

    page = text_of(viewer_client.get(INSPECTIONS))

    assert (
        "Area for improvement Improve how it protects vulnerable people. Effectiveness 2016 "
        "Head of Public Protection 31 December 2017 Overdue"
    ) in page
    assert (
        "Recommendation Review neighbourhood policing. Effectiveness 2016 Not assigned "
        "30 June 2018 Open"
    ) in page
    assert "already dealt with" not in page


def test_each_report_gives_the_commissioners_56_day_response_date(viewer_client, demo):
    page = text_of(viewer_client.get(INSPECTIONS))

    assert "Effectiveness 2016 2 March 2017 27 April 2017" in page
    assert "Efficiency 2016 3 November 2016 29 December 2016" in page


@pytest.mark.parametrize("more", [False, True], ids=["demo", "demo and many more rows"])
def test_the_inspections_query_count_does_not_grow_with_the_data(
    viewer_client, demo, django_assert_num_queries, more
):
    if more:
        add_many_rows()

    # 1 the session, 2 the user, 3 the periods, 4 the data version (a cache miss, see
    # test_dashboard_cache), 5 the latest grade of each pillar, 6 the open findings with
    # their inspection, 7 the published reports.
    with django_assert_num_queries(7 + PERMISSION_QUERIES):
        response = viewer_client.get(INSPECTIONS)

    assert response.status_code == 200
