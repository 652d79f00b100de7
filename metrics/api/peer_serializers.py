"""A metric's peer comparison for a period as JSON (metrics.peers): numbers as text, as
every value of the API travels, so none reaches a client as an inexact float."""

import re

from rest_framework.exceptions import ValidationError

from metrics.numbers import plain
from metrics.rates import SHOWN
from priorities.models import ReportingPeriod

PERIOD_CODE = re.compile(r"\d{4}-\d{2}-Q[1-4]")


def period_asked(request):
    """The period `?period=` names among those the reader may see; 400 naming the
    parameter when it is missing, malformed or names none (a draft is not told apart)."""
    code = request.query_params.get("period", "").strip()
    if not code:
        raise refused("Give the reporting period's code, such as 2017-18-Q2.")
    if not PERIOD_CODE.fullmatch(code[:20]):
        raise refused(f"{code[:20]!r} is not a period code: write it as 2017-18-Q2.")
    period = ReportingPeriod.objects.visible_to(request.user).filter(code=code).first()
    if period is None:
        raise refused(f"{code} names no reporting period you may read.")
    return period


def refused(reason):
    return ValidationError({"period": [reason]})


def text(value):
    return None if value is None else plain(value)


def force_data(force):
    rate = force.rate
    return {
        "area": {"slug": force.area.slug, "name": force.area.name},
        "home": force.home,
        "value": text(force.value),
        "population": rate.population if rate else None,
        "population_year": rate.year if rate else None,
        "population_note": rate.note if rate else "",
        "rate_per_1000": str(rate.shown) if rate else None,
        "rank": force.rank,
    }


def significance_data(significance):
    if significance is None:
        return None
    return {
        "observed": significance.observed,
        "expected": f"{significance.expected:.1f}",
        "p_value": f"{significance.p_value:.4f}",
        "method": significance.method,
        "significant": significance.significant,
        "sentence": significance.sentence,
    }


def comparison_data(comparison):
    average = comparison.average
    return {
        "metric": comparison.metric.slug,
        "period": comparison.period.code,
        "group": comparison.group.name if comparison.group else None,
        "start_date": comparison.start_date,
        "end_date": comparison.end_date,
        "basis": comparison.basis or None,
        "per_1000_residents": comparison.per_thousand,
        "direction": comparison.direction,
        "average": None if average is None else str(average.quantize(SHOWN)),
        "forces": [force_data(force) for force in comparison.forces],
        "significance": significance_data(comparison.significance),
    }
