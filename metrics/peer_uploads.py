"""Peer forces' figures from a CSV file: metric, area (a peer force of the group), start
date, end date and value, one figure a row, such as
"burglaries,kent,2017-06-01,2017-08-31,100". They are plain observations of the peer
force's area, written through the feed's one write path (metrics.feeds), so they are
checked, versioned and audited as every figure is; a file with any mistake writes nothing.

A row's basis may be given; left out, it is the basis of the home force's figure of the
metric over the same dates, which is what the peers are compared with (metrics.peers).
Peer figures belong to no report edition: they are known by each period they end by.
"""

from django import forms
from django.db.models import Q

from metrics.csv_tables import Table, TableUploadForm
from metrics.feeds import FeedRejected, write_observations
from metrics.models import Metric, Observation
from metrics.upload_rows import BASES, Choices, MetricChoices, duplicates, read_day, read_number

PEER_FIGURES = Table(
    noun="figures",
    columns=("metric", "area", "start_date", "end_date", "value", "basis"),
    required=("metric", "area", "start_date", "end_date", "value"),
    max_rows=1000,
)


class PeerFiguresForm(TableUploadForm):
    table = PEER_FIGURES
    file = forms.FileField(
        help_text="A CSV file with the columns metric, area, start_date, end_date, value and, "
        "optionally, basis, in its first row."
    )


def read_rows(rows, group):
    """([(row number, feed item)], [(row number, column, reason)]): the rows in a feed
    item's terms, the area one of the group's peer forces."""
    metrics = list(Metric.objects.order_by("slug").values_list("slug", "name"))
    peers = [(m.area.slug, m.area.name) for m in group.members.select_related("area")]
    choices = {
        "metric": MetricChoices.of("a metric", metrics),
        "area": Choices.of(f"a peer force of {group.name}", peers),
    }
    items, problems = [], []
    for number, cells in rows:
        item, found = read_row(cells, choices)
        problems += [(number, column, reason) for column, reason in found]
        items.append((number, item))
    problems += [(number, None, reason) for number, reason in duplicates(items).items()]
    wrong = {number for number, _, _ in problems}
    problems += fill_bases([(n, item) for n, item in items if n not in wrong], group.home_force)
    return items, sorted(problems, key=lambda problem: problem[0])


def read_row(cells, choices):
    item, found = dict(cells), PEER_FIGURES.too_long(cells)
    if found:
        return item, found
    for name in PEER_FIGURES.required:
        if not item.get(name):
            found.append((name, f"Give the {name.replace('_', ' ')}."))
    for name in ("metric", "area"):
        if item.get(name):
            item[name], reason = choices[name].read(item[name])
            found += [(name, reason)] if reason else []
    if item.get("basis"):
        item["basis"], reason = BASES.read(item["basis"])
        found += [("basis", reason)] if reason else []
    for name in ("start_date", "end_date"):
        try:
            item[name] = read_day(item[name]) if item.get(name) else ""
        except ValueError as error:
            found.append((name, str(error)))
    item["value"] = read_number(item.get("value", ""))
    return item, found


def fill_bases(items, home):
    """Each row without a basis takes that of the home force's figure over the same dates:
    one query. [(row number, "basis", reason)] where there is none to take."""
    wanted = Q(pk__in=[])
    for _, item in items:
        if not item.get("basis"):
            dates = {"start_date": item["start_date"], "end_date": item["end_date"]}
            wanted |= Q(metric__slug=item["metric"], **dates)
    found = Observation.objects.filter(wanted, area=home).values_list(
        "metric__slug", "start_date", "end_date", "basis"
    )
    bases = {(slug, start.isoformat(), end.isoformat()): basis for slug, start, end, basis in found}
    problems = []
    for number, item in items:
        key = (item["metric"], item["start_date"], item["end_date"])
        item.setdefault("basis", "")
        if not item["basis"] and key not in bases:
            reason = (
                f"{home.name} has no figure of {item['metric']} from {key[1]} to {key[2]} "
                "to take the basis from: give the basis, such as three_months."
            )
            problems.append((number, "basis", reason))
        item["basis"] = item["basis"] or bases.get(key, "")
    return problems


def check_and_write(rows, group):
    """([], the feed's result) once the rows are written as the peers' observations; or
    ([(row number, column, reason)], None) with nothing written."""
    items, problems = read_rows(rows, group)
    if problems:
        return problems, None
    numbers = [number for number, _ in items]
    try:
        return [], write_observations([item for _, item in items])
    except FeedRejected as rejected:
        return [
            (None if error.index is None else numbers[error.index], error.field, error.reason)
            for error in rejected.errors
        ], None
