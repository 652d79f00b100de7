"""Synthetic report editions, plans and commitments, and each edition's updates and
assessments."""

import datetime
import random

from essexperf.importing import create
from essexperf.site.synthetic import words
from essexperf.site.synthetic.sizes import TITLE_PREFIX, period_title
from priorities.importers import find_plan, import_period, import_plan
from priorities.models import Assessment, Commitment, Footnote, Priority, Update
from priorities.periods import quarter_bounds

DEMO_PLAN = "Police and Crime Plan 2016-2020"
DEMO_COMMITMENTS = 12
# The demo plan gains commitments from the financial year after its report edition.
REFRESHED_ON = datetime.date(2018, 4, 1)
REWORDED_SHARE = 0.1
REVISED = "(Revised wording.)"
FOOTNOTE_SHARE = 0.05
SECTIONED_SHARE = 0.2
PARAGRAPH_SHARE = 0.1
SUB_BULLET_SHARE = 0.15
STATUS_WEIGHTS = {"on_track": 60, "some_concerns": 25, "off_track": 10, "not_assessed": 5}
PUBLISHED_AFTER = datetime.timedelta(days=14)
MARKING = "OFFICIAL - for the PCC's office only, not for publication"


def quarters(sizes):
    years = range(sizes.first_year, sizes.last_year + 1)
    return [(year, quarter) for year in years for quarter in (1, 2, 3, 4)]


def generate_periods(sizes, tally):
    """A report edition for every quarter of the window (the demo's is found, not made);
    every edition is published but the newest, which is in draft."""
    newest = quarters(sizes)[-1]
    periods = []
    for year, quarter in quarters(sizes):
        _, end = quarter_bounds(year, quarter)
        draft = (year, quarter) == newest
        data = {
            "financial_year": year,
            "quarter": quarter,
            # The report's data run to the end of the quarter's second month.
            "data_to": end.replace(day=1) - datetime.timedelta(days=1),
            "title": period_title(sizes.scale, end),
            "status": "draft" if draft else "published",
            "protective_marking": MARKING,
        }
        if not draft:
            data["published_on"] = end + PUBLISHED_AFTER
        periods.append(import_period(data, tally))
    return periods


def generate_plans(sizes, tally):
    """The plans after the demo plan, as far as the window reaches, and the demo plan's
    refresh: commitments added, and some of the later plans' commitments reworded."""
    rng = sizes.random("plans")
    for title, first, last in words.NEXT_PLANS:
        if first > sizes.last_year:
            break
        priorities = [priority_item(sizes, rng, n) for n in range(1, sizes.priorities_per_plan + 1)]
        plan_data = {
            "title": title,
            "organisation": words.ORGANISATION,
            "start_date": datetime.date(first, 4, 1),
            "end_date": datetime.date(last, 3, 31),
        }
        plan = import_plan({"plan": plan_data, "priorities": priorities}, tally)
        reword_some(rng, plan, datetime.date(first + 2, 4, 1), tally)
    if sizes.last_year >= REFRESHED_ON.year:
        refresh_demo_plan(sizes, rng, tally)


def priority_item(sizes, rng, number):
    title = words.PRIORITY_TITLES[(number - 1) % len(words.PRIORITY_TITLES)]
    commitments = [
        {
            "order": order,
            "lead_in": rng.choice(words.LEAD_INS),
            "text": commitment_text(rng),
            "lead": rng.choice(words.LEADS),
        }
        for order in range(1, sizes.commitments_per_priority + 1)
    ]
    return {"number": number, "title": title, "commitments": commitments}


def commitment_text(rng):
    return f"{rng.choice(words.VERBS)} {rng.choice(words.TOPICS)} {rng.choice(words.PLACES)}."


def reword_some(rng, plan, on, tally):
    """Retire some commitments on a date, each replaced by a new wording from that date."""
    commitments = Commitment.objects.filter(priority__plan=plan, retired_on__isnull=True)
    for commitment in commitments.select_related("priority").order_by("priority__number", "order"):
        if rng.random() >= REWORDED_SHARE:
            continue
        commitment.retired_on = on
        commitment.full_clean()
        commitment.save(update_fields=["retired_on"])
        create(
            Commitment,
            f"commitment {commitment.reference} reworded",
            tally,
            priority=commitment.priority,
            order=commitment.order,
            lead_in=commitment.lead_in,
            text=f"{commitment.text} {REVISED}",
            lead=commitment.lead,
            introduced_on=on,
            replaces=commitment,
        )


