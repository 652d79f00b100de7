"""Counting police.uk's rows into monthly figures: each row a crime (or an outcome) of a
month, of a type, counted force-wide and, where the LSOA lookup places its LSOA, in its
area and the areas that area lies within. A row of another force is passed over; a row
whose month or type cannot be read is rejected, saying why."""

import calendar
import datetime
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.text import slugify

from essexperf.dates import out_of_range
from metrics.models import Area, LsoaArea
from metrics.policeuk.columns import STREET, TYPE_COLUMN

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_TYPE = 100
# police.uk publishes 14 crime types and some 25 outcome types; many more is not its file.
MAX_TYPES = 60
ALL_CRIME = "All crime excluding anti-social behaviour"
NOT_CRIME = "Anti-social behaviour"
# How police.uk's force names end, for matching "Essex Police" to the force "essex".
FORCE_ENDINGS = ("-police-service", "-police", "-constabulary")


class RowError(Exception):
    """A row that cannot be counted: the column and why."""


@dataclass
class Tally:
    """Counts by (first day of the month, type, area id: None for force-wide)."""

    counts: Counter = field(default_factory=Counter)
    months: set = field(default_factory=set)
    types: set = field(default_factory=set)
    unplaced: int = 0

    def add(self, month, kind, type_, areas):
        self.months.add(month)
        types = [type_]
        if kind == STREET and type_ != NOT_CRIME:
            types.append(ALL_CRIME)
        self.types.update(types)
        for counted in types:
            for area in (None, *areas):
                self.counts[month, counted, area] += 1


def places():
    """{LSOA code: (its area's id, and the ids of the areas that one lies within)}, the
    force areas left out: every row is counted force-wide anyway."""
    parents = dict(Area.objects.exclude(kind=Area.Kind.FORCE).values_list("pk", "parent_id"))
    found = {}
    for code, area in LsoaArea.objects.values_list("lsoa_code", "area_id"):
        chain = []
        while area in parents and area not in chain:
            chain.append(area)
            area = parents[area]
        found[code] = tuple(chain)
    return found


@functools.lru_cache(maxsize=256)
def same_force(falls_within, force):
    # Asked of every row of a national file, whose 44 forces' names repeat: kept.
    name = slugify(falls_within)
    for ending in FORCE_ENDINGS:
        name = name.removesuffix(ending)
    return name == force


def month_of(cell):
    match = MONTH.match(cell)
    if match is None:
        raise RowError(f"Month: {cell!r} is not a month written YYYY-MM")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise RowError(f"Month: {cell!r} is not a month written YYYY-MM")
    first = datetime.date(year, month, 1)
    if reason := out_of_range(first, cell):
        raise RowError(f"Month: {reason}")
    return first


def month_end(first):
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def type_of(kind, cells, tally):
    column = TYPE_COLUMN[kind]
    value = cells[column]
    if not value or len(value) > MAX_TYPE:
        raise RowError(f"{column}: empty or over {MAX_TYPE} characters")
    if value not in tally.types and len(tally.types) >= MAX_TYPES:
        raise RowError(f"{column}: {value!r} is one type more than the {MAX_TYPES} allowed")
    return value


def count(kind, numbered, counts, *, force, progress=None):
    """The Tally of a file's rows; counts holds what was read, skipped and rejected."""
    tally, placed = Tally(), places()
    for number, cells in numbered:
        counts.read += 1
        if progress is not None:
            progress(1)
        if not same_force(cells["Falls within"], force):
            counts.skipped += 1
            continue
        try:
            month, type_ = month_of(cells["Month"]), type_of(kind, cells, tally)
        except RowError as error:
            counts.reject(number, error)
            continue
        counts.dated(month)
        counts.dated(month_end(month))
        areas = placed.get(cells["LSOA code"], ())
        tally.unplaced += not areas
        tally.add(month, kind, type_, areas)
    return tally
