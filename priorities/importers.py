"""Import a plan with its priorities and commitments, reporting periods and their updates.

Each function takes parsed data (as tomllib reads it) and a Tally, finds rows by natural key
(a plan by title, a priority by number in its plan, a commitment by its reference such as
"1.2", a period by code such as "2017-18-Q2", an update by commitment, period and order) and
creates only what is missing. See essexperf.importing for the rules all importers share.
"""

import re

from django.db.models import F, Q

from essexperf.importing import (
    ImportDataError,
    check_keys,
    create,
    find,
    find_or_create,
    list_of,
)
from priorities.models import Commitment, Footnote, Plan, Priority, ReportingPeriod, Update
from priorities.periods import parse_period_code

REFERENCE = re.compile(r"^(?P<number>\d+)\.(?P<order>\d+)$")


def import_plan(data, tally):
    """A [plan] table and its [[priorities]], each with its [[priorities.commitments]]."""
    check_keys(data, "the file", required=("plan",), optional=("priorities",))
    item = check_keys(
        data["plan"], "plan", required=("title", "organisation", "start_date", "end_date")
    )
    plan = find_or_create(
        Plan,
        f"plan {item['title']!r}",
        tally,
        key={"title": item["title"]},
        values={key: item[key] for key in ("organisation", "start_date", "end_date")},
    )
    for priority in list_of(data, "priorities", "the file"):
        import_priority(plan, priority, tally)
    return plan


def import_priority(plan, item, tally):
    label = f"priority {item.get('number', '(no number)')}"
    check_keys(item, label, required=("number", "title"), optional=("description", "commitments"))
    priority = find_or_create(
        Priority,
        label,
        tally,
        key={"plan": plan, "number": item["number"]},
        values={"title": item["title"], "description": item.get("description", "")},
    )
    for commitment in list_of(item, "commitments", label):
        import_commitment(priority, commitment, tally)
    return priority


def import_commitment(priority, item, tally):
    label = f"commitment {priority.number}.{item.get('order', '(no order)')}"
    check_keys(item, label, required=("order", "text"), optional=("lead_in", "lead"))
    # A retired wording still holds its reference, so it counts as present too: loading
    # again must not bring back a commitment the office has retired.
    existing = find(
        Commitment.objects.filter(priority=priority).order_by(
            F("retired_on").desc(nulls_first=True)
        ),
        label,
        order=item["order"],
    )
    if existing is not None:
        tally.count_present(Commitment)
        return existing
    return create(
        Commitment,
        label,
        tally,
        priority=priority,
        order=item["order"],
        text=item["text"],
        lead_in=item.get("lead_in", ""),
        lead=item.get("lead", ""),
    )


def find_plan(title, label):
    plan = find(Plan, label, title=title)
    if plan is None:
        raise ImportDataError(label, f"no plan {title!r}: load the plan first")
    return plan


def find_commitment(plan, reference, label, on_date=None):
    """The commitment a reference such as "1.2" names, current now or on on_date if given."""
    match = REFERENCE.match(str(reference))
    if not match:
        raise ImportDataError(label, f"{reference!r} is not a commitment reference such as 1.2")
    commitments = Commitment.objects.filter(
        priority__plan=plan, priority__number=int(match["number"]), order=int(match["order"])
    )
    if on_date is None:
        commitments = commitments.filter(retired_on__isnull=True)
    else:
        # Of the wordings current on the date, one retired since is the one reported then:
        # its replacement came later.
        commitments = commitments.filter(
            Q(retired_on__isnull=True) | Q(retired_on__gt=on_date)
        ).order_by(F("retired_on").asc(nulls_last=True))
    commitment = commitments.first()
    if commitment is None:
        when = "now" if on_date is None else f"on {on_date}"
        raise ImportDataError(label, f"{plan} has no commitment {reference} current {when}")
    return commitment


def find_period(code, label):
    try:
        financial_year, quarter = parse_period_code(str(code))
    except ValueError as error:
        raise ImportDataError(label, str(error)) from error
    period = ReportingPeriod.objects.filter(financial_year=financial_year, quarter=quarter).first()
    if period is None:
        raise ImportDataError(label, f"no reporting period {code}: load its period first")
    return period


def import_period(data, tally):
    """One report edition: financial_year, quarter, data_to, title and its publication."""
    label = f"period {data.get('financial_year')} Q{data.get('quarter')}"
    check_keys(
        data,
        label,
        required=("financial_year", "quarter", "data_to", "title"),
        optional=("status", "published_on", "protective_marking"),
    )
    values = {key: data[key] for key in ("data_to", "title")}
    values.update(
        status=data.get("status", ReportingPeriod.Status.DRAFT),
        published_on=data.get("published_on"),
        protective_marking=data.get("protective_marking", ""),
    )
    return find_or_create(
        ReportingPeriod,
        label,
        tally,
        key={"financial_year": data["financial_year"], "quarter": data["quarter"]},
        values=values,
    )


def import_updates(data, tally):
    """A period's updates: [[commitments]] by reference, each with its [[updates]] in order."""
    check_keys(data, "the file", required=("plan", "period", "commitments"))
    plan = find_plan(data["plan"], "plan")
    period = find_period(data["period"], "period")
    for item in list_of(data, "commitments", "the file"):
        label = f"commitment {item.get('reference', '(no reference)')}"
        check_keys(item, label, required=("reference", "updates"))
        commitment = find_commitment(plan, item["reference"], label, on_date=period.start_date)
        for order, update in enumerate(list_of(item, "updates", label), start=1):
            import_update(commitment, period, order, update, tally)


def import_update(commitment, period, order, item, tally):
    label = f"update {order} of commitment {commitment.reference}"
    check_keys(item, label, required=("text",), optional=("style", "section", "footnotes"))
    footnotes = list_of(item, "footnotes", label)
    existing = find(Update, label, commitment=commitment, period=period, order=order)
    if existing is not None:
        # An update's footnotes belong to it: where it exists, staff keep both as they are.
        tally.count_present(Update)
        tally.count_present(Footnote, len(footnotes))
        return existing
    check_footnotes(item["text"], footnotes, label)
    update = create(
        Update,
        label,
        tally,
        commitment=commitment,
        period=period,
        order=order,
        text=item["text"],
        style=item.get("style", Update.Style.BULLET),
        section=item.get("section", ""),
    )
    for footnote in footnotes:
        create(
            Footnote,
            f"{label}, footnote {footnote['number']}",
            tally,
            update=update,
            number=footnote["number"],
            text=footnote["text"],
        )
    return update


def check_footnotes(text, footnotes, label):
    """An update lists exactly the footnotes its text references with [^n]."""
    for footnote in footnotes:
        check_keys(footnote, f"{label}, footnote", required=("number", "text"))
    listed = sorted(footnote["number"] for footnote in footnotes)
    referenced = Update(text=text).footnote_numbers_referenced()
    if listed != referenced:
        raise ImportDataError(
            label, f"the text references footnotes {referenced} but lists footnotes {listed}"
        )
