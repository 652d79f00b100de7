"""The figures' pages: one metric over time, the roads' casualties and routes, and recorded
crime."""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import urlencode

from essexperf.pagecache.pages import remember
from metrics.charts import routes_figure
from metrics.crime import chosen_area, crime_areas, crime_table
from metrics.exceptions import attention_list
from metrics.models import (
    Area,
    DataImport,
    DataSource,
    KsiDistrict,
    KsiRoute,
    Metric,
    Observation,
)
from metrics.panels import ksi_source, ksi_totals, metric_panels
from metrics.peer_charts import peers_figure
from metrics.peers import compare_with_peers
from metrics.process import process_of
from metrics.rates import rates_for
from metrics.series import known_figures
from metrics.spc_charts import process_figure
from priorities.access import reader_required
from priorities.selection import choose_period
from priorities.visibility import audience

# The API resource whose CSV and Excel renderers export a metric's observations.
OBSERVATIONS_API = "/api/v1/observations/"
# The most figures a metric's page charts and tables, newest first: ten years of monthly and
# quarterly ones. The downloads hold every figure.
PAGE_FIGURES = 160
# The newest imports the sources page lists of each source; the admin lists them all.
SOURCE_IMPORTS = 20


def export_links(metric):
    """The API's downloads of the metric's observations, as (label, URL) pairs."""
    return [
        (label, f"{OBSERVATIONS_API}?{urlencode({'metric': metric.slug, 'format': fmt})}")
        for label, fmt in (("CSV", "csv"), ("Excel", "xlsx"))
    ]


def chart_areas(user, period, metrics):
    """The areas with figures of the metrics known by the period, for the reader to choose
    from: one query."""
    figures = known_figures(user, period).filter(metric__in=metrics)
    return list(Area.objects.filter(pk__in=figures.values("area_id")).order_by("name"))


def known_area(slug):
    """The slug of an area that exists, or "" (the headline area): a made-up area shows the
    page as it is without one, and keeps no copy of its own in the cache."""
    slug = slug.strip()[:100]
    return slug if slug and Area.objects.filter(slug=slug).exists() else ""


def known_basis(code):
    """A basis's code, or "" (the basis with the most figures) for anything else."""
    code = code.strip()
    return code if code in Observation.Basis.values else ""


def process_context(request, selection, panel, area_slug, basis):
    """The process chart of the panel's area, on the basis asked for, and its figure."""
    process = process_of(
        request.user, selection.period, panel.metric, panel.area, basis, panel.targets
    )
    figure = process_figure(process) if process else None
    return {"process": process, "process_figure": figure, "area_chosen": bool(area_slug)}


def metric_page(request, selection, slug, area_slug, basis=""):
    """A metric, and its page's content as HTML: its panel, charting the area asked for
    (its headline area by default), the areas that may be asked for, its process chart on
    the basis asked for, and the downloads."""
    user = request.user
    metrics = Metric.objects.visible_to(user).filter(slug=slug)
    areas = chart_areas(user, selection.period, metrics)
    area = next((area for area in areas if area.slug == area_slug), None)
    panels = metric_panels(
        user,
        selection,
        metrics.select_related("priority", "commitment__priority"),
        height=420,
        size=PAGE_FIGURES,
        area=area,
        # The page draws the whole process chart of its area (process_context).
        processes=False,
    )
    if not panels:
        raise Http404("No such metric.")
    panel = next(iter(panels.values()))[0]
    context = {
        "selection": selection,
        "metric": panel.metric,
        "panel": panel,
        "areas": areas,
        "downloads": export_links(panel.metric),
        **process_context(request, selection, panel, area_slug, basis),
        "rates": with_rates(panel),
        **peer_context(user, panel.metric, selection.period),
    }
    body = render_to_string("metrics/metric_body.html", context, request)
    return {"metric": panel.metric, "body": body}


def with_rates(panel):
    """Gives each figure of the panel's table its rate per 1,000 residents (`per_thousand`,
    None without a population), and says whether the table shows them: one query for a
    count, none otherwise."""
    observations = [observation for observation, _ in panel.rows]
    rates = rates_for(panel.metric, observations)
    for observation in observations:
        observation.per_thousand = rates.get(observation.pk)
    return bool(rates)


