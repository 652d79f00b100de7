"""Populations from a CSV file: one row an area's mid-year estimate for a year, such as
"essex,2017,1795000,ONS mid-year estimates". The file is bounded as the observations'
upload is (metrics.upload_limits), every row is checked before anything is written, and a
file with any mistake writes nothing; each mistake is named by row and column.

A row for an area and year already held changes its population and source.
"""

from django import forms

from essexperf.audit.recording import recorded_values
from metrics.csv_tables import Checked, Table, TableUploadForm
from metrics.models import Area, AreaPopulation
from metrics.models.populations import EARLIEST_YEAR, LATEST_YEAR, MAX_POPULATION
from metrics.upload_rows import Choices, read_number

# Some 45 forces and their areas over a few decades of estimates.
POPULATIONS = Table(
    noun="populations",
    columns=("area", "year", "population", "source"),
    required=("area", "year", "population"),
    max_rows=2000,
)
COLUMNS = POPULATIONS.columns


class PopulationUploadForm(TableUploadForm):
    table = POPULATIONS
    file = forms.FileField(
        help_text="A CSV file with the columns area (its slug or name), year, population and, "
        "optionally, source, in its first row."
    )


def check(rows):
    """The rows checked against the areas and the populations held; nothing written."""
    areas = Choices.of("an area", list(Area.objects.order_by("slug").values_list("slug", "name")))
    slugs = dict(Area.objects.values_list("slug", "pk"))
    held = {(p.area_id, p.year): p for p in AreaPopulation.objects.all()}
    checked, seen = Checked(), {}
    for number, cells in rows:
        values, problems = read_row(cells, areas)
        problems = [(number, column, reason) for column, reason in problems]
        if not problems:
            key = (slugs[values["area"]], values["year"])
            if key in seen:
                problems.append((number, None, f"Row {seen[key]} has the same area and year."))
            seen.setdefault(key, number)
            place(checked, held.get(key), key, values)
        checked.problems += problems
    return checked


def place(checked, stored, key, values):
    if stored is None:
        checked.created.append(AreaPopulation(area_id=key[0], year=key[1], **values_of(values)))
        return
    if (stored.population, stored.source) == (values["population"], values["source"]):
        return
    checked.before[stored.pk] = recorded_values(stored)
    stored.population, stored.source = values["population"], values["source"]
    checked.updated.append(stored)


def values_of(values):
    return {"population": values["population"], "source": values["source"]}


def read_row(cells, areas):
    """({column: value}, [(column, reason)]) of one row."""
    values, problems = {"source": cells.get("source", "")}, POPULATIONS.too_long(cells)
    if problems:
        return values, problems
    for name in POPULATIONS.required:
        if not cells.get(name):
            problems.append((name, f"Give the {name}."))
    if cells.get("area"):
        values["area"], reason = areas.read(cells["area"])
        problems += [("area", reason)] if reason else []
    if cells.get("year"):
        values["year"], reason = whole(cells["year"], "year", EARLIEST_YEAR, LATEST_YEAR)
        problems += [("year", reason)] if reason else []
    if cells.get("population"):
        text = read_number(cells["population"])
        values["population"], reason = whole(text, "population", 1, MAX_POPULATION)
        problems += [("population", reason)] if reason else []
    return values, problems


def whole(text, name, low, high):
    """(the whole number the text is, None), or (None, why not)."""
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return None, f"{text[:20]!r} is not a whole number: give the {name} in digits."
    number = int(text)
    if not low <= number <= high:
        # A year is written without a thousands separator; a population with one.
        said = str if name == "year" else "{:,}".format
        return None, (
            f"{said(number)} is not a {name} this site takes: give one from {said(low)} "
            f"to {said(high)}."
        )
    return number, None


def write(checked):
    return checked.write(AreaPopulation, ["population", "source"], "these populations")
