"""The templates an upload starts from: an Excel workbook whose first sheet has the columns
and one worked example (the newest stored figure), with sheets listing the codes staff
copy from, and a CSV file of the first sheet alone."""

from essexperf.exports import Column, Sheet
from metrics.models import Area, Metric, Observation
from metrics.uploads import COLUMN_HELP, COLUMNS, REQUIRED_COLUMNS, SHEET_NAME


def other_area(observation):
    earlier = observation.compared_with
    if earlier is None or earlier.area_id == observation.area_id:
        return None
    return earlier.area.slug


EXAMPLE_COLUMNS = {
    "metric": "metric.slug",
    "area": "area.slug",
    "start_date": "start_date",
    "end_date": "end_date",
    "value": "value",
    "basis": "basis",
    "compared_with_start_date": "compared_with.start_date",
    "compared_with_end_date": "compared_with.end_date",
    "compared_with_area": other_area,
    "reported_in": "reported_in.code",
    "source": "source",
    "data_to": "data_to",
    "caveat": "caveat",
    "denominator": "denominator",
}


def example():
    """The newest figure, one compared with another where there is one: every column
    then shows what it holds."""
    rows = Observation.objects.select_related(
        "metric", "area", "reported_in", "compared_with__area"
    ).order_by("-end_date", "-pk")
    return list(rows.filter(compared_with__isnull=False)[:1]) or list(rows[:1])


def figures_sheet():
    columns = [Column(name, EXAMPLE_COLUMNS[name]) for name in COLUMNS]
    return Sheet(SHEET_NAME, columns, example())


def first(pair):
    return pair[0]


def second(pair):
    return pair[1]


def template_sheets(fmt):
    """The sheets of the template in a format: the figures, then (in Excel) the lists."""
    if fmt == "csv":
        return [figures_sheet()]
    metrics = Metric.objects.order_by("slug")
    return [
        figures_sheet(),
        Sheet(
            "Metrics",
            [
                Column("slug", "slug"),
                Column("name", "name"),
                Column("unit", lambda metric: metric.get_unit_display()),
                Column("measure", lambda metric: metric.get_measure_display()),
            ],
            metrics,
        ),
        Sheet(
            "Areas", [Column("slug", "slug"), Column("name", "name")], Area.objects.order_by("slug")
        ),
        Sheet("Bases", [Column("code", first), Column("label", second)], Observation.Basis.choices),
        Sheet(
            "Columns",
            [
                Column("column", first),
                Column("required", lambda pair: "yes" if pair[0] in REQUIRED_COLUMNS else "no"),
                Column("what to write", second),
            ],
            COLUMN_HELP.items(),
        ),
    ]
