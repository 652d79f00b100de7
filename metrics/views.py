"""The figures' pages: one metric over time, and the roads' casualties and routes."""

from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode

from metrics.charts import routes_figure
from metrics.models import KsiRoute, Metric
from metrics.panels import ksi_totals, metric_panels
from priorities.access import reader_required
from priorities.selection import choose_period

# The API resource whose CSV and Excel renderers export a metric's observations.
OBSERVATIONS_API = "/api/v1/observations/"


def export_links(metric):
    """The API's downloads of the metric's observations, as (label, URL) pairs."""
    return [
        (label, f"{OBSERVATIONS_API}?{urlencode({'metric': metric.slug, 'format': fmt})}")
        for label, fmt in (("CSV", "csv"), ("Excel", "xlsx"))
    ]


@reader_required
def metric_detail(request, slug):
    """A metric's every figure known in the period: a chart, a table and the downloads."""
    selection = choose_period(request)
    metrics = Metric.objects.visible_to(request.user).filter(slug=slug)
    panels = metric_panels(
        request.user,
        selection,
        metrics.select_related("priority", "commitment__priority"),
        height=420,
    )
    if not panels:
        raise Http404("No such metric.")
    panel = next(iter(panels.values()))[0]
    context = {
        "selection": selection,
        "metric": panel.metric,
        "panel": panel,
        "downloads": export_links(panel.metric),
    }
    return render(request, "metrics/metric_detail.html", context)


@reader_required
def roads(request):
    """Killed or seriously injured casualties against the year before, and the routes table."""
    selection = choose_period(request)
    routes = []
    if selection.period is not None:
        routes = list(
            KsiRoute.objects.visible_to(request.user)
            .filter(period=selection.period)
            .prefetch_related("vulnerable_groups", "peak_times")
        )
    context = {
        "selection": selection,
        "totals": ksi_totals(request.user, selection),
        "routes": routes,
        "routes_figure": routes_figure(routes) if routes else None,
    }
    return render(request, "metrics/roads.html", context)
