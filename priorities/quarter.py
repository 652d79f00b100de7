"""A commitment's quarter as office staff write it: its assessment and its updates with
their footnotes, beside the quarter before. The admin's quarter page
(essexperf.site.admin) reads and writes through these, and its figures through
essexperf.site.quarter; the completion page links to it with quarter_url and
next_needing_update.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.urls import reverse

from priorities.completion import missing_commitments
from priorities.freeze import Frozen
from priorities.models import Assessment, Footnote, ReportingPeriod, Update

QUARTER_URL_NAME = "admin:priorities_commitment_quarter"


def quarter_url(commitment, period):
    """The admin page where the commitment's quarter `period` is written."""
    return reverse(QUARTER_URL_NAME, args=[commitment.pk, period.code])


def previous_period(period):
    """The period before `period`, or None for the first."""
    earlier = Q(financial_year__lt=period.financial_year) | Q(
        financial_year=period.financial_year, quarter__lt=period.quarter
    )
    return ReportingPeriod.objects.filter(earlier).order_by("-financial_year", "-quarter").first()


def latest_open_period():
    """The newest period not yet published: the one staff are writing."""
    return ReportingPeriod.objects.exclude(status=ReportingPeriod.Status.PUBLISHED).first()


def reference_key(commitment):
    return (commitment.priority.number, commitment.order)


def next_needing_update(period, after=None):
    """The next commitment in reference order after `after` still lacking an update or an
    assessment for `period` (coming round to the first), or None when none remain."""
    waiting = [item.admin_object for item in missing_commitments(period)]
    if after is None:
        return waiting[0] if waiting else None
    waiting = [commitment for commitment in waiting if commitment.pk != after.pk]
    later = [c for c in waiting if reference_key(c) > reference_key(after)]
    return (later or waiting or [None])[0]


def assessments_of(commitment, periods):
    """{period id: the commitment's assessment} in the periods given: one query."""
    periods = [period for period in periods if period is not None]
    rows = Assessment.objects.filter(commitment=commitment, period__in=periods)
    return {row.period_id: row for row in rows}


def updates_of(commitment, period):
    """The commitment's updates in the period, in order, with their footnotes: two queries
    once read."""
    notes = Prefetch("footnotes", queryset=Footnote.objects.order_by("number"))
    updates = Update.objects.filter(commitment=commitment, period=period)
    return updates.order_by("order", "id").prefetch_related(notes)


def footnote_pairs(update):
    """The (number, text) of a saved update's footnotes, as read with it."""
    return [(note.number, note.text) for note in update.footnotes.all()]


def assessment_fingerprint(assessment):
    """What an assessment states, in short: the quarter page carries the one it opened, as
    assessments keep no version, so a save over someone else's change is refused."""
    if assessment is None:
        return ""
    said = f"{assessment.status}\n{assessment.reason}"
    return hashlib.sha256(said.encode()).hexdigest()[:16]


def check_assessment_unchanged(commitment, period, opened):
    """Raise ValidationError when the stored assessment is not the one the page opened;
    inside a transaction the row stays locked until it ends."""
    stored = (
        Assessment.objects.select_for_update()
        .filter(commitment=commitment, period=period)
        .order_by("pk")
        .first()
    )
    if assessment_fingerprint(stored) != opened:
        raise ValidationError(
            "Someone else saved this assessment while you were editing it. Copy your "
            "changes, reload the page to see theirs, and make yours again.",
            code="stale",
        )


def check_period_open(period):
    """Raise Frozen when the period is published, locking its row against publication
    until the transaction ends."""
    locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.is_published:
        raise Frozen(
            f"{locked.code} is published, so its quarter is read-only: nothing was saved. "
            "An approver can amend a row, giving the reason."
        )


def sync_footnotes(update, notes):
    """Make the update's footnotes those of `notes` ({number: text}), each row saved or
    deleted through the model, so each is checked, audited and counted as a change."""
    stored = {note.number: note for note in Footnote.objects.filter(update=update)}
    for number, note in stored.items():
        if number not in notes:
            note.delete()
    for number, text in notes.items():
        note = stored.get(number) or Footnote(update=update, number=number)
        if note.pk is None or note.text != text:
            note.text = text
            note.save()