def refresh_demo_plan(sizes, rng, tally):
    plan = find_plan(DEMO_PLAN, "demo plan")
    for priority in Priority.objects.filter(plan=plan).order_by("number"):
        last = max(priority.commitments.values_list("order", flat=True), default=0)
        for order in range(last + 1, last + 1 + sizes.added_commitments):
            create(
                Commitment,
                f"commitment {priority.number}.{order}",
                tally,
                priority=priority,
                order=order,
                lead_in=rng.choice(words.LEAD_INS),
                text=commitment_text(rng),
                lead=rng.choice(words.LEADS),
                introduced_on=REFRESHED_ON,
            )


# Each edition's updates, footnotes and assessments


def current_commitments(period):
    """The commitments a report edition reports on, in the report's order."""
    return list(
        Commitment.objects.in_force(period)
        .current_in(period)
        .select_related("priority")
        .order_by("priority__plan__start_date", "priority__number", "order")
    )


def topic_of(commitment):
    """What a commitment is about, for the words of its updates: a topic its text names,
    or one chosen by its text, so that it is the same in every edition."""
    text = commitment.text.lower()
    named = next((topic for topic in words.TOPICS if topic in text), None)
    return named or random.Random(text).choice(words.TOPICS)


def generate_updates(sizes, periods, writer):
    """Updates, their footnotes and assessments for every edition but the demo's, whose
    report stays as printed."""
    rng = sizes.random("updates")
    for period in periods:
        if not period.title.startswith(TITLE_PREFIX):
            continue
        commitments = current_commitments(period)
        notes = []
        updates = [
            update
            for commitment in commitments
            for update in commitment_updates(sizes, rng, commitment, period, notes)
        ]
        writer.insert_all(updates)
        footnotes = [Footnote(update=update, number=1, text=text) for update, text in notes]
        writer.insert_all(footnotes)
        writer.insert_all(assessment(rng, commitment, period) for commitment in commitments)


def commitment_updates(sizes, rng, commitment, period, notes):
    """A commitment's updates in a period; those that reference a footnote go in `notes`."""
    topic = topic_of(commitment)
    count = rng.randint(1, sizes.most_updates)
    sections = sorted(rng.sample(words.SECTIONS, 2)) if rng.random() < SECTIONED_SHARE else [""]
    updates = []
    for order in range(1, count + 1):
        paragraph = rng.random() < PARAGRAPH_SHARE
        footnote = rng.random() < FOOTNOTE_SHARE
        update = Update(
            commitment=commitment,
            period=period,
            order=order,
            section=sections[(order - 1) * len(sections) // count],
            style=Update.Style.PARAGRAPH if paragraph else Update.Style.BULLET,
            text=update_text(rng, topic, period, footnote),
        )
        if footnote:
            notes.append((update, rng.choice(words.FOOTNOTES)))
        updates.append(update)
    return updates


def update_text(rng, topic, period, footnote):
    """A few sentences on the topic, the first footnote referenced after them if `footnote`,
    and sometimes sub-bullets."""
    values = {
        "topic": topic,
        "data_to": f"{period.data_to:%-d %B %Y}",
        "moved": rng.choice(["fell", "rose"]),
        "percent": rng.randint(2, 30),
        "count": rng.randint(20, 900),
        "small": rng.randint(2, 12),
        "operation": rng.choice(words.OPERATIONS),
        "district": rng.choice(words.DISTRICTS)[1],
    }
    sentences = rng.sample(words.UPDATE_SENTENCES, rng.randint(1, 3))
    text = " ".join(sentence.format(**values) for sentence in sentences)
    text = text[0].upper() + text[1:] + ("[^1]" if footnote else "")
    if rng.random() < SUB_BULLET_SHARE:
        bullets = rng.sample(words.SUB_BULLETS, 2)
        text += "\n" + "\n".join("- " + bullet.format(**values) for bullet in bullets)
    return text


def assessment(rng, commitment, period):
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    reason = words.REASONS.get(status, "").format(topic=topic_of(commitment))
    return Assessment(commitment=commitment, period=period, status=status, reason=reason)
