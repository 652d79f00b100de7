"""Data for the page tests: the demo report, a later period, and many more rows at once."""

import datetime
import html
import re
from decimal import Decimal

from django.core.management import call_command

from inspections.models import Finding, Inspection
from metrics.models import (
    Area,
    KsiPeakTime,
    KsiRoute,
    KsiTotal,
    KsiVulnerableGroup,
    Metric,
    Observation,
    Target,
)
from priorities.models import (
    Assessment,
    Commitment,
    Footnote,
    Plan,
    Priority,
    ReportingPeriod,
    Update,
)
from tests.factories import (
    AssessmentFactory,
    KsiRouteFactory,
    KsiTotalFactory,
    ObservationFactory,
    ReportingPeriodFactory,
    UpdateFactory,
)

# Special Constables' hours in the later period, against the same months a year before.
LATER_HOURS, LATER_HOURS_BEFORE = 31200, 26000


def load_demo():
    """The September 2017 report (2017-18-Q2), as `manage.py loaddemo` loads it."""
    call_command("loaddemo", verbosity=0)


def add_later_period(status=ReportingPeriod.Status.PUBLISHED):
    """2017-18-Q3 with other figures: more hours, an assessment, one update, KSI totals."""
    published = status == ReportingPeriod.Status.PUBLISHED
    later = ReportingPeriodFactory(
        financial_year=2017,
        quarter=3,
        data_to=datetime.date(2017, 11, 30),
        title="Performance report to the PCC, December 2017",
        status=status,
        published_on=datetime.date(2017, 12, 20) if published else None,
    )
    essex = Area.objects.get(slug="essex")
    add_later_hours(later, essex)
    specials = Commitment.objects.get(priority__number=1, order=1)
    AssessmentFactory(commitment=specials, period=later, status=Assessment.Status.ON_TRACK)
    UpdateFactory(
        commitment=specials, period=later, order=1, text="Operation Kestrel recruited 40 Specials."
    )
    KsiTotalFactory(
        period=later,
        area=essex,
        end_date=datetime.date(2017, 11, 30),
        casualties=612,
        casualties_year_before=640,
    )
    KsiRouteFactory(period=later, road="A12", order=1, collisions_last_3_months=9)
    return later


def add_later_hours(period, area):
    """Special Constables' hours from September to November 2017, against a year before."""
    hours = Metric.objects.get(slug="special-constable-hours")
    year_before = ObservationFactory(
        metric=hours,
        area=area,
        start_date=datetime.date(2016, 9, 1),
        end_date=datetime.date(2016, 11, 30),
        value=Decimal(LATER_HOURS_BEFORE),
        reported_in=period,
    )
    ObservationFactory(
        metric=hours,
        area=area,
        start_date=datetime.date(2017, 9, 1),
        end_date=datetime.date(2017, 11, 30),
        value=Decimal(LATER_HOURS),
        reported_in=period,
        compared_with=year_before,
    )


# Special Constables' hours in the three quarters before the demo's year-before figure, with no
# edition: with it, the Essex line runs four quarters to August 2016, then a year later to
# August 2017 across nine months with no figure.
EARLIER_HOURS = {
    (datetime.date(2015, 9, 1), datetime.date(2015, 11, 30)): 25000,
    (datetime.date(2015, 12, 1), datetime.date(2016, 2, 29)): 25900,
    (datetime.date(2016, 3, 1), datetime.date(2016, 5, 31)): 26400,
}


def add_earlier_hours():
    """Enough of Special Constables' hours in Essex for their line to be charted."""
    hours = Metric.objects.get(slug="special-constable-hours")
    essex = Area.objects.get(slug="essex")
    for (start, end), value in EARLIER_HOURS.items():
        ObservationFactory(
            metric=hours,
            area=essex,
            start_date=start,
            end_date=end,
            value=Decimal(value),
            basis=Observation.Basis.THREE_MONTHS,
        )


def add_many_rows(count=30):
    """Many more of everything the pages list, made with bulk_create, in the demo period."""
    period = ReportingPeriod.objects.get(code="2017-18-Q2")
    plan = Plan.objects.get()
    extra = Priority.objects.bulk_create(
        Priority(plan=plan, number=100 + n, title=f"Extra priority {n}") for n in range(count)
    )
    commitments = add_commitments([*extra, Priority.objects.get(number=1)], period)
    add_metrics(commitments, period, Area.objects.get(slug="essex"))
    add_hours_by_area(period)
    add_routes(period, count)
    add_inspections()


