"""Time every page and API endpoint in-process with Django's test client: SQL queries per
request, median and 95th-percentile server time, and response size.

Run by bench.run as `python -m bench.timing RESULT.json`, with DJANGO_SETTINGS_MODULE set to
bench.settings and DATABASE_URL to the benchmark database. Pages are read by a signed-in
board member (no staff rights, so published editions only) and the API by a read token.
Pages and API lists are timed twice: as readers find them (cached for the data version
after the warm-up) and uncached (the cache emptied before each request, as after a write).
"""

import argparse
import json
import math
import statistics
import sys
import time

import django

MIN_SAMPLES = 3
EXPLAINED = 8
# A statement running longer is cancelled, and its request counted as failed.
STATEMENT_TIMEOUT_SECONDS = 120
# EXPLAIN ANALYZE runs the query again: slower ones are only EXPLAINed.
ANALYSED_UP_TO_SECONDS = 30
REFUSED = (302, 403)
# A token's own queries depend on the clock, not on the data: it is read on every request,
# and its last use is recorded once a minute. They are counted apart, so that a slow
# export's query count can be compared across scales.
TOKEN_TABLE = '"api_apitoken"'


def percentile(samples, share):
    """Nearest-rank percentile: the smallest sample at or above `share` of them."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def fetch(client, url):
    """(status, seconds, bytes, queries) of one request, its streamed body read to the end;
    the status names the error of a request that failed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The log keeps 9,000 queries: emptied first, it holds all of one request's below that.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        try:
            status, size = read(client.get(url))
        except Exception as error:
            status, size = f"failed: {type(error).__name__}", 0
        seconds = time.perf_counter() - started
    return status, seconds, size, captured.captured_queries


def read(response):
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    response.close()
    return response.status_code, size


def measure(client, endpoint, requests, budget, before=lambda: None):
    """Warm up once, then time `requests` requests, fewer (but MIN_SAMPLES at least) where
    they would take longer than `budget` seconds, calling `before` ahead of each. A warm-up
    that fails or alone exceeds the budget is the only sample: repeating it would say
    nothing more."""
    before()
    warm_up = fetch(client, endpoint.url)
    status, seconds = warm_up[0], warm_up[1]
    timed = [warm_up] if status != 200 or seconds > budget else []
    wanted = 1 if timed else requests
    while len(timed) < wanted:
        before()
        timed.append(fetch(client, endpoint.url))
        if len(timed) >= MIN_SAMPLES and sum(t[1] for t in timed) > budget:
            break
    return summarise(endpoint, timed)


def summarise(endpoint, timed):
    samples = [t[1] for t in timed]
    counts = [sum(not is_tokens(q) for q in t[3]) for t in timed]
    slowest = max((q for t in timed for q in t[3]), key=query_seconds, default=None)
    return {
        "kind": endpoint.kind,
        "name": endpoint.name,
        "url": endpoint.url,
        "status": timed[-1][0],
        "queries": int(statistics.median(counts)),
        "queries_range": [min(counts), max(counts)],
        "token_queries": max(sum(is_tokens(q) for q in t[3]) for t in timed),
        "median_ms": 1000 * statistics.median(samples),
        "p95_ms": 1000 * percentile(samples, 0.95),
        "bytes": timed[-1][2],
        "samples": len(samples),
        "slowest_query": slowest,
    }


def is_tokens(query):
    return TOKEN_TABLE in query["sql"]


def measure_uncached(client, endpoint, requests, budget):
    """The same endpoint with the cache emptied before each request."""
    from django.core.cache import cache

    result = measure(client, endpoint, requests, budget, before=cache.clear)
    keep = ("status", "queries", "queries_range", "median_ms", "p95_ms", "samples")
    return {name: result[name] for name in keep}


def query_seconds(query):
    return float(query["time"])


def clients():
    """A board member's browser, and an API client holding a fresh read token."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from essexperf.api.models import ApiToken
    from priorities.roles import VIEWERS

    viewer, _ = get_user_model().objects.get_or_create(username="bench-viewer")
    viewer.groups.add(*Group.objects.filter(name=VIEWERS))
    browser = Client()
    browser.force_login(viewer)
    ApiToken.objects.filter(name="bench").delete()
    _, secret = ApiToken.issue("bench")
    return browser, Client(HTTP_AUTHORIZATION=f"Token {secret}")


def explain(results):
    """EXPLAIN ANALYZE of the slowest query of the slowest endpoints that miss a target."""
    from django.db import connection

    from bench.targets import time_misses

    missing = [r for r in results if time_misses(r) and r["slowest_query"]]
    plans, seen = [], set()
    for result in sorted(missing, key=lambda r: -query_seconds(r["slowest_query"])):
        sql = result["slowest_query"]["sql"]
        if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
            continue
        seen.add(sql)
        analysed = query_seconds(result["slowest_query"]) <= ANALYSED_UP_TO_SECONDS
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {'(ANALYZE, BUFFERS) ' if analysed else ''}{sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        plans.append({"endpoint": result["name"], "sql": sql, "plan": plan, "analysed": analysed})
        if len(plans) == EXPLAINED:
            break
    return plans


def limit_statements():
    from django.db.backends.signals import connection_created

    def limit(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT_SECONDS}s'")

    connection_created.connect(limit, weak=False)


def row_counts():
    from django.apps import apps

    names = ["priorities", "metrics", "inspections"]
    models = [m for name in names for m in apps.get_app_config(name).get_models()]
    return {str(m._meta.verbose_name_plural): m.objects.count() for m in models}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result", help="Where to write the results, as JSON.")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--budget", type=float, default=20, help="Seconds per endpoint, roughly.")
    parser.add_argument("--only", action="append", help="Only URLs holding this; repeatable.")
    args = parser.parse_args()
    django.setup()
    limit_statements()
    from bench import endpoints

    browser, api_client = clients()
    pages, skipped = endpoints.pages()
    results = []
    for endpoint in pages + endpoints.api():
        if args.only and not any(part in endpoint.url for part in args.only):
            continue
        client = browser if endpoint.kind == "page" else api_client
        result = measure(client, endpoint, args.requests, args.budget)
        if endpoint.kind in ("page", "api"):
            result["uncached"] = measure_uncached(client, endpoint, args.requests, args.budget)
        print(f"{endpoint.name}: {result['median_ms']:.0f} ms", file=sys.stderr)
        if result["status"] in REFUSED:
            # A page for office staff only, such as the audit log: no board member's page.
            skipped.append((endpoint.name, f"status {result['status']} for a board member"))
        else:
            results.append(result)
    output = {
        "results": results,
        "skipped": skipped,
        "plans": explain(results),
        "rows": row_counts(),
    }
    with open(args.result, "w") as handle:
        json.dump(output, handle, indent=1)


if __name__ == "__main__":
    main()
