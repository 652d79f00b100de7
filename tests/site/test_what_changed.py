"""What changed this quarter: the demo's 2017-18-Q2, then a 2017-18-Q3 written after it
(tests.quarter_helpers), as a board member reads them on the overview, the priority and
metric pages, the report and its PDF.

Expected values are worked out by hand from the figures the helper writes.
"""

import datetime
import tomllib
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from pypdf import PdfReader

from essexperf.site.changes import what_changed
from metrics.models import Observation
from metrics.presentation import not_updated_since
from priorities import roles, workflow
from priorities.models import ReportingPeriod
from priorities.selection import PeriodSelection
from tests.conftest import rolled_back
from tests.factories import ObservationFactory
from tests.page_helpers import text_of
from tests.quarter_helpers import (
    CORRECTED_REASON,
    HOURS_AMENDMENT,
    REASON_AMENDMENT,
    write_third_quarter,
)
from tests.site.test_report import PREVIOUS_PERIOD_QUERIES, REPORT_QUERIES

pytestmark = pytest.mark.django_db

Q2, Q3 = "2017-18-Q2", "2017-18-Q3"
# The demo's Q2 figures, as its data file states them; every demo metric has some.
DEMO_FIGURES = tomllib.loads((settings.BASE_DIR / "demo" / Q2 / "observations.toml").read_text())
DEMO_METRICS = len({row["metric"] for row in DEMO_FIGURES["observations"]})
# Q3 updates four of them.
NOT_UPDATED = DEMO_METRICS - 4
SWITCHBOARD = "Average time for the switchboard to answer a 101 call"
HOURS = "Hours of service by Special Constables"
CALLS, CALLS_NAME = "calls-from-officers-and-staff", "Calls made by police officers and staff"


@pytest.fixture(scope="class")
def third_quarter(demo_database, django_db_blocker):
    """The demo's third quarter, written once for a class and rolled back after it."""
    with rolled_back(django_db_blocker):
        approver = get_user_model().objects.create_user(username="q3-approver", is_staff=True)
        approver.groups.add(Group.objects.get(name=roles.APPROVERS))
        write_third_quarter(approver)
        yield


def section(html, element_id, end="</section>"):
    start = html.index(f'id="{element_id}"')
    return text_of(html[start : html.index(end, start)])


def headline_card(html, metric_name):
    cards = html.split('<li class="headline">')[1:]
    return next(text_of(card.split("</li>")[0]) for card in cards if metric_name in card)


def selection_of(code):
    periods = list(ReportingPeriod.objects.order_by("-financial_year", "-quarter"))
    index = [p.code for p in periods].index(code)
    previous = periods[index + 1] if index + 1 < len(periods) else None
    return PeriodSelection(periods[index], previous, periods)


