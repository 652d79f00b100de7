"""Recorded crime from police.uk, as the crime page shows it for one area: each crime type's
latest month against the same month a year before, its twelve months to then against the
twelve before, each change with its significance (metrics.significance), and the verdict of
its monthly process chart (metrics.spc); and all crime month by month, for the chart.

The figures are those known by the period (metrics.series.known_figures) that end on or
before its data-to date, as the report reads its sources to that date. They come from one
query, grouped here, so that the page costs the same however many months and types it shows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from metrics.change import Change
from metrics.charts import metric_figure
from metrics.models import Area, DataImport, Metric, Observation
from metrics.policeuk.importing import ALL_CRIME_SLUG, OUTCOME_SLUG_PREFIX, SLUG_PREFIX
from metrics.presentation import grouped, summarise_change
from metrics.process import headline_chart, recalculations_and_targets, span_of
from metrics.series import Series, known_figures
from metrics.significance import significance_of

MONTH = Observation.Basis.MONTH
YEAR = 12


def crime_metrics(user):
    """The police.uk crime types' metrics (and all crime's), not their outcomes'."""
    metrics = Metric.objects.visible_to(user).filter(slug__startswith=SLUG_PREFIX)
    return metrics.exclude(slug__startswith=OUTCOME_SLUG_PREFIX)


def known_crime(user, period):
    """The monthly crime figures `user` may see, known by `period` and ending on or before
    its data-to date."""
    figures = known_figures(user, period).filter(metric__in=crime_metrics(user), basis=MONTH)
    if period is not None:
        figures = figures.filter(end_date__lte=period.data_to)
    return figures


def crime_areas(user, period):
    """The areas with crime figures in the period, the force area first: one query."""
    ids = known_crime(user, period).values("area_id")
    areas = Area.objects.filter(pk__in=ids)
    return sorted(areas, key=lambda area: (area.kind != Area.Kind.FORCE, area.name))


def chosen_area(areas, slug):
    """The area asked for among `areas`, else the force area police.uk figures are counted
    in, else the first; None without areas."""
    by_slug = {area.slug: area for area in areas}
    return by_slug.get(slug) or by_slug.get(settings.POLICE_UK_AREA) or next(iter(areas), None)


@dataclass(frozen=True)
class Total:
    """Months of a count added up, with the dates they cover, as a figure for the test of
    two counts (metrics.significance.significance_of)."""

    value: int
    start_date: datetime.date
    end_date: datetime.date
    denominator: None = None


@dataclass(frozen=True)
class Comparison:
    """A figure against an earlier one: the earlier figure (None where there is none),
    the difference as a reader reads it ("+20") and the change in words."""

    current: object
    previous: object = None
    difference: str = ""
    summary: object = None


def compare(metric, current, previous):
    """`current` against `previous` (figures with a value and dates), with the change's
    significance: both are counts over their spans, so the test is of two counts."""
    if current is None or previous is None:
        return Comparison(current)
    change = Change.of(current.value, previous.value)
    significance = significance_of(change, metric, current, previous)
    summary = summarise_change(change, metric.up_is, metric.unit, significance)
    sign = "+" if change.difference > 0 else ""
    return Comparison(current, previous, f"{sign}{grouped(change.difference)}", summary)


def months_before(day, count):
    """The first day of the month `count` months before `day`'s."""
    months = day.year * 12 + day.month - 1 - count
    return datetime.date(months // 12, months % 12 + 1, 1)


def total(by_month, last, count=YEAR):
    """The `count` months to the month starting `last`, added up; None where one is
    missing, as a total of fewer months would pass for a fall."""
    starts = [months_before(last, back) for back in range(count)]
    if any(start not in by_month for start in starts):
        return None
    value = sum(by_month[start].value for start in starts)
    return Total(value, starts[-1], by_month[last].end_date)


@dataclass(frozen=True)
class CrimeRow:
    """One crime type in the area: its latest month and twelve months, each against a year
    before, and its process chart (metrics.spc.ProcessChart)."""

    metric: Metric
    month: Comparison
    year: Comparison
    process: object

    @property
    def latest(self):
        return self.month.current

    @property
    def name(self):
        """The type's name: every figure on the page is police.uk's, so it goes unsaid."""
        return self.metric.name.removesuffix(" (police.uk)")


def crime_row(metric, figures, extras):
    """The row of one crime type from its monthly figures, oldest first."""
    by_month = {figure.start_date: figure for figure in figures}
    latest = figures[-1]
    year_before = by_month.get(months_before(latest.start_date, YEAR))
    twelve = total(by_month, latest.start_date)
    before = total(by_month, months_before(latest.start_date, YEAR))
    points = [(f.start_date, f.end_date, f.value) for f in figures]
    return CrimeRow(
        metric,
        compare(metric, latest, year_before),
        compare(metric, twelve, before),
        headline_chart(latest, points, *extras),
    )


def by_metric(figures):
    """{metric: its whole-month figures, oldest first}."""
    grouped_figures = defaultdict(list)
    for figure in sorted(figures, key=lambda f: f.start_date):
        if span_of(figure.start_date, figure.end_date) == "1 month":
            grouped_figures[figure.metric].append(figure)
    return grouped_figures


def ordered(rows):
    """All crime first, then the types by their latest month's count, largest first."""

    def place(row):
        return (row.metric.slug != ALL_CRIME_SLUG, -row.latest.value, row.metric.name)

    return sorted(rows, key=place)


@dataclass(frozen=True)
class CrimeTable:
    """The area's crime rows, all crime's figures oldest first, and the newest import of
    the figures shown (None where none was imported)."""

    rows: list
    all_crime: list
    newest_import: object

    @property
    def figure(self):
        """The line chart of all crime over every month known, or None (metrics.charts)."""
        if not self.all_crime:
            return None
        series = Series(self.all_crime[0].area, MONTH, self.all_crime)
        return metric_figure(self.all_crime[0].metric, [series], height=380)


def crime_table(user, period, area):
    """The crime table of `area` in `period`: four queries however many months and types
    (the figures, the recalculations, the targets and the newest import)."""
    if area is None:
        return CrimeTable([], [], None)
    figures = (
        known_crime(user, period)
        .filter(area=area)
        .select_related("metric", "area", "compared_with")
    )
    grouped_figures = by_metric(figures)
    extras = recalculations_and_targets([metric.pk for metric in grouped_figures])
    rows = [crime_row(metric, line, extras) for metric, line in grouped_figures.items()]
    all_crime = next(
        (line for metric, line in grouped_figures.items() if metric.slug == ALL_CRIME_SLUG), []
    )
    return CrimeTable(ordered(rows), all_crime, newest_import(grouped_figures.values()))


def newest_import(lines):
    """The import that last wrote any of the figures: one query, none without figures."""
    ids = {figure.data_import_id for line in lines for figure in line} - {None}
    if not ids:
        return None
    return DataImport.objects.filter(pk__in=ids).order_by("-finished_at", "-pk").first()
