"""The quarterly report page: the September 2017 report, as the demo data holds it.

The expected text comes from the demo data files and from sentences quoted from the report.
"""

import datetime
import itertools
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from priorities.models import ReportingPeriod
from priorities.text import FOOTNOTE_REFERENCE, parse_update_text
from tests.factories import (
    CommitmentFactory,
    FootnoteFactory,
    InspectionFactory,
    KsiPeakTimeFactory,
    KsiRouteFactory,
    KsiVulnerableGroupFactory,
    PlanFactory,
    PriorityFactory,
    ReportingPeriodFactory,
    UpdateFactory,
)
from tests.page_helpers import text_of

pytestmark = pytest.mark.django_db

CODE = "2017-18-Q2"
DEMO = Path(settings.BASE_DIR) / "demo"

# The queries the page and the PDF each take, whatever the size of the period.
# The headline figures' process charts (metrics.process.headline_processes); none is read
# where there is no headline figure.
HEADLINE_PROCESS_QUERIES = [
    "the figures of the headline figures' lines",
    "their metrics' recalculation points",
    "their metrics' targets",
]
RACIAL_HATE_LATE = (
    "Racial hate crimes reported: the latest figure, 1,529 in the 12 months to 31 July 2017, "
    "ends before the period's data-to date of 31 August 2017."
)
# What needs the board's attention (metrics.exceptions): the metrics and their latest
# figures; then, where there are figures, their process charts and the peer group (the demo
# has none, so no peers' figures or populations).
ATTENTION_QUERIES = ["needs attention: the metrics", "needs attention: their latest figures"]
ATTENTION_FIGURE_QUERIES = [
    "needs attention: the figures of their lines",
    "needs attention: their recalculation points",
    "needs attention: their targets",
    "needs attention: the peer group",
]
REPORT_QUERIES = [
    "the session",
    "the signed-in user",
    "the person's permissions",
    "their groups' permissions",
    "the data version (a cache miss, see test_dashboard_cache)",
    "the period, checked visible to the reader",
    "the periods the reader may see, for the previous one",
    "the priorities of the plans in force, with their plan",
    "their current commitments",
    "their assessments in the period and the previous one",
    "the period's updates of those commitments",
    "the footnotes of those updates",
    "the period's KSI routes",
    "the routes' vulnerable road user groups",
    "the routes' peak times",
    "the HMICFRS results known by the period's end",
    "the latest figure of each metric, for the headline figures",
    "what changed: the latest figure of each metric",
    "what changed: the metrics' targets",
    *HEADLINE_PROCESS_QUERIES,
    *ATTENTION_QUERIES,
    *ATTENTION_FIGURE_QUERIES,
]
# Queries a period without metrics does not read.
NO_FIGURE_QUERIES = len(HEADLINE_PROCESS_QUERIES) + len(ATTENTION_FIGURE_QUERIES)
# With a previous period: the latest figure of each metric in it, and the assessments of both
# periods for what changed.
PREVIOUS_PERIOD_QUERIES = 2

# The demo period is the first: it has no earlier statuses to compare with.
WHAT_CHANGED_HEADINGS = [
    "RAG statuses that changed",
    "Figures that got worse",
    "Targets at risk",
    "Figures not updated since an earlier period",
]

PRIORITY_HEADINGS = [
    "Priority 1 - More Local, Visible and Accessible Policing",
    "Priority 2 - Crack Down on Anti-social Behaviour",
    "Priority 3 - Breaking the Cycle of Domestic Abuse (DA)",
    "Priority 4 - Reverse the Trend in Serious Violence",
    "Priority 5 - Tackle Gangs and Organised Crime",
    "Priority 6 - Protecting Children and Vulnerable People",
    "Priority 7 - Improve Safety on our Roads",
]

FOOTNOTE = (
    "1 Referred to as ‘Primary call handling’, as this is the first member of Essex Police "  # noqa: RUF001 the report's quotes
    "staff to whom a member of the public speaks."
)

KSI_ROWS = [
    ["Route", "Last 3 month collisions", "Increase on 5 year average", "Vulnerable road users",
     "Peak Times"],
    ["B1414", "5", "114%", "57% Age 65+", "Weekdays 1100 - 1500"],
    ["A1013", "5", "43%", "22% Pedestrian 22% Child 0-17", "Friday"],
    ["M11", "22", "10%", "None", "Weekdays 1500 - 1800 Saturday 0100 - 0500"],
    ["B1027", "6", "6%", "23% Age 65+ 15% Child 0-17", "Tuesday"],
    ["B1022", "6", "3%", "33% Pedal cycle", "None"],
]  # fmt: skip

