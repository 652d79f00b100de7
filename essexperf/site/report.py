"""The quarterly report of a period, gathered in a fixed number of queries for page and PDF.

The report opens with what changed since the previous period (essexperf.site.changes) and
what needs the board's attention (metrics.exceptions), then follows the order of Essex
Police's performance report to the PCC: the HMICFRS grade table, then each priority with its
headline figures and its commitments, each with its RAG status and reason, their updates
grouped under section headings, the footnotes, and the KSI route table under the roads
priority.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.dateformat import format as format_date

from essexperf.site.changes import Changes, what_changed
from essexperf.site.summaries import headlines
from inspections.models import Inspection
from metrics.exceptions import attention_list
from metrics.models import KsiPeakTime, KsiRoute, KsiVulnerableGroup
from metrics.numbers import plain
from priorities.amendments import with_amendment
from priorities.layout import footnote_anchor, lay_out
from priorities.models import (
    Assessment,
    Commitment,
    Footnote,
    Plan,
    Priority,
    ReportingPeriod,
    Update,
)
from priorities.models.plan import current_in
from priorities.selection import PeriodSelection

# The report prints the KSI route table under this priority ("Improve Safety on our Roads");
# a plan without it gets the table after its last priority.
ROADS_PRIORITY_NUMBER = 7

# The report words the grade of a narrative-only assessment as just "Narrative".
NARRATIVE_LABEL = "Narrative"


@dataclass
class GradeRow:
    """One row of the HMICFRS grade table, worded as the report words it."""

    area: str
    published: str
    grade: str
    grade_label: str
    findings: list[str]
    comments: list[str]


@dataclass
class Entry:
    """An update with the prefix that makes its footnote anchors unique on the page."""

    update: Update
    anchor_prefix: str


@dataclass
class Run:
    """Consecutive updates printed alike: as a bulleted list or as plain paragraphs."""

    style: str
    entries: list[Entry]

    @property
    def is_bullets(self):
        return self.style == Update.Style.BULLET


@dataclass
class Section:
    """Updates under one section heading ("LPA North"); the heading is blank for none."""

    heading: str
    runs: list[Run]


@dataclass
class FootnoteEntry:
    anchor: str
    number: int
    text: str


@dataclass
class CommitmentBlock:
    commitment: Commitment
    sections: list[Section]
    footnotes: list[FootnoteEntry]
    # The period's assessment and the previous period's, each None when there is none.
    assessment: Assessment | None = None
    previous_assessment: Assessment | None = None

    @property
    def status_changed(self):
        return self.status != self.previous_status

    @property
    def status(self):
        return self.assessment.status if self.assessment else Assessment.Status.NOT_ASSESSED

    @property
    def previous_status(self):
        previous = self.previous_assessment
        return previous.status if previous else Assessment.Status.NOT_ASSESSED


@dataclass
class RouteRow:
    """One row of the KSI route table, each cell as printed."""

    road: str
    collisions: int
    increase: str
    vulnerable_groups: list[str]
    peak_times: list[str]


@dataclass
class PriorityBlock:
    priority: Priority
    commitments: list[CommitmentBlock]
    routes: list[RouteRow] = field(default_factory=list)
    # The priority's headline figures (essexperf.site.summaries.Headline).
    headlines: list = field(default_factory=list)


@dataclass
class Report:
    period: ReportingPeriod
    plans: list[Plan]
    grades: list[GradeRow]
    priorities: list[PriorityBlock]
    # Routes with no roads priority to sit under, printed after the last priority.
    routes_after_priorities: list[RouteRow]
    changes: Changes
    previous: ReportingPeriod | None = None
    # What needs the board's attention (metrics.exceptions), after what changed.
    attention: list = field(default_factory=list)

    @property
    def shows_marking(self):
        # The marking restricts a draft's circulation; publishing the edition lifts it.
        return bool(self.period.protective_marking) and not self.period.is_published

    @property
    def quarter_label(self):
        year = self.period.financial_year
        return f"Quarter {self.period.quarter} of {year}/{(year + 1) % 100:02d}"


def report_filename(code):
    """The name of the PDF file of the report of the period with this code."""
    return f"essexperf-report-{code}.pdf"


def build_report(period, user):
    """Gather everything the report of `period` prints, as `user` may see it."""
    selection = _selection(period, user)
    priorities = list(_priorities(selection, user))
    routes = [_route_row(route) for route in _routes(period, user)]
    in_force = Priority.objects.visible_to(user).in_force(period)
    figures, _ = headlines(user, selection, in_force, trends=False)
    blocks = [
        PriorityBlock(
            p,
            [_commitment_block(c, selection) for c in p.period_commitments],
            headlines=figures.get(p.pk, []),
        )
        for p in priorities
    ]
    roads = next((b for b in blocks if b.priority.number == ROADS_PRIORITY_NUMBER), None)
    if roads is not None:
        roads.routes = routes
    plans = list({block.priority.plan_id: block.priority.plan for block in blocks}.values())
    return Report(
        period=period,
        plans=plans,
        grades=[_grade_row(i) for i in _latest_inspections(period, user)],
        priorities=blocks,
        routes_after_priorities=[] if roads is not None else routes,
        changes=what_changed(user, selection),
        previous=selection.previous,
        attention=attention_list(user, selection),
    )


def _selection(period, user):
    """The period with the one before it among those `user` may see: one query."""
    periods = list(ReportingPeriod.objects.visible_to(user))
    later = next((n for n, p in enumerate(periods) if p.pk == period.pk), len(periods)) + 1
    previous = periods[later] if later < len(periods) else None
    return PeriodSelection(period, previous, periods)


def _priorities(selection, user):
    """Priorities of the plans in force during the period, with what the report prints.

    Queries: the priorities with their plans, then one each for the commitments, their
    assessments in the period and the one before, the period's updates and their footnotes.
    """
    period = selection.period
    assessed_in = [p for p in (period, selection.previous) if p is not None]
    assessments = with_amendment(Assessment.objects.visible_to(user).filter(period__in=assessed_in))
    current = current_in(period)
    updates = with_amendment(Update.objects.visible_to(user).filter(period=period))
    has_updates = Exists(updates.filter(commitment=OuterRef("pk")))
    footnotes = Footnote.objects.visible_to(user).order_by("number")
    commitments = (
        Commitment.objects.visible_to(user)
        .filter(current | has_updates)
        .order_by("order", "id")
        .prefetch_related(
            Prefetch("assessments", queryset=assessments, to_attr="period_assessments"),
            Prefetch(
                "updates",
                queryset=updates.order_by("order", "id").prefetch_related(
                    Prefetch("footnotes", queryset=footnotes)
                ),
                to_attr="period_updates",
            ),
        )
    )
    return (
        Priority.objects.visible_to(user)
        .in_force(period)
        .select_related("plan")
        .order_by("plan__start_date", "plan_id", "number")
        .prefetch_related(
            Prefetch("commitments", queryset=commitments, to_attr="period_commitments")
        )
    )


def laid_out(updates, prefix_of):
    """The updates' sections as the report prints them (priorities.layout), each update with
    its footnotes' anchor prefix, prefix_of(update)."""
    return [
        Section(
            section.heading,
            [Run(run.style, [Entry(u, prefix_of(u)) for u in run.updates]) for run in section.runs],
        )
        for section in lay_out(updates)
    ]


