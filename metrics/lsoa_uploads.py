"""The LSOA lookup from a CSV file: one row an LSOA and the area it lies in, such as
"E01021234,basildon,Basildon 001A", with which police.uk's street-level crimes (which give
each crime's LSOA) are counted in districts and policing areas as well as force-wide.

The file is bounded as the populations' upload is (metrics.csv_tables); every row is
checked before anything is written, and a file with any mistake writes nothing, each
mistake named by row and column. A row for an LSOA already held moves it to the area given.
"""

import re

from django import forms

from essexperf.audit.recording import recorded_values
from metrics.csv_tables import Checked, Table, TableUploadForm
from metrics.models import Area, LsoaArea
from metrics.upload_rows import Choices

# England and Wales have some 36,000 LSOAs: a lookup of them all fits.
LSOAS = Table(
    noun="LSOAs",
    columns=("lsoa_code", "area", "lsoa_name"),
    required=("lsoa_code", "area"),
    max_rows=40_000,
    max_bytes=4 * 1024 * 1024,
)
CODE = re.compile(r"^[EW]01[0-9]{6}$")


class LsoaUploadForm(TableUploadForm):
    table = LSOAS
    file = forms.FileField(
        help_text="A CSV file with the columns lsoa_code, area (its slug or name) and, "
        "optionally, lsoa_name, in its first row."
    )


def check(rows):
    """The rows checked against the areas and the lookup held; nothing written."""
    areas = Choices.of("an area", list(Area.objects.order_by("slug").values_list("slug", "name")))
    ids = dict(Area.objects.values_list("slug", "pk"))
    held = {row.lsoa_code: row for row in LsoaArea.objects.all()}
    checked, seen = Checked(), {}
    for number, cells in rows:
        values, problems = read_row(cells, areas)
        if not problems and values["lsoa_code"] in seen:
            problems.append((None, f"Row {seen[values['lsoa_code']]} has the same LSOA code."))
        checked.problems += [(number, column, reason) for column, reason in problems]
        if not problems:
            seen[values["lsoa_code"]] = number
            place(checked, held.get(values["lsoa_code"]), values, ids[values["area"]])
    return checked


def read_row(cells, areas):
    """({column: value}, [(column, reason)]) of one row."""
    problems = LSOAS.too_long(cells)
    if problems:
        return {}, problems
    code = cells.get("lsoa_code", "").upper()
    values = {"lsoa_code": code, "lsoa_name": cells.get("lsoa_name", "")[:100]}
    if not code:
        problems.append(("lsoa_code", "Give the LSOA code."))
    elif not CODE.match(code):
        problems.append(
            ("lsoa_code", f"{code[:20]!r} is not an LSOA code: E01 or W01 and six digits.")
        )
    if not cells.get("area"):
        problems.append(("area", "Give the area."))
    else:
        values["area"], reason = areas.read(cells["area"])
        problems += [("area", reason)] if reason else []
    return values, problems


def place(checked, stored, values, area):
    if stored is None:
        checked.created.append(
            LsoaArea(lsoa_code=values["lsoa_code"], lsoa_name=values["lsoa_name"], area_id=area)
        )
        return
    if (stored.area_id, stored.lsoa_name) == (area, values["lsoa_name"]):
        return
    checked.before[stored.pk] = recorded_values(stored)
    stored.area_id, stored.lsoa_name = area, values["lsoa_name"]
    checked.updated.append(stored)


def write(checked):
    return checked.write(LsoaArea, ["area", "lsoa_name"], "the lookup")