BLOCKS = {"p", "li", "ul", "ol", "div", "section", "header", "main", "table", "caption", "tr",
          "th", "td", "br", "h1", "h2", "h3", "h4", "h5", "h6", "title"}  # fmt: skip


def normalised(text):
    return " ".join(text.split())


class PageReader(HTMLParser):
    """The page as a reader meets it: its text, its headings and its tables' cells."""

    def __init__(self, html):
        super().__init__()
        self.chunks, self.headings, self.tables = [], [], {}
        self.heading = self.table = self.row = self.cell = None
        self.feed(html)
        self.text = normalised("".join(self.chunks))

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.handle_data(" ")
        if tag in {"h1", "h2", "h3", "h4"}:
            self.heading = (int(tag[1]), [])
        elif tag == "table":
            self.table = self.tables.setdefault(dict(attrs).get("id"), [])
        elif tag == "tr" and self.table is not None:
            self.row = []
            self.table.append(self.row)
        elif tag in {"th", "td"} and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.handle_data(" ")
        if tag in {"h1", "h2", "h3", "h4"} and self.heading:
            self.headings.append((self.heading[0], normalised("".join(self.heading[1]))))
            self.heading = None
        elif tag in {"th", "td"} and self.cell is not None:
            self.row.append(normalised("".join(self.cell)))
            self.cell = None
        elif tag == "table":
            self.table = self.row = None

    def handle_data(self, data):
        self.chunks.append(data)
        if self.heading is not None:
            self.heading[1].append(data)
        if self.cell is not None:
            self.cell.append(data)


def read_demo(name):
    with (DEMO / name).open("rb") as handle:
        return tomllib.load(handle)


def demo_commitments():
    """(lead-in, text) of every commitment of the demo plan, in plan order."""
    return [
        (commitment["lead_in"], commitment["text"])
        for priority in read_demo("plan.toml")["priorities"]
        for commitment in priority["commitments"]
    ]


def demo_updates():
    return [
        update
        for commitment in read_demo(f"{CODE}/updates.toml")["commitments"]
        for update in commitment["updates"]
    ]


def demo_update_passages():
    """Every paragraph and sub-bullet of the demo updates, as the page prints it."""
    passages = []
    for update in demo_updates():
        for block in parse_update_text(update["text"]):
            for passage in [block.text] if block.kind == "paragraph" else block.items:
                passages.append(FOOTNOTE_REFERENCE.sub(r"\1", passage))
    return passages


def in_order(text, *passages):
    positions = [text.index(passage) for passage in passages]
    return positions == sorted(positions)


