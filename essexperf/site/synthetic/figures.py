"""Synthetic areas, and metrics with their targets and a Series for every area."""

import random

from django.utils.text import slugify

from essexperf.site.synthetic import words
from essexperf.site.synthetic.series import Series
from essexperf.site.synthetic.shapes import (
    RECALCULATION,
    RECALCULATION_REASON,
    recalculation_month,
    shape_of,
)
from metrics.importers import import_areas, import_figures, import_metrics
from metrics.models import Area, Metric, Recalculation
from priorities.models import Commitment, Plan

# The first metrics are the same at every scale: their order comes from no scale's seed.
METRIC_ORDER_SEED = "essexperf:metric-order"


def generate_areas(sizes, tally):
    """The districts beyond the demo's, then neighbourhoods of every district."""
    districts = [(slug, name) for slug, name in words.DEMO_DISTRICTS]
    districts += [(slug, name) for slug, name, _ in words.DISTRICTS]
    items = [
        {"slug": slug, "name": name, "kind": "district", "parent": lpa}
        for slug, name, lpa in words.DISTRICTS
    ]
    items += [
        {"slug": f"{slug}-{part.lower()}", "name": f"{name} {part}", "kind": "district"}
        | {"parent": slug}
        for part in words.NEIGHBOURHOODS
        for slug, name in districts
    ]
    import_areas({"areas": items[: sizes.extra_areas]}, tally)


def metric_kinds():
    """(topic, measure) pairs in a fixed order that mixes units and measures early on."""
    pairs = [(topic, measure) for measure in words.MEASURES for topic in words.TOPICS]
    random.Random(METRIC_ORDER_SEED).shuffle(pairs)
    return pairs


def metric_name(topic, measure):
    return f"{topic[0].upper()}{topic[1:]}: {measure}"


def generate_metrics(sizes, tally):
    """Metrics spread evenly over the current commitments of the plans the window reaches,
    so that every plan's priorities have figures."""
    commitments = window_commitments(sizes)
    for index, (topic, (measure, unit, kind, up_is)) in enumerate(metric_kinds()[: sizes.metrics]):
        commitment = commitments[index * len(commitments) // sizes.metrics]
        name = metric_name(topic, measure)
        item = {
            "slug": slugify(name),
            "name": name,
            "description": f"The {measure} of {topic}, by area.",
            "unit": unit,
            "measure": kind,
            "up_is": up_is,
            "commitment": commitment.reference,
        }
        import_metrics({"plan": commitment.priority.plan.title, "metrics": [item]}, tally)


def window_plans(sizes):
    return Plan.objects.filter(start_date__lte=sizes.window_end, end_date__gte=sizes.window_start)


def window_commitments(sizes):
    return list(
        Commitment.objects.filter(priority__plan__in=window_plans(sizes), retired_on__isnull=True)
        .select_related("priority__plan")
        .order_by("priority__plan__start_date", "priority__number", "order")
    )


def generated_slugs(sizes):
    kinds = metric_kinds()[: sizes.metrics]
    return [slugify(metric_name(topic, measure[0])) for topic, measure in kinds]


def metric_shapes(sizes):
    """{generated metric: its Shape}, the metrics in the order metric_kinds gives them."""
    slugs = generated_slugs(sizes)
    metrics = sorted(Metric.objects.filter(slug__in=slugs), key=lambda m: slugs.index(m.slug))
    return {metric: shape_of(sizes, index, metric) for index, metric in enumerate(metrics)}


def all_series(sizes, shapes, length):
    """A Series of `length` months for every generated metric and every area, in a fixed
    order."""
    areas = list(Area.objects.select_related("parent").order_by("pk"))
    return [
        Series(sizes, metric, area, shape, length)
        for metric, shape in shapes.items()
        for area in areas
    ]


def generate_recalculations(shapes, months, writer):
    """A recalculation for every area, with its reason, where a metric's recording changed."""
    rows = (
        Recalculation(
            metric=metric,
            date=recalculation_month(months),
            reason=RECALCULATION_REASON,
        )
        for metric, shape in shapes.items()
        if shape.kind == RECALCULATION
    )
    writer.insert_all(rows)


def generate_targets(sizes, series, tally):
    """A force-wide target of each metric for the end of each plan the window reaches."""
    ends = window_plans(sizes).values_list("end_date", flat=True)
    items = [
        {
            "metric": line.metric.slug,
            "area": line.area.slug,
            "value": line.target(),
            "due_date": due,
            "note": "Set with the plan.",
        }
        for line in series
        if line.area.kind == Area.Kind.FORCE
        for due in sorted(ends)
    ]
    import_figures({"targets": items}, tally)
