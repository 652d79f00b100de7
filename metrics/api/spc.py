"""A metric's process chart through the API: what its page shows, as JSON.

Both come from metrics.process.process_of, so the API gives exactly the page's numbers.
"""

import re

from rest_framework.exceptions import ValidationError

from metrics.models import Area, Observation
from metrics.numbers import plain
from metrics.process import headline_area

# An area's slug as the model holds it: what else is asked for names no area.
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def chosen_area(request, user, period, metric):
    """The area asked for (`?area=<slug>`), or the metric's headline area; a slug that names
    no area is refused, naming the parameter."""
    slug = request.query_params.get("area", "").strip()
    if not slug:
        return headline_area(user, period, metric)
    area = None
    if SLUG.fullmatch(slug):
        area = Area.objects.filter(slug=slug).first()
    if area is None:
        raise ValidationError({"area": [f'No area has the slug "{slug[:100]}".']})
    return area


def chosen_basis(request):
    """The basis asked for (`?basis=<code>`), or None (the basis with the most figures)."""
    code = request.query_params.get("basis", "").strip()
    if code and code not in Observation.Basis.values:
        choices = ", ".join(Observation.Basis.values)
        raise ValidationError({"basis": [f'"{code[:50]}" is not a basis: give one of {choices}.']})
    return code or None


def decimal(value):
    return None if value is None else plain(value)


def process_answer(metric, process):
    """The chart as JSON data: segments, points, variation, assurance, target and the
    sentence saying why there are no limits, where there are none."""
    chart = process.chart if process else None
    target = process.target if process else None
    return {
        "metric": metric.slug,
        "area": process.area.slug if process else None,
        "basis": process.basis if process else None,
        "span": process.span if process else "",
        "segments": [
            {
                "start": segment.start,
                "end": segment.end,
                "count": segment.count,
                "mean": plain(segment.mean),
                "lower_limit": plain(segment.lower),
                "upper_limit": plain(segment.upper),
                "recalculated_because": reason,
            }
            for segment, reason in (process.segment_rows if process else [])
        ],
        "points": [
            {
                "date": point.date,
                "value": plain(point.value),
                "segment": point.segment,
                "signal": point.signal,
                "signal_label": point.signal_label,
                "rules": list(point.rules),
                "rule_names": point.rule_names,
            }
            for point in (chart.points if chart else ())
        ],
        "variation": chart.variation if chart else None,
        "variation_label": chart.variation_label if chart else "",
        "assurance": chart.assurance if chart else None,
        "assurance_label": chart.assurance_label if chart else "",
        "target": {"value": plain(target.value), "due_date": target.due_date} if target else None,
        "message": chart.shortfall if chart else "No figures known for this metric.",
    }