def add_commitments(priorities, period):
    """Five commitments for each priority, each with three updates, footnotes, assessments."""
    commitments = Commitment.objects.bulk_create(
        Commitment(priority=p, text=f"Extra commitment {n} of {p.number}.", order=50 + n)
        for p in priorities
        for n in range(5)
    )
    updates = Update.objects.bulk_create(
        Update(
            commitment=commitment,
            period=period,
            order=n + 1,
            section="LPA North" if n else "",
            text=f"Extra progress {n}, with a note[^1].\n- A sub-bullet.",
        )
        for commitment in commitments
        for n in range(3)
    )
    Footnote.objects.bulk_create(Footnote(update=u, number=1, text="A note.") for u in updates)
    add_assessments(commitments, period)
    return commitments


def add_assessments(commitments, period):
    """An assessment of each commitment, taking each status in turn."""
    statuses = list(Assessment.Status)
    Assessment.objects.bulk_create(
        Assessment(
            commitment=commitment,
            period=period,
            status=statuses[n % len(statuses)],
            reason="" if statuses[n % len(statuses)] == "on_track" else "A reason.",
        )
        for n, commitment in enumerate(commitments)
    )


def add_metrics(commitments, period, area):
    """A metric for each commitment, with sixteen figures: the later eight against earlier ones."""
    metrics = Metric.objects.bulk_create(
        Metric(
            name=f"Extra metric {c.pk}",
            slug=f"extra-metric-{c.pk}",
            unit=Metric.Unit.COUNT,
            up_is=Metric.UpIs.GOOD,
            measure=Metric.Measure.TOTAL,
            priority_id=c.priority_id,
            commitment=c,
        )
        for c in commitments
    )
    earlier = Observation.objects.bulk_create(
        quarter_figure(metric, area, year, year - 1900, period)
        for metric in metrics
        for year in range(2001, 2009)
    )
    Observation.objects.bulk_create(
        quarter_figure(
            before.metric, area, before.end_date.year + 8, before.value + 20, period, before
        )
        for before in earlier
    )
    Target.objects.bulk_create(
        Target(metric=m, area=area, value=500, due_date=datetime.date(2019, 3, 31)) for m in metrics
    )


def quarter_figure(metric, area, year, value, period, compared_with=None):
    return Observation(
        metric=metric,
        area=area,
        start_date=datetime.date(year, 6, 1),
        end_date=datetime.date(year, 8, 31),
        value=value,
        basis=Observation.Basis.THREE_MONTHS,
        reported_in=period,
        compared_with=compared_with,
    )


def add_hours_by_area(period):
    """Special Constables' hours for every other area over many years: the metric page."""
    hours = Metric.objects.get(slug="special-constable-hours")
    Observation.objects.bulk_create(
        quarter_figure(hours, area, year, 1000 + year, period)
        for area in Area.objects.exclude(slug="essex")
        for year in range(2005, 2017)
    )


def add_routes(period, count):
    routes = KsiRoute.objects.bulk_create(
        KsiRoute(
            period=period,
            road=f"C{n}",
            order=10 + n,
            collisions_last_3_months=n,
            increase_on_5_year_average=n,
        )
        for n in range(count)
    )
    KsiVulnerableGroup.objects.bulk_create(
        KsiVulnerableGroup(route=route, group=group, percent=10)
        for route in routes
        for group in ("pedestrian", "child")
    )
    KsiPeakTime.objects.bulk_create(KsiPeakTime(route=route, days="sunday") for route in routes)
    KsiTotal.objects.bulk_create(
        KsiTotal(
            period=period,
            area=area,
            start_date=datetime.date(2017, 4, 1),
            end_date=datetime.date(2017, 8, 31),
            casualties=50,
            casualties_year_before=60,
        )
        for area in Area.objects.exclude(slug="essex")
    )


def add_inspections():
    """Earlier years of every pillar, each with open and closed findings."""
    inspections = Inspection.objects.bulk_create(
        Inspection(
            pillar=pillar,
            year=year,
            published_on=datetime.date(year + 1, 2, 1),
            grade=Inspection.Grade.REQUIRES_IMPROVEMENT,
            areas_for_improvement=3,
        )
        for pillar in Inspection.Pillar
        for year in (2014, 2015)
    )
    Finding.objects.bulk_create(
        Finding(
            inspection=inspection,
            kind=kind,
            text=f"Extra finding of {inspection}.",
            due_date=datetime.date(2016, 6, 1),
        )
        for inspection in inspections
        for kind in Finding.Kind
    )


def text_of(page):
    """The words a reader sees in a response or a piece of HTML, for sentence checks: inline
    tags dropped (so "<strong>up</strong> 44%" reads "up 44%"), other tags and runs of white
    space collapsed to a space, entities read as their characters."""
    markup = page if isinstance(page, str) else page.content.decode()
    inline = re.sub(r"</?(?:a|span|strong|abbr)\b[^>]*>", "", markup)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def scripts_are_data_or_static(page):
    """True when every <script> loads a static file or holds JSON data, as a strict
    Content-Security-Policy will require."""
    for tag in re.findall(r"<script\b[^>]*>", page):
        if 'type="application/json"' not in tag and 'src="/static/' not in tag:
            return False
    return True