@pytest.mark.usefixtures("third_quarter")
class TestWhatChangedInTheThirdQuarter:
    def test_the_statuses_that_moved_are_listed_worst_first_and_the_steady_one_left_out(
        self, viewer
    ):
        changes = what_changed(viewer, selection_of(Q3))

        moved = [(c.commitment.reference, c.before, c.now) for c in changes.statuses]
        assert moved == [("1.1", "on_track", "off_track"), ("1.2", "some_concerns", "on_track")]
        assert changes.statuses[0].assessment.reason == CORRECTED_REASON

    def test_only_figures_that_moved_against_their_metric_s_direction_are_worse(self, viewer):
        changes = what_changed(viewer, selection_of(Q3))

        worse = [(o.metric.name, change.words) for o, change in changes.worse]
        # 24,900 against 26,000 hours over 91 days each: n = 50,900, expected 25,450 each,
        # z = (550 - 0.5) / sqrt(50,900 / 4) = 549.5 / 112.8 = 4.87, significant. 200 cadets
        # against 220, a headcount: no test applies, and three figures are too few for a
        # process chart, so it is not shown to be more than chance and is listed apart. The
        # headcount rose (better) and racial hate crimes rose (neither direction is better):
        # neither is listed.
        assert worse == [(HOURS, "down 4.2% (worse, significant)")]
        apart = [(o.metric.name, change.words) for o, change in changes.within_variation]
        assert apart == [("Volunteer Police Cadets", "down 9.1% (worse, no test applies)")]

    def test_a_figure_that_moved_the_wrong_way_by_chance_is_within_normal_variation(
        self, viewer, viewer_client
    ):
        august = Observation.objects.get(metric__slug=CALLS, end_date=datetime.date(2017, 8, 31))
        ObservationFactory(
            metric=august.metric,
            area=august.area,
            start_date=datetime.date(2017, 11, 1),
            end_date=datetime.date(2017, 11, 30),
            value=Decimal(2650),
            basis=Observation.Basis.MONTH,
            compared_with=august,
        )

        changes = what_changed(viewer, selection_of(Q3))

        # 2,650 calls in 30 days against 2,637 in 31 (fewer is better): up 13 / 2,637 = 0.5%.
        # Unchanged, the November count's share of n = 5,287 would be 30 / 61 = 0.4918:
        # expected 2,600.2, sd sqrt(5,287 * 0.4918 * 0.5082) = 36.35, z = (49.8 - 0.5) /
        # 36.35 = 1.36, p = 0.17: within normal variation, so not worse.
        # With the cadets' headcount, which no test applies to (listed by metric name).
        moved = [(o.metric.name, c.words) for o, c in changes.within_variation]
        assert moved == [
            (CALLS_NAME, "up 0.5% (within normal variation)"),
            ("Volunteer Police Cadets", "down 9.1% (worse, no test applies)"),
        ]
        assert CALLS_NAME not in [o.metric.name for o, _ in changes.worse]
        html = viewer_client.get(reverse("site:overview")).content.decode()
        changed = section(html, "what-changed")
        assert "1 figure got worse" in changed
        assert "Moved the wrong way, but not shown to be more than chance" in changed
        assert (
            f"{CALLS_NAME} 2,650 (Nov 2017), against 2,637 (Aug 2017): ▲ up 0.5% "
            "(within normal variation)"
        ) in changed

    def test_a_target_falling_behind_is_at_risk_with_where_it_would_stand(self, viewer):
        (risk,) = what_changed(viewer, selection_of(Q3)).at_risk

        # 220 on 31 Aug to 200 on 30 Nov 2017 is 20 fewer in 91 days; 396 days more to
        # 31 Dec 2018 at that rate: 200 - 20 * 396 / 91 = 112.97.
        assert risk.target.value == 300
        assert risk.projected == 113
        assert risk.stale is None

    def test_figures_not_updated_are_grouped_under_the_edition_they_are_from(self, viewer):
        changes = what_changed(viewer, selection_of(Q3))

        ((edition, figures),) = changes.not_updated
        assert edition.code == Q2
        assert len(figures) == NOT_UPDATED
        assert SWITCHBOARD in [o.metric.name for o in figures]
        assert HOURS not in [o.metric.name for o in figures]

    def test_it_takes_six_queries(self, viewer, django_assert_num_queries):
        selection = selection_of(Q3)
        viewer.has_perm(roles.VIEW_PUBLISHED)  # the person's permissions, read once
        # The assessments of both periods, the latest figures, the targets, and for the
        # figures that moved the wrong way their process charts: the figures of their lines,
        # their recalculation points and their targets.
        with django_assert_num_queries(6):
            what_changed(viewer, selection)

    def test_the_overview_opens_with_what_changed_before_the_grades(self, viewer_client):
        html = viewer_client.get(reverse("site:overview")).content.decode()
        page = text_of(html)

        assert page.index("What changed this quarter") < page.index("HMICFRS grades")
        changed = section(html, "what-changed")
        assert (
            "Since 2017-18-Q2: 2 RAG statuses changed, 1 figure got worse, 1 target at risk, "
            f"{NOT_UPDATED} figures not updated in 2017-18-Q3."
        ) in changed
        assert (
            "Commitment 1.1: Boost community volunteering, encourage the Active Citizen "
            "Programme and grow the police family"
        ) in changed
        assert (
            "From On track in 2017-18-Q2 to Off track in 2017-18-Q3 "
            f"Reason: {CORRECTED_REASON} Amended"
        ) in changed
        assert REASON_AMENDMENT in changed
        assert changed.index("Off track in 2017-18-Q3") < changed.index("On track in 2017-18-Q3")
        assert (
            f"{HOURS} 24,900 hours (1 Sep to 30 Nov 2017), against 26,000 hours "
            f"(1 Sep to 30 Nov 2016): ▼ down 4.2% (worse, significant) Amended"
        ) in changed
        assert (
            "Volunteer Police Cadets: a target of 300 by 31 December 2018 Latest 200 "
            "(at 30 Nov 2017): at the rate of change from 220 (at 31 Aug 2017), it would be "
            "about 113 by then."
        ) in changed
        assert f"Not updated since 2017-18-Q2 ({NOT_UPDATED} figures)" in changed

    def test_headline_cards_mark_figures_from_an_earlier_period_and_judge_only_real_moves(
        self, viewer_client
    ):
        html = viewer_client.get(reverse("site:overview")).content.decode()

        switchboard = headline_card(html, SWITCHBOARD)
        assert "5 seconds Not updated since 2017-18-Q2 Aug 2017; against 10 seconds" in switchboard
        hours = headline_card(html, HOURS)
        assert "Not updated" not in hours
        assert "▼ down 4.2% (worse, significant)" in hours
        assert "Amended" in hours
        assert HOURS_AMENDMENT in hours
        assert "▲ up 11.8% (better, no test applies)" in headline_card(
            html, "Special Constable headcount"
        )
        hate = headline_card(html, "Racial hate crimes reported")
        # 1,540 against 1,100 over 365 and 366 days: far beyond chance.
        assert "▲ up 40% (significant)" in hate
        assert "(better)" not in hate
        assert "(worse)" not in hate

    def test_the_priority_page_shows_the_move_near_the_top_and_marks_its_figures(
        self, viewer_client
    ):
        html = viewer_client.get(reverse("site:priority_detail", args=[1])).content.decode()
        page = text_of(html)

        contents = section(html, "contents-heading", "</nav>")
        assert "Off track (was On track in 2017-18-Q2)" in contents
        assert f"Status in 2017-18-Q3 Off track {CORRECTED_REASON} Amended" in page
        assert REASON_AMENDMENT in page
        assert (
            "Latest: 24,900 hours (1 Sep to 30 Nov 2017), against 26,000 hours "
            "(1 Sep to 30 Nov 2016): ▼ down 4.2% (worse, significant) Amended"
        ) in page
        assert HOURS_AMENDMENT in page
        switchboard = page[page.index(f"{SWITCHBOARD} Latest") :]
        assert "Not updated since 2017-18-Q2" in switchboard[:300]

    def test_the_metric_pages_mark_an_amended_figure_and_one_not_updated(self, viewer_client):
        hours = viewer_client.get(
            reverse("metrics:metric_detail", args=["special-constable-hours"])
        )
        switchboard = viewer_client.get(
            reverse("metrics:metric_detail", args=["calls-101-switchboard-answer-time"])
        )

        latest = text_of(hours.content.decode())
        assert "▼ down 4.2% (worse, significant) Amended" in latest
        assert HOURS_AMENDMENT in latest
        assert (
            "Latest 5 seconds (Aug 2017, Essex), against 10 seconds (Aug 2016): ▼ down 50% "
            "(better, no test applies) Not updated since 2017-18-Q2"
        ) in text_of(switchboard.content.decode())

    def test_the_report_opens_with_what_changed_and_prints_statuses_and_figures(
        self, viewer_client
    ):
        html = viewer_client.get(reverse("reports:report", args=[Q3])).content.decode()
        page = text_of(html)

        assert page.index("What changed this quarter") < page.index("Essex Police HMICFRS")
        assert (
            "Status in 2017-18-Q3: Off track (was On track in 2017-18-Q2) "
            f"Reason: {CORRECTED_REASON} Amended"
        ) in page
        assert "Status in 2017-18-Q3: On track (was Some concerns in 2017-18-Q2)" in page
        assert "Status in 2017-18-Q3: Not assessed" in page
        assert (
            f"{HOURS}: 24,900 hours (1 Sep to 30 Nov 2017), against 26,000 hours "
            "(1 Sep to 30 Nov 2016): ▼ down 4.2% (worse, significant) Amended"
        ) in page
        assert (
            f"{SWITCHBOARD}: 5 seconds (Aug 2017) Not updated since 2017-18-Q2, against 10 "
            "seconds (Aug 2016): ▼ down 50% (better, no test applies)"
        ) in page

    def test_the_pdf_carries_what_changed_statuses_reasons_and_figures(self, viewer_client):
        response = viewer_client.get(reverse("reports:report_pdf", args=[Q3]))
        reader = PdfReader(BytesIO(response.content))
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())

        assert "What changed this quarter" in text
        assert "From On track in 2017-18-Q2 to Off track in 2017-18-Q3" in text
        assert "Status in 2017-18-Q3: Off track (was On track in 2017-18-Q2)" in text
        assert f"Reason: {CORRECTED_REASON}" in text
        assert REASON_AMENDMENT in text
        assert HOURS_AMENDMENT in text
        assert "down 4.2% (worse, significant)" in text
        assert "Not updated since 2017-18-Q2" in text
        assert "it would be about 113 by then" in text
        assert text.index("What changed this quarter") < text.index("Essex Police HMICFRS")

    def test_the_report_takes_a_fixed_number_of_queries_with_a_previous_period(
        self, viewer_client, django_assert_num_queries
    ):
        # Q3 has no updates and no KSI routes, so nothing of theirs to read: no footnotes, no
        # vulnerable road user groups, no peak times. Two of its figures moved the wrong way,
        # so what changed reads their process charts: figures, recalculations, targets.
        without_rows = 3
        moved_the_wrong_way = 3
        with django_assert_num_queries(
            len(REPORT_QUERIES) + PREVIOUS_PERIOD_QUERIES - without_rows + moved_the_wrong_way
        ):
            viewer_client.get(reverse("reports:report", args=[Q3]))

    def test_the_overview_of_q2_is_still_q2_s_own(self, viewer_client):
        html = viewer_client.get(reverse("site:overview") + f"?period={Q2}").content
        page = text_of(html.decode())

        assert "Not updated since" not in page
        # 29,620 against 27,292 hours over 92 days each: z = (1,164 - 0.5) / sqrt(56,912 / 4)
        # = 1,163.5 / 119.28 = 9.75, significant.
        assert "▲ up 8.5% (better, significant)" in headline_card(html.decode(), HOURS)