def _commitment_block(commitment, selection):
    assessments = {a.period_id: a for a in commitment.period_assessments}
    previous = selection.previous
    updates = commitment.period_updates
    footnotes = [
        FootnoteEntry(f"{footnote_anchor(update)}{note.number}", note.number, note.text)
        for update in updates
        for note in update.footnotes.all()
    ]
    return CommitmentBlock(
        commitment,
        laid_out(updates, footnote_anchor),
        footnotes,
        assessment=assessments.get(selection.period.pk),
        previous_assessment=assessments.get(previous.pk) if previous else None,
    )


def _latest_inspections(period, user):
    """Each pillar's latest result the report could print: one query."""
    latest = {}
    known = Inspection.objects.visible_to(user).known_by(period.end_date)
    for inspection in known.order_by("-year"):
        latest.setdefault(inspection.pillar, inspection)
    pillars = list(Inspection.Pillar)
    return sorted(latest.values(), key=lambda inspection: pillars.index(inspection.pillar))


def _grade_row(inspection):
    published = inspection.published_on
    narrative = inspection.grade == Inspection.Grade.NARRATIVE
    return GradeRow(
        area=str(inspection),
        published=f"Published {published:%d/%m/%Y}" if published else "",
        grade=inspection.grade,
        grade_label=NARRATIVE_LABEL if narrative else inspection.get_grade_display(),
        findings=_findings(inspection),
        comments=_comments(inspection),
    )


def _findings(inspection):
    lines = []
    if inspection.causes_of_concern:
        lines.append(
            _counted(inspection.causes_of_concern, "cause of concern", "causes of concern")
        )
    lines.append(_counted(inspection.recommendations, "recommendation", "recommendations"))
    lines.append(
        _counted(inspection.areas_for_improvement, "area for improvement", "areas for improvement")
    )
    return lines


def _counted(number, singular, plural):
    if number == 0:
        return f"No {plural}"
    return f"{number} {singular if number == 1 else plural}"


def _comments(inspection):
    lines = [inspection.comment] if inspection.comment else []
    if inspection.next_inspection_due:
        due = f"Next Inspection due {format_date(inspection.next_inspection_due, 'jS F Y')}"
        if due not in inspection.comment:
            lines.append(due)
    return lines


def _routes(period, user):
    """The period's KSI routes: one query, then one each for their groups and peak times."""
    return (
        KsiRoute.objects.visible_to(user)
        .filter(period=period)
        .order_by("order", "id")
        .prefetch_related(
            Prefetch(
                "vulnerable_groups",
                queryset=KsiVulnerableGroup.objects.visible_to(user).order_by("order", "id"),
            ),
            Prefetch("peak_times", queryset=KsiPeakTime.objects.visible_to(user).order_by("id")),
        )
    )


def _route_row(route):
    return RouteRow(
        road=route.road,
        collisions=route.collisions_last_3_months,
        increase=f"{plain(route.increase_on_5_year_average)}%",
        vulnerable_groups=[str(group) for group in route.vulnerable_groups.all()] or ["None"],
        peak_times=[str(peak) for peak in route.peak_times.all()] or ["None"],
    )
