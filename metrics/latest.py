"""Each metric's latest observation for the API, read with the metrics themselves.

The newest observation the reader may see is found per metric by one lookup on the
(metric, -end_date) index; of observations ending the same day, the one starting latest
(the shortest) wins. Its figures come back as one JSON value on the metric's row, so a page
or a download of metrics is one query however many rows (a query per row, or per chunk of
rows, would grow with them).
"""

import datetime
from decimal import Decimal

from django.db.models import OuterRef, Subquery, TextField
from django.db.models.functions import Cast, JSONObject

from metrics.models import Area, Observation

NEWEST_FIRST = ["-end_date", "-start_date", "-pk"]


def as_text(expression):
    # Values travel as text: a JSON number would reach Python as an inexact float.
    return Cast(expression, output_field=TextField())


def with_latest_observation(metrics, user):
    """Annotates `latest`: the figures of the metric's newest observation `user` may see,
    with the value and dates of the one it is compared with where `user` may see that one
    too, or None."""
    # A peer force's figure is never a metric's latest (metrics.peers compares with them).
    visible = Observation.objects.visible_to(user).without_peers()
    newest = visible.filter(metric=OuterRef(OuterRef("pk"))).order_by(*NEWEST_FIRST)
    compared = visible.filter(pk=OuterRef("compared_with")).order_by()
    figures = JSONObject(
        id="pk",
        value=as_text("value"),
        start_date="start_date",
        end_date="end_date",
        basis="basis",
        data_to="data_to",
        denominator="denominator",
        area_id="area_id",
        area_slug="area__slug",
        area_name="area__name",
        previous_value=as_text(Subquery(compared.values("value"))),
        compared_start=Subquery(compared.values("start_date")),
        compared_end=Subquery(compared.values("end_date")),
        compared_denominator=Subquery(compared.values("denominator")),
    )
    latest = Observation.objects.filter(pk=Subquery(newest.values("pk")[:1])).order_by()
    return metrics.annotate(latest=Subquery(latest.values(figures=figures)))


def latest_observation(metric):
    """The metric's latest observation, as annotated by with_latest_observation, with its
    `previous_value`; None for a metric with none. Made once a row."""
    if "latest_observation" not in metric.__dict__:
        metric.__dict__["latest_observation"] = observation_from(metric, metric.latest)
    return metric.__dict__["latest_observation"]


def observation_from(metric, figures):
    if figures is None:
        return None
    area = Area(id=figures["area_id"], slug=figures["area_slug"], name=figures["area_name"])
    observation = Observation(
        id=figures["id"],
        metric=metric,
        area=area,
        value=Decimal(figures["value"]),
        start_date=datetime.date.fromisoformat(figures["start_date"]),
        end_date=datetime.date.fromisoformat(figures["end_date"]),
        basis=figures["basis"],
        data_to=figures["data_to"] and datetime.date.fromisoformat(figures["data_to"]),
        denominator=figures["denominator"],
    )
    previous = figures["previous_value"]
    observation.previous_value = None if previous is None else Decimal(previous)
    start, end = figures["compared_start"], figures["compared_end"]
    observation.compared_start = start and datetime.date.fromisoformat(start)
    observation.compared_end = end and datetime.date.fromisoformat(end)
    observation.compared_dates = (
        (observation.compared_start, observation.compared_end) if start else None
    )
    observation.compared_denominator = figures["compared_denominator"]
    return observation