def test_a_figure_outside_any_edition_is_from_the_first_edition_its_data_reached():
    date = datetime.date
    q2 = SimpleNamespace(code=Q2, financial_year=2017, quarter=2, data_to=date(2017, 8, 31))
    q3 = SimpleNamespace(code=Q3, financial_year=2017, quarter=3, data_to=date(2017, 11, 30))
    periods = [q3, q2]

    def figure(end):
        return SimpleNamespace(reported_in_id=None, reported_in=None, end_date=end)

    assert not_updated_since(figure(date(2017, 8, 31)), q3, periods) is q2
    assert not_updated_since(figure(date(2017, 9, 30)), q3, periods) is None
    assert not_updated_since(figure(date(2017, 8, 31)), q2, periods) is None


def test_a_quarter_just_started_shows_every_headline_as_not_updated_since_the_last(
    approver, approver_client, demo
):
    workflow.start_next_quarter(ReportingPeriod.objects.get(code=Q2), approver)
    compared = {row["metric"] for row in DEMO_FIGURES["observations"] if "compared_with" in row}

    html = approver_client.get(reverse("site:overview")).content.decode()

    cards = [text_of(card) for card in html.split('<li class="headline">')[1:]]
    assert len(cards) == len(compared)
    assert all("Not updated since 2017-18-Q2" in card for card in cards)
    assert f"{DEMO_METRICS} figures not updated in 2017-18-Q3" in text_of(html)
