"""A commitment's figures on its quarter page, and the quarter's updates as the report prints
them: what the page composes from metrics and the report beside the plan's own quarter
(priorities.quarter)."""

import calendar
import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q

from essexperf.dates import is_within_range
from essexperf.site import report
from metrics.facts import gather
from metrics.latest import with_latest_observation
from metrics.models import Metric, Observation
from metrics.presentation import change_summary, summary_on_previous
from metrics.sentences import headline_sentence
from priorities.models import ReportingPeriod
from priorities.selection import PeriodSelection


def own_metrics(commitment):
    """The figures of the commitment, and of its priority as a whole."""
    own = Q(commitment=commitment) | Q(priority=commitment.priority_id, commitment__isnull=True)
    return Metric.objects.filter(own)


def period_metrics(commitment, user):
    """The figures of the commitment, and of its priority as a whole, with each one's
    latest value `user` may see: one query."""
    metrics = own_metrics(commitment).order_by("commitment", "name")
    return list(with_latest_observation(metrics, user))


def figure_sentences(user, commitment, period):
    """(metric, its latest figure in a sentence, metrics.sentences) for each figure of the
    quarter page, as the period knows them, for staff to put into an update: the periods,
    then the queries of metrics.facts.gather."""
    selection = PeriodSelection(period, None, list(ReportingPeriod.objects.all()))
    return [
        (facts.metric, headline_sentence(facts))
        for facts in gather(user, selection, own_metrics(commitment))
    ]


@dataclass(frozen=True)
class FigureRow:
    """A figure of the quarter page: the metric, its latest value and the one reported in
    the period, each with its change in words (metrics.presentation), and the form."""

    metric: Metric
    latest: Observation | None
    stored: Observation | None
    form: object

    @cached_property
    def latest_change(self):
        return summary_on_previous(self.latest)

    @cached_property
    def stored_change(self):
        return None if self.stored is None else change_summary(self.stored, self.metric)


def reported_in(metrics, period):
    """{metric id: the newest observation of it reported in the period}: one query."""
    rows = Observation.objects.without_peers().filter(metric__in=metrics, reported_in=period)
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
    """The commitment's updates grouped as the report prints them (essexperf.site.report), from
    updates that may not be saved yet; `footnotes` holds each update's (number, text) pairs."""
    prefixes = {
        id(update): f"update-{update.pk or f'new-{index}'}-footnote-"
        for index, update in enumerate(updates)
    }
    sections = report.laid_out(updates, lambda update: prefixes[id(update)])
    notes = [
        report.FootnoteEntry(f"{prefixes[id(update)]}{number}", number, text)
        for update, pairs in zip(updates, footnotes, strict=True)
        for number, text in pairs
    ]
    return report.CommitmentBlock(commitment=commitment, sections=sections, footnotes=notes)