@pytest.fixture
def html(demo, viewer_client):
    """The demo period's page as a board member gets it."""
    response = viewer_client.get(reverse("reports:report", args=[CODE]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def page(html):
    return PageReader(html)


def build_large_period(routes=12):
    """A published period with many more priorities, commitments, updates and routes."""
    period = ReportingPeriodFactory(
        financial_year=2018,
        quarter=1,
        data_to=datetime.date(2018, 5, 31),
        status=ReportingPeriod.Status.PUBLISHED,
        published_on=datetime.date(2018, 6, 30),
    )
    plan = PlanFactory()
    for number in range(1, 10):
        priority = PriorityFactory(plan=plan, number=number)
        for order in range(1, 6):
            commitment = CommitmentFactory(priority=priority, order=order)
            for position in range(1, 7):
                update = UpdateFactory(
                    commitment=commitment,
                    period=period,
                    order=position,
                    section="LPA North" if position > 3 else "",
                    text=f"Item {position} of the quarter[^1].\n- A sub-bullet.\n- Another.",
                )
                FootnoteFactory(update=update)
    for order in range(1, routes + 1):
        route = KsiRouteFactory(period=period, order=order)
        KsiVulnerableGroupFactory(route=route)
        KsiPeakTimeFactory(route=route)
        KsiPeakTimeFactory(route=route, days="saturday")
    for pillar in ("effectiveness", "efficiency", "legitimacy"):
        InspectionFactory(pillar=pillar, year=2017, published_on=datetime.date(2018, 3, 1))
    return period


@pytest.mark.usefixtures("demo")
class TestTheSeptember2017Report:
    """Read-only checks of the demo period's page."""

    def test_the_page_prints_every_priority_heading_in_order(self, page):
        assert [text for level, text in page.headings if level == 2][:3] == [
            "What changed this quarter",
            "What needs the board's attention",
            "Essex Police HMICFRS Grades",
        ]
        assert [text for level, text in page.headings if level == 2][3:] == PRIORITY_HEADINGS

    def test_what_needs_the_boards_attention_follows_what_changed(self, html):
        text = text_of(html)
        # The demo's three figures to 31 July 2017 (observations.toml) against its data to
        # 31 August 2017; by measure name, as all are of the same kind.
        assert in_order(
            text,
            "What changed this quarter",
            "What needs the board's attention",
            "3 reasons for attention in 2017-18-Q2.",
            "Change in 101 calls received on the same period a year before: the latest figure",
            "Change in 999 calls received on the same period a year before: the latest figure",
            RACIAL_HATE_LATE,
            "Essex Police HMICFRS Grades",
        )

    def test_headings_go_from_the_title_down_without_skipping_a_level(self, page):
        levels = [level for level, _ in page.headings]
        assert levels[0] == 1
        assert levels.count(1) == 1
        assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))

    def test_every_commitment_is_a_heading_with_its_lead_in(self, page):
        commitments = [text for level, text in page.headings if level == 3]
        assert commitments[:4] == WHAT_CHANGED_HEADINGS
        assert commitments[4:] == [
            normalised(f"{lead_in} {text}") for lead_in, text in demo_commitments()
        ]

    def test_the_page_prints_every_update_of_the_demo_data_in_order(self, page):
        passages = [normalised(passage) for passage in demo_update_passages()]
        missing = [passage for passage in passages if passage not in page.text]
        assert missing == []
        assert in_order(page.text, *passages)

    def test_the_page_reads_as_the_report_does(self, page):
        assert in_order(
            page.text,
            "Essex Police HMICFRS Grades",
            "We will: Boost community volunteering, encourage the Active Citizen Programme",
            "In the three months to 31st August 2017 Special Constables provided 29,620 hours of "
            "service.",
            "the switchboard (primary call handling1) is beginning to decrease.",
            "Honour Based Abuse (HBA) Training provided by Essex Police",
            "Two arrested for possession with intent to supply. Drugs and cash confiscated.",
            "The seizure of 3 KG cocaine.",
            "Essex police is regularly meeting with staff from Rape Crisis",
            "(403 KSI casualties 2017/18 v 450 KSI casualties 2016/17) five routes within the "
            "force area have seen increases over the past 3 months.",
        )

    def test_updates_sit_under_their_section_headings_in_order(self, page):
        sections = [text for level, text in page.headings if level == 4 and text != "Footnotes"]
        assert sections == [
            "Crime & Public Protection",
            "LPA North",
            "LPA South",
            "LPA West",
            "LPA North",
        ]
        assert in_order(
            page.text,
            "Criminal Intelligence Analysts provide updates",
            "LPA North Op Raptor led a coordinated operation",
            "LPA South Operation Essex will launch in October",
            "LPA West Joint warrant with Hertfordshire police",
            "Work in July with the MPS",
        )

    def test_bullets_paragraphs_and_sub_bullets_keep_the_report_s_style(self, html):
        bullets = [update for update in demo_updates() if update.get("style") != "paragraph"]
        assert html.count('<li class="update">') == len(bullets)
        assert '<div class="update update--paragraph"><p>Essex police is regularly meeting' in html
        assert (
            '<li class="update"><p>Other examples of initiatives being trialled include:</p>'
            '<ul class="sub-bullets"><li>PROJECT 360 - Key workers' in html
        )

    def test_the_footnote_is_printed_under_its_commitment_and_linked_from_its_reference(
        self, html, page
    ):
        assert FOOTNOTE in page.text
        assert in_order(
            page.text, "call demand will decrease.", FOOTNOTE, "We will: Support increased"
        )
        anchor = html.split('aria-label="footnote 1"')[0].rsplit('href="#', 1)[1].split('"')[0]
        assert f'<p class="footnote" id="{anchor}"><sup>1</sup>' in html

    def test_the_grade_table_prints_each_pillar_as_the_report_does(self, page):
        assert page.tables["grades"] == [
            ["Area", "Grade", "Recommendations & Areas for Improvement", "Comment"],
            ["Effectiveness 2016 Published 02/03/2017", "Good",
             "No recommendations 9 areas for improvement",
             "Next Inspection due 11th September 2017"],
            ["Efficiency 2016 Published 03/11/2016", "Good",
             "No recommendations 3 areas for improvement", "Await 2017 Report, due Autumn 2017"],
            ["Legitimacy 2016 Published 08/12/2016", "Good",
             "No recommendations 8 areas for improvement", "Await 2017 Report, due Autumn 2017"],
            ["Leadership 2016", "Narrative", "No recommendations 1 area for improvement",
             "Examined as a thread through all PEEL inspections in 2017"],
        ]  # fmt: skip

    def test_the_ksi_table_prints_every_cell_after_priority_7_s_updates(self, page):
        assert page.tables["ksi-routes"] == KSI_ROWS
        assert in_order(
            page.text,
            PRIORITY_HEADINGS[6],
            "particular young drivers at known car cruise meeting events.",
            "Routes where collisions rose over the last 3 months",
        )

    def test_the_title_block_gives_the_title_the_data_date_and_the_marking(self, page):
        assert page.headings[0] == (
            1,
            "Performance report to the Police and Crime Commissioner, September 2017",
        )
        assert "1 July 2017 to 30 September 2017. Data to 31 August 2017." in page.text
        assert "Published 30 September 2017" in page.text
        # The edition is published, so its "not for publication" marking is lifted.
        assert "not for publication" not in page.text

    def test_the_page_links_to_the_pdf_and_runs_no_script(self, html):
        assert f'href="{reverse("reports:report_pdf", args=[CODE])}"' in html
        assert "<script" not in html
        assert " style=" not in html

    def test_someone_signed_out_is_sent_to_sign_in(self, outsider):
        url = reverse("reports:report", args=[CODE])
        response = outsider.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"

    @pytest.mark.parametrize(
        "path", ["/reports/2030-31-Q1/", "/reports/2017-19-Q2/", "/reports/x/"]
    )
    def test_an_unknown_period_code_is_not_found(self, viewer_client, path):
        assert viewer_client.get(path).status_code == 404

    def test_the_demo_page_takes_a_fixed_number_of_queries(
        self, viewer_client, django_assert_num_queries
    ):
        with django_assert_num_queries(len(REPORT_QUERIES)):
            viewer_client.get(reverse("reports:report", args=[CODE]))


