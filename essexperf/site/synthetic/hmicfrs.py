"""Synthetic HMICFRS results for every pillar and year, and the findings each one counts."""

import datetime

from essexperf.site.synthetic import words
from inspections.importers import import_inspections
from inspections.models import Finding, Inspection

FIRST_YEAR = 2014
# Past its due date by the end of the window, a finding is dealt with this often.
CLOSED_SHARE = 0.8
SUPERSEDED_SHARE = 0.1
DUE_AFTER_DAYS = [91, 182, 365]
# How often each grade is awarded, relatively.
GRADE_WEIGHTS = {
    Inspection.Grade.OUTSTANDING: 1,
    Inspection.Grade.GOOD: 6,
    Inspection.Grade.ADEQUATE: 4,
    Inspection.Grade.REQUIRES_IMPROVEMENT: 3,
    Inspection.Grade.INADEQUATE: 1,
}
COUNT_FIELDS = {
    Finding.Kind.CAUSE_OF_CONCERN: "causes_of_concern",
    Finding.Kind.RECOMMENDATION: "recommendations",
    Finding.Kind.AREA_FOR_IMPROVEMENT: "areas_for_improvement",
}


def inspection_years(sizes):
    return range(max(FIRST_YEAR, sizes.first_year - 2), sizes.last_year + 1)


def generate_inspections(sizes, tally):
    """A result for each pillar of each year not held yet, with the counts of its findings."""
    rng = sizes.random("inspections")
    held = set(Inspection.objects.values_list("pillar", "year"))
    items = [
        inspection_item(sizes, rng, pillar, year)
        for year in inspection_years(sizes)
        for pillar in Inspection.Pillar
        if (pillar.value, year) not in held
    ]
    import_inspections({"inspections": items}, tally)


def inspection_item(sizes, rng, pillar, year):
    grades = Inspection.grades_for_year(year)
    narrative = Inspection.Grade.NARRATIVE in grades and pillar == Inspection.Pillar.LEADERSHIP
    if narrative and rng.random() < 0.5:
        grade = Inspection.Grade.NARRATIVE
    else:
        graded = [g for g in grades if g != Inspection.Grade.NARRATIVE]
        grade = rng.choices(graded, weights=[GRADE_WEIGHTS[g] for g in graded])[0]
    found = rng.randint(1, sizes.most_findings)
    causes = 1 if rng.random() < 0.1 else 0
    recommendations = rng.randint(0, found // 3)
    item = {
        "pillar": pillar.value,
        "year": year,
        "grade": grade.value,
        "causes_of_concern": causes,
        "recommendations": recommendations,
        "areas_for_improvement": found - recommendations,
    }
    if grade != Inspection.Grade.NARRATIVE:
        item["published_on"] = datetime.date(year + 1, rng.randint(1, 6), rng.randint(1, 28))
    return item


def generate_findings(sizes, writer):
    """As many findings of each kind as every inspection counts, the older ones dealt with."""
    rng = sizes.random("findings")
    inspections = Inspection.objects.filter(year__in=inspection_years(sizes))
    rows = [
        finding(sizes, rng, inspection, kind)
        for inspection in inspections.order_by("year", "pillar")
        for kind, field in COUNT_FIELDS.items()
        for _ in range(getattr(inspection, field))
    ]
    writer.insert_all(rows)


def finding(sizes, rng, inspection, kind):
    out = inspection.published_on or datetime.date(inspection.year + 1, 1, 1)
    due = out + datetime.timedelta(days=rng.choice(DUE_AFTER_DAYS))
    row = Finding(
        inspection=inspection,
        kind=kind,
        text=words.FINDING_TEXTS[kind].format(
            gap=rng.choice(words.GAPS), topic=rng.choice(words.TOPICS)
        ),
        owner=rng.choice(words.FINDING_OWNERS),
        due_date=due,
    )
    if due < sizes.window_end and rng.random() < CLOSED_SHARE:
        superseded = rng.random() < SUPERSEDED_SHARE
        row.status = Finding.Status.SUPERSEDED if superseded else Finding.Status.CLOSED
        row.closed_on = due - datetime.timedelta(days=rng.randint(0, 60))
        row.evidence = "" if superseded else words.EVIDENCE
    return row