def peer_context(user, metric, period):
    """The metric beside the peer forces' in the period, and its chart: three queries."""
    if period is None:
        return {}
    peers = compare_with_peers(user, metric, period)
    return {"peers": peers, "peers_figure": peers_figure(peers)}


@reader_required
def metric_detail(request, slug):
    """A metric's figures known in the period for an area: a chart, a table and the
    downloads of every figure."""
    selection = choose_period(request)
    area_slug = known_area(request.GET.get("area", ""))
    basis = known_basis(request.GET.get("basis", ""))
    shown = remember(
        "metric",
        audience(request.user),
        [selection.code, slug, area_slug, basis],
        lambda: metric_page(request, selection, slug, area_slug, basis),
    )
    return render(request, "metrics/metric_detail.html", {"selection": selection, **shown})


def roads_page(request, selection):
    """The roads page's content as HTML, and whether it draws a chart."""
    user = request.user
    routes, districts = [], []
    if selection.period is not None:
        routes = list(
            KsiRoute.objects.visible_to(user)
            .filter(period=selection.period)
            .select_related("computed_from")
            .prefetch_related("vulnerable_groups", "peak_times")
        )
        districts = list(
            KsiDistrict.objects.visible_to(user).filter(period=selection.period).order_by("order")
        )
    totals = ksi_totals(user, selection)
    context = {
        "selection": selection,
        "totals": totals,
        "ksi_source": ksi_source(totals, routes),
        "routes": routes,
        "routes_figure": routes_figure(routes) if routes else None,
        "districts": districts,
    }
    body = render_to_string("metrics/roads_body.html", context, request)
    return {"body": body, "charted": bool(routes)}


@reader_required
def roads(request):
    """Killed or seriously injured casualties against the year before, the routes table and
    the districts with most KSI collisions."""
    selection = choose_period(request)
    shown = remember(
        "roads", audience(request.user), [selection.code], lambda: roads_page(request, selection)
    )
    return render(request, "metrics/roads.html", {"selection": selection, **shown})


def crime_page(request, selection, area_slug):
    """The crime page's content as HTML, whether it draws a chart and whether it has any
    figures (the staff's pointer to importing lies outside what is cached)."""
    areas = crime_areas(request.user, selection.period)
    area = chosen_area(areas, area_slug)
    table = crime_table(request.user, selection.period, area)
    figure = table.figure
    context = {"selection": selection, "areas": areas, "area": area, "table": table}
    body = render_to_string("metrics/crime_body.html", {**context, "figure": figure}, request)
    return {"body": body, "charted": figure is not None, "empty": not table.rows}


@reader_required
def crime(request):
    """Recorded crime from police.uk in an area: each type against a year before, and all
    crime month by month."""
    selection = choose_period(request)
    area_slug = known_area(request.GET.get("area", ""))
    shown = remember(
        "crime",
        audience(request.user),
        [selection.code, area_slug],
        lambda: crime_page(request, selection, area_slug),
    )
    return render(request, "metrics/crime.html", {"selection": selection, **shown})


@login_required
@reader_required
def source_list(request):
    """Where figures come from: each source and its newest imports, with what each read."""
    newest = Window(
        RowNumber(), partition_by=F("source_id"), order_by=[F("started_at").desc(), F("pk").desc()]
    )
    imports = defaultdict(list)
    for row in DataImport.objects.annotate(rank=newest).filter(rank__lte=SOURCE_IMPORTS):
        imports[row.source_id].append(row)
    sources = [(source, imports[source.pk]) for source in DataSource.objects.all()]
    context = {"sources": sources, "shown_imports": SOURCE_IMPORTS}
    return render(request, "metrics/source_list.html", context)


def exceptions_page(request, selection):
    """The exceptions page's content as HTML (metrics.exceptions)."""
    context = {"selection": selection, "items": attention_list(request.user, selection)}
    return {"body": render_to_string("metrics/exception_list_body.html", context, request)}


@reader_required
def exception_list(request):
    """What needs the board's attention in the period: each reason in one sentence, most
    severe first."""
    selection = choose_period(request)
    shown = remember(
        "exceptions",
        audience(request.user),
        [selection.code],
        lambda: exceptions_page(request, selection),
    )
    return render(request, "metrics/exception_list.html", {"selection": selection, **shown})
