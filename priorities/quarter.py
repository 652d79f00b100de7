"""A commitment's quarter as office staff write it: its assessment, its updates with their
footnotes, and its figures, beside the quarter before. The admin's quarter page
(priorities.admin_quarter) reads and writes through these; the completion page links to
it with quarter_url and next_needing_update.
"""

import calendar
import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.urls import reverse

from essexperf.dates import is_within_range
from metrics.latest import with_latest_observation
from metrics.models import Metric, Observation
from priorities import report
from priorities.completion import missing_commitments
from priorities.freeze import Frozen
from priorities.layout import lay_out
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


def period_metrics(commitment, user):
    """The figures of the commitment, and of its priority as a whole, with each one's
    latest value `user` may see: one query."""
    own = Q(commitment=commitment) | Q(priority=commitment.priority_id, commitment__isnull=True)
    metrics = Metric.objects.filter(own).order_by("commitment", "name")
    return list(with_latest_observation(metrics, user))


def reported_in(metrics, period):
    """{metric id: the newest observation of it reported in the period}: one query."""
    rows = Observation.objects.filter(metric__in=metrics, reported_in=period)
    rows = rows.select_related("metric", "area", "reported_in", "compared_with__area")
    newest = {}
    for row in rows.order_by("-end_date", "-start_date", "-pk"):
        newest.setdefault(row.metric_id, row)
    return newest


def year_before(day):
    """The same day a year earlier, a month's last day staying its last: the quarter to 28
    February 2017 is compared with the one to 29 February 2016. None for a day of the
    calendar's first year, which only a date stored before its range was checked can be."""
    if day.year == datetime.MINYEAR:
        return None
    days = calendar.monthrange(day.year - 1, day.month)[1]
    last = day.day == calendar.monthrange(day.year, day.month)[1]
    return datetime.date(day.year - 1, day.month, days if last else min(day.day, days))


def stored_figure(metric, area_slug, start, end):
    """The metric's figure in the area over exactly these dates, or None."""
    rows = Observation.objects.filter(metric=metric, area__slug=area_slug)
    return rows.filter(start_date=start, end_date=end).first()


def earlier_figure(metric, area_slug, basis, start):
    """The metric's newest figure in the area, on the basis, ending before `start`."""
    earlier = Observation.objects.filter(
        metric=metric, area__slug=area_slug, basis=basis, end_date__lt=start
    )
    return earlier.order_by("-end_date", "-start_date").first()


def default_span(metric, latest, period):
    """The dates a new value of the metric for the period most likely covers: a level stands
    at the period's data cut-off; a total or an average covers as many months as its latest
    value did, up to the cut-off (the quarter itself when it has no value yet)."""
    end = period.data_to
    if metric.measure == Metric.Measure.LEVEL:
        return end, end
    # Dates stored before their range was checked may count months past the calendar's ends.
    known = latest and (latest.start_date, latest.end_date, end)
    if latest is None or not all(map(is_within_range, known)):
        return period.start_date, period.end_date
    start, last = latest.start_date, latest.end_date
    months = (last.year - start.year) * 12 + last.month - start.month + 1
    first = end.year * 12 + end.month - months
    return datetime.date(first // 12, first % 12 + 1, 1), end


def report_block(commitment, updates, footnotes):
    """The commitment's updates grouped as the report prints them (priorities.report), from
    updates that may not be saved yet; `footnotes` holds each update's (number, text) pairs."""
    prefixes = {
        id(update): f"update-{update.pk or f'new-{index}'}-footnote-"
        for index, update in enumerate(updates)
    }
    sections = [
        report.Section(
            section.heading,
            [
                report.Run(run.style, [report.Entry(u, prefixes[id(u)]) for u in run.updates])
                for run in section.runs
            ],
        )
        for section in lay_out(updates)
    ]
    notes = [
        report.FootnoteEntry(f"{prefixes[id(update)]}{number}", number, text)
        for update, pairs in zip(updates, footnotes, strict=True)
        for number, text in pairs
    ]
    return report.CommitmentBlock(commitment=commitment, sections=sections, footnotes=notes)