def test_the_marking_is_printed_on_a_draft_and_lifted_on_publication(
    editor_client,
):
    marking = "OFFICIAL-SENSITIVE"
    period = ReportingPeriodFactory(protective_marking=marking)
    draft = editor_client.get(reverse("reports:report", args=[CODE])).content.decode()
    period.status, period.published_on = "published", datetime.date(2017, 9, 30)
    period.save()
    published = editor_client.get(reverse("reports:report", args=[CODE])).content.decode()
    assert marking in draft
    assert marking not in published
    assert 'class="report-marking' not in published


def test_a_viewer_cannot_see_a_draft_period_s_report(viewer_client):
    ReportingPeriodFactory()
    assert viewer_client.get(reverse("reports:report", args=[CODE])).status_code == 404


def test_staff_see_a_draft_period_s_report_marked_draft(editor_client):
    ReportingPeriodFactory()
    response = editor_client.get(reverse("reports:report", args=[CODE]))
    assert response.status_code == 200
    assert '<strong class="report-status report-status--draft">Draft</strong>' in (
        response.content.decode()
    )


def test_a_much_bigger_period_takes_the_same_number_of_queries(
    viewer_client, django_assert_num_queries
):
    period = build_large_period()
    # It has no metrics, so no process chart or peer group to read.
    with django_assert_num_queries(len(REPORT_QUERIES) - NO_FIGURE_QUERIES):
        response = viewer_client.get(reverse("reports:report", args=[period.code]))
    assert response.content.decode().count('<li class="update">') == 9 * 5 * 6
    assert len(PageReader(response.content.decode()).tables["ksi-routes"]) == 12 + 1


def test_markup_typed_into_an_update_stays_text(viewer_client):
    period = ReportingPeriodFactory(status="published", published_on=datetime.date(2017, 9, 30))
    UpdateFactory(
        period=period,
        text='<script>alert("x")</script> <b>bold</b>\n- <img src=x onerror=alert(1)>',
    )
    html = viewer_client.get(reverse("reports:report", args=[CODE])).content.decode()
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in html
    assert '<script>alert("x")</script> <b>bold</b>' in PageReader(html).text
