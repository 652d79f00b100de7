"""What the benchmark requests: every dashboard page in the project's URLconf, and every list
and export of the API's router, with their URL arguments taken from the data.

Pages are found by walking the URLconf, so a page added later is measured without a change
here, as long as its arguments are among those ARGUMENTS knows how to fill.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from essexperf.site.api_urls import router
from metrics.models import Metric
from priorities.models import Priority, ReportingPeriod

# The project's URLconf, not the benchmark's, which adds the baseline.
PROJECT_URLCONF = "essexperf.urls"
# Namespaces that hold no dashboard page; Django's own views (sign-in) are none either.
NOT_PAGES = {"admin", "api"}
SEARCH_WORDS = "burglary"
EXPORT_FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Endpoint:
    kind: str
    name: str
    url: str


def walk(patterns, namespace=""):
    """(full name, argument names) of every named URL pattern of the project's own views,
    depth first."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if pattern.lookup_str.startswith("django."):
                continue
            arguments = sorted(pattern.pattern.regex.groupindex)
            yield f"{namespace}{pattern.name}", arguments


def latest_published():
    return ReportingPeriod.objects.filter(status="published").first()


def arguments():
    """A value for each URL argument the pages take: the heaviest page of its kind in the
    latest published period (the page a reader sees first)."""
    period = latest_published()
    priorities = Priority.objects.in_force(period)
    priority = priorities.annotate(metric_count=Count("metrics")).order_by("-metric_count").first()
    metric = Metric.objects.annotate(rows=Count("observations")).order_by("-rows", "pk").first()
    return {
        "code": period.code,
        "number": priority.number,
        "slug": metric.slug,
    }


def pages():
    """Every dashboard page, once per URL; (name, reason) for those it cannot fill in."""
    values = arguments()
    found, skipped, seen = [], [], set()
    for name, needed in walk(get_resolver(PROJECT_URLCONF).url_patterns):
        if name.split(":")[0] in NOT_PAGES:
            continue
        missing = [argument for argument in needed if argument not in values]
        if missing:
            skipped.append((name, f"no value for {', '.join(missing)}"))
            continue
        url = reverse(name, urlconf=PROJECT_URLCONF, kwargs={a: values[a] for a in needed})
        if name.endswith("search"):
            url += f"?q={SEARCH_WORDS}"
        if url not in seen:
            seen.add(url)
            found.append(Endpoint("page", name, url))
    return found, skipped


def api():
    """Every list of the router as JSON and as each export, every detail action (such as a
    period's whole report) for the latest published period, in each of its formats, and
    every action on one metric (its process chart, its peers) for the metric the pages read
    and that period."""
    found = []
    period = latest_published()
    slug = arguments()["slug"]
    for prefix, viewset, basename in router.registry:
        url = reverse(f"api:{basename}-list")
        if getattr(viewset, "queryset", None) is None:
            # A resource worked out for a period (what needs attention), in JSON only.
            found.append(Endpoint("api", f"{prefix} list", f"{url}?period={period.code}"))
            continue
        found.append(Endpoint("api", f"{prefix} list", url))
        found += [
            Endpoint("export", f"{prefix} {fmt}", f"{url}?format={fmt}") for fmt in EXPORT_FORMATS
        ]
        for action in viewset.get_extra_actions():
            if not action.detail and "(?P<slug>" in action.url_path:
                one = reverse(f"api:{basename}-{action.url_name}", kwargs={"slug": slug})
                label = f"{prefix} <slug> {action.url_name}"
                found.append(Endpoint("api", label, f"{one}?period={period.code}"))
                continue
            # Only a period's actions are known to take a row to act on: the latest period.
            if not action.detail or viewset.queryset.model is not ReportingPeriod:
                continue
            detail = reverse(f"api:{basename}-{action.url_name}", kwargs={"pk": period.code})
            for renderer in action.kwargs.get("renderer_classes", []):
                label = f"{prefix} {action.url_path} {renderer.format}"
                found.append(Endpoint("export", label, f"{detail}?format={renderer.format}"))
    return found
