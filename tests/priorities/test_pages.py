import re

import pytest
from django.urls import reverse

from priorities.models import Assessment, Commitment, ReportingPeriod, Update
from tests.factories import AssessmentFactory, UpdateFactory
from tests.page_helpers import (
    LATER_HOURS,
    add_earlier_hours,
    add_later_period,
    add_many_rows,
    scripts_are_data_or_static,
    text_of,
)
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("site:overview")
PRIORITY_1 = reverse("site:priority_detail", args=[1])
PAGES = [
    OVERVIEW,
    reverse("priorities:priority_list"),
    PRIORITY_1,
    reverse("site:search") + "?q=Raptor",
]


@pytest.mark.parametrize("url", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(outsider, url):
    response = outsider.get(url)

    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


@pytest.mark.parametrize("url", PAGES)
def test_each_page_answers_a_viewer_and_loads_no_inline_script(viewer_client, demo, url):
    response = viewer_client.get(url)

    assert response.status_code == 200
    assert scripts_are_data_or_static(response.content.decode())


def test_the_landing_page_is_the_overview(viewer_client):
    response = viewer_client.get("/")

    assert response.status_code == 200
    assert response.resolver_match.view_name == "site:overview"
    assert reverse("home") == "/"


def test_the_overview_says_so_when_there_is_no_report_yet(viewer_client):
    response = viewer_client.get(OVERVIEW)

    assert response.status_code == 200
    assert "There are no report editions to show yet." in text_of(response)


def test_the_overview_shows_each_priority_with_its_commitments_and_updates(viewer_client, demo):
    page = text_of(viewer_client.get(OVERVIEW))

    assert "Priority 1: More Local, Visible and Accessible Policing" in page
    assert "Priority 7: Improve Safety on our Roads" in page
    assert "Commitments 3 Updates in 2017-18-Q2 18" in page
    # The demo holds no assessments: every commitment counts as not assessed.
    assert "On track 0 Some concerns 0 Off track 0 Not assessed 3" in page


def test_the_overview_counts_the_statuses_of_the_period_only(viewer_client, demo):
    period = ReportingPeriod.objects.get(code="2017-18-Q2")
    first, second, third = Commitment.objects.filter(priority__number=1)
    AssessmentFactory(commitment=first, period=period, status=Assessment.Status.ON_TRACK)
    AssessmentFactory(
        commitment=second, period=period, status=Assessment.Status.OFF_TRACK, reason="Slow."
    )

    page = text_of(viewer_client.get(OVERVIEW))

    assert "On track 1 Some concerns 0 Off track 1 Not assessed 1" in page
    assert third.reference == "1.3"


def test_the_overview_gives_headline_figures_with_their_change_in_words(viewer_client, demo):
    response = viewer_client.get(OVERVIEW)
    page = text_of(response)

    assert "Hours of service by Special Constables 29,620 hours" in page
    # 29,620 against 27,292 hours over 92 days each: z = 1,163.5 / sqrt(56,912 / 4) = 9.75.
    assert "against 27,292 hours (1 Jun to 31 Aug 2016) ▲ up 8.5% (better, significant)" in page
    # 403 KSI casualties against 450: z = (23.5 - 0.5) / sqrt(853 / 4) = 1.575, p = 0.115.
    assert "down 10.4% (within normal variation)" in page
    content = response.content.decode()
    assert 'class="change change--good"' in content
    # Two figures: their change is in words, with no trend line.
    assert 'id="chart-trend-special-constable-hours"' not in content


def test_the_overview_draws_a_headline_trend_of_three_figures_or_more(viewer_client, demo):
    add_earlier_hours()

    content = viewer_client.get(OVERVIEW).content.decode()

    assert 'id="chart-trend-special-constable-hours"' in content
    assert (
        'role="img" aria-label="Trend of Hours of service by Special Constables: 25,000 hours '
        "(1 Sep to 30 Nov 2015), then 25,900 hours"
    ) in content


def test_the_overview_shows_the_four_grades_and_the_roads_casualties(viewer_client, demo):
    page = text_of(viewer_client.get(OVERVIEW))

    assert "Effectiveness 2016 Good" in page
    assert "Efficiency 2016 Good" in page
    assert "Legitimacy 2016 Good" in page
    assert "Leadership 2016 Narrative (no grade)" in page
    assert "403 casualties, 1 April 2017 to 31 August 2017, against 450 a year before" in page


def test_the_period_switcher_changes_the_figures(viewer_client, demo):
    add_later_period()

    latest = text_of(viewer_client.get(OVERVIEW))
    earlier = text_of(viewer_client.get(OVERVIEW, {"period": "2017-18-Q2"}))

    assert f"{LATER_HOURS:,} hours" in latest
    # 31,200 against 26,000 hours over 91 days each: z = (2,600 - 0.5) / sqrt(57,200 / 4)
    # = 2,599.5 / 119.58 = 21.7, significant.
    assert "up 20% (better, significant)" in latest
    # Against the period before: its figure, and its counts.
    assert "2017-18-Q2: 29,620 hours" in latest
    assert "Updates in 2017-18-Q3 1 (18 in 2017-18-Q2)" in latest
    assert "On track 1 (0 in 2017-18-Q2)" in latest
    assert "612 casualties" in latest
    assert "29,620 hours" in earlier
    assert f"{LATER_HOURS:,} hours" not in earlier
    assert "Showing 2017-18-Q2" in earlier


def test_the_switcher_is_a_labelled_form_that_works_without_javascript(viewer_client, demo):
    add_later_period()

    content = viewer_client.get(OVERVIEW, {"period": "2017-18-Q2"}).content.decode()

    assert '<form class="period-switcher" method="get">' in content
    assert '<label class="period-switcher__label" for="period-choice">' in content
    assert '<option value="2017-18-Q2" selected>' in content
    assert '<option value="2017-18-Q3">' in content
    # Links keep the chosen period.
    assert f'href="{PRIORITY_1}?period=2017-18-Q2"' in content


def test_a_viewer_does_not_see_a_draft_period(viewer_client, demo):
    add_later_period(status=ReportingPeriod.Status.DRAFT)

    default = viewer_client.get(OVERVIEW)
    asked = viewer_client.get(OVERVIEW, {"period": "2017-18-Q3"})

    assert "2017-18-Q3" not in default.content.decode()
    assert f"{LATER_HOURS:,}" not in text_of(default)
    assert "Showing 2017-18-Q2" in text_of(asked)
    assert f"{LATER_HOURS:,}" not in text_of(asked)
    assert "no reporting period “2017-18-Q3” that you can see" in text_of(asked)


def test_staff_see_the_latest_draft_marked_draft(editor_client, demo):
    add_later_period(status=ReportingPeriod.Status.DRAFT)

    response = editor_client.get(OVERVIEW)

    assert "Showing 2017-18-Q3" in text_of(response)
    assert f"{LATER_HOURS:,} hours" in text_of(response)
    content = response.content.decode()
    assert '<strong class="tag tag--draft">Draft</strong>' in content
    assert "2017-18-Q3 (data to 30 Nov 2017) - Draft</option>" in content


def test_staff_may_go_back_to_the_published_period(editor_client, demo):
    add_later_period(status=ReportingPeriod.Status.DRAFT)

    page = text_of(editor_client.get(OVERVIEW, {"period": "2017-18-Q2"}))

    assert "Showing 2017-18-Q2" in page
    assert f"{LATER_HOURS:,}" not in page


def test_the_priority_page_shows_each_commitment_with_its_status_and_updates(viewer_client, demo):
    period = ReportingPeriod.objects.get(code="2017-18-Q2")
    contact = Commitment.objects.get(priority__number=1, order=2)
    AssessmentFactory(
        commitment=contact,
        period=period,
        status=Assessment.Status.SOME_CONCERNS,
        reason="999 calls keep rising.",
    )

    response = viewer_client.get(PRIORITY_1)
    page = text_of(response)

    assert "Commitment 1.1 We will: Boost community volunteering" in page
    assert "Status in 2017-18-Q2 Some concerns 999 calls keep rising." in page
    assert "Status in 2017-18-Q2 Not assessed" in page
    assert "provided 29,620 hours of service" in page
    content = response.content.decode()
    assert '<strong class="tag tag--some_concerns">Some concerns</strong>' in content


def test_the_priority_page_lays_updates_out_as_the_report_does(viewer_client, demo):
    content = viewer_client.get(reverse("site:priority_detail", args=[4])).content.decode()

    assert '<h4 class="section-heading">LPA North</h4>' in content
    assert content.index("LPA North") < content.index("LPA South") < content.index("LPA West")
    # Sub-bullets nest inside their update.
    assert re.search(
        r'<li id="update-\d+"><p>Operation Raptor[^<]*</p><ul class="sub-bullets">', content
    )


def test_a_footnote_sits_under_its_commitment_and_its_reference_links_to_it(viewer_client, demo):
    content = viewer_client.get(PRIORITY_1).content.decode()

    anchor = re.search(r'href="#(update-\d+-footnote-1)"', content).group(1)
    assert f'<li id="{anchor}" value="1">Referred to as \u2018Primary call handling' in content


def test_the_priority_page_charts_only_a_metric_with_three_figures_on_a_line(viewer_client, demo):
    add_earlier_hours()

    response = viewer_client.get(PRIORITY_1)
    content = response.content.decode()

    # Of the 24 metrics, only Specials' hours has a line of three figures or more.
    charts = re.findall(r'<div class="chart" id="(chart-[^"]+)" role="img" aria-label="', content)
    assert charts == ["chart-special-constable-hours"]
    assert 'id="chart-special-constable-hours-data" type="application/json"' in content
    assert content.count("Show the figures as a table") == 24


def test_the_priority_page_compares_with_the_previous_period(viewer_client, demo):
    add_later_period()

    page = text_of(viewer_client.get(PRIORITY_1))

    assert "Status in 2017-18-Q3 On track" in page
    assert "Status in 2017-18-Q2 Not assessed" in page
    assert "Updates 1 in 2017-18-Q3, 7 in 2017-18-Q2" in page
    assert "Operation Kestrel recruited 40 Specials." in page
    assert "In 2017-18-Q2: 29,620 hours" in page


def test_an_unknown_priority_is_not_found(viewer_client, demo):
    assert viewer_client.get(reverse("site:priority_detail", args=[99])).status_code == 404


def test_update_text_typed_with_markup_is_shown_as_text(viewer_client, demo):
    UpdateFactory(
        commitment=Commitment.objects.get(priority__number=1, order=1),
        period=ReportingPeriod.objects.get(code="2017-18-Q2"),
        order=99,
        section="<b>North</b>",
        text='<script>alert("x")</script> & <img src=x onerror=alert(1)>',
    )

    content = viewer_client.get(PRIORITY_1).content.decode()

    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in content
    assert "&lt;b&gt;North&lt;/b&gt;" in content


def test_the_priority_list_gives_each_priority_and_its_commitments(viewer_client, demo):
    page = text_of(viewer_client.get(reverse("priorities:priority_list")))

    assert "Priority 4: Reverse the Trend in Serious Violence" in page
    assert "4.1 Bring violent offenders to justice" in page


@pytest.mark.parametrize("more", [False, True], ids=["demo", "demo and many more rows"])
def test_the_overview_query_count_does_not_grow_with_the_data(
    viewer_client, demo, django_assert_num_queries, more
):
    if more:
        add_many_rows()

    # 1 the session, 2 the user, 3 the periods the viewer may see, 4 the data version (a
    # cache miss, see test_dashboard_cache), what changed: 5 the latest figure of each metric,
    # 6 the targets; 7 the latest figure of each metric of the plan, 8 the figures of their
    # trend lines, 9 the priorities with their commitments, statuses and updates counted,
    # 10 the latest grade of each pillar, 11 the KSI totals; the headline figures' process
    # charts (metrics.process.headline_processes): 12 their lines' figures, 13 the
    # recalculation points, 14 the targets.
    with django_assert_num_queries(14 + PERMISSION_QUERIES):
        response = viewer_client.get(OVERVIEW)

    assert response.status_code == 200


def test_the_overview_adds_one_query_for_the_previous_period(
    viewer_client, demo, django_assert_num_queries
):
    add_later_period()

    # As above, and the assessments of both periods (what changed), and the latest figure of
    # each metric in the previous period.
    with django_assert_num_queries(16 + PERMISSION_QUERIES):
        viewer_client.get(OVERVIEW)


@pytest.mark.parametrize("more", [False, True], ids=["demo", "demo and many more rows"])
def test_the_priority_page_query_count_does_not_grow_with_the_data(
    viewer_client, demo, django_assert_num_queries, more
):
    if more:
        add_many_rows()

    # 1 the session, 2 the user, 3 the periods, 4 the data version (a cache miss), 5 the
    # priority, 6 its current commitments with their previous updates counted, 7 their
    # assessments, 8 their updates, 9 the updates' footnotes, 10 its metrics, 11 the latest
    # figure of each, 12 the newest figures of each on its chart, 13 their amendments,
    # 14 the metrics' targets; the process charts of the latest figures' lines
    # (metrics.process.headline_processes): 15 their figures, 16 the recalculation points,
    # 17 the targets.
    with django_assert_num_queries(17 + PERMISSION_QUERIES):
        response = viewer_client.get(PRIORITY_1)

    assert response.status_code == 200
    assert Update.objects.filter(commitment__priority__number=1).count() > (30 if more else 0)


@pytest.mark.parametrize("more", [False, True], ids=["demo", "demo and many more rows"])
def test_the_priority_list_query_count_does_not_grow_with_the_data(
    viewer_client, demo, django_assert_num_queries, more
):
    if more:
        add_many_rows()

    # 1 the session, 2 the user, 3 the periods, 4 the data version (a cache miss), 5 the
    # priorities with their plan, 6 their current commitments.
    with django_assert_num_queries(6 + PERMISSION_QUERIES):
        viewer_client.get(reverse("priorities:priority_list"))
