"""A run's results as Markdown: the tables, and the targets they miss."""

from bench import targets

SQL_SHOWN = 3000


def size(count):
    for unit, factor in (("MB", 1024**2), ("KB", 1024)):
        if count >= factor:
            return f"{count / factor:.1f} {unit}"
    return f"{count} B"


def table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def timing_table(results, earlier):
    """Each endpoint's row; with an earlier scale's results, its query count beside, and
    its uncached figures where it was measured uncached too."""
    headers = ["Endpoint", "URL", "Status", "Queries", "Median ms", "p95 ms", "Size", "n"]
    if earlier is not None:
        headers.insert(4, f"Queries at scale {earlier['scale']}")
        before = {r["name"]: r["queries"] for r in earlier["timing"]["results"]}
    uncached = any("uncached" in r for r in results)
    if uncached:
        headers += ["Uncached: queries", "median ms", "p95 ms"]
    headers.append("Target")
    rows = []
    for r in results:
        row = [r["name"], f"`{r['url']}`", r["status"], r["queries"]]
        if earlier is not None:
            row.append(before.get(r["name"], "-"))
        row += [f"{r['median_ms']:.0f}", f"{r['p95_ms']:.0f}", size(r["bytes"]), r["samples"]]
        if uncached:
            row += uncached_cells(r.get("uncached"))
        misses = targets.time_misses(r)
        row.append("missed: " + "; ".join(misses) if misses else "met")
        rows.append(row)
    return table(headers, rows)


def uncached_cells(measured):
    if measured is None:
        return ["-", "-", "-"]
    return [measured["queries"], f"{measured['median_ms']:.0f}", f"{measured['p95_ms']:.0f}"]


def load_table(load):
    rows = [
        [
            r["resource"],
            f"{r['api_rps']:.1f}",
            f"{r['baseline_rps']:.1f}",
            f"{r['ratio']:.0%}" if r["ratio"] is not None else "-",
            f"{r['uncached_rps']:.1f}" if "uncached_rps" in r else "-",
            f"{r['uncached_rps'] / r['baseline_rps']:.0%}" if "uncached_rps" in r else "-",
            "yes" if r["same_json"] else "NO",
            "met" if (r["ratio"] or 0) >= targets.THROUGHPUT_RATIO else "missed",
        ]
        for r in load["results"]
    ]
    headers = ["List", "API req/s", "Raw SQL req/s", "Ratio", "Uncached API req/s"]
    headers += ["Uncached ratio", "Same JSON", "Target"]
    return table(headers, rows)


def memory_table(memory):
    rows = [
        [
            f"`{m['url']}`",
            m["status"],
            # Only CSV has a line a row; an Excel file is a zip.
            f"{m['lines']:,}" if "format=csv" in m["url"] else "-",
            size(m["bytes"]),
            f"{m['seconds']:.1f}",
            f"{m['start_mb']:.0f} MB",
            f"{m['peak_mb']:.0f} MB",
            f"{growth(m):.0f} MB",
            "met" if growth(m) < targets.EXPORT_PEAK_MB else "missed",
        ]
        for m in memory
    ]
    headers = ["Export", "Status", "Lines", "Size", "Seconds", "RSS before", "Peak RSS"]
    return table([*headers, "Export's own", "Target"], rows)


def growth(measured):
    """What the export itself added to the process's peak memory."""
    return measured["peak_mb"] - measured["start_mb"]


def misses(run, earlier):
    """One line per target missed."""
    results = run["timing"]["results"]
    found = [
        f"{r['name']} (`{r['url']}`): {'; '.join(targets.time_misses(r))}"
        for r in results
        if targets.time_misses(r)
    ]
    found += [
        f"{r['resource']} list under gunicorn: {r['ratio']:.0%} of the raw-SQL baseline"
        for r in run.get("load", {"results": []})["results"]
        if (r["ratio"] or 0) < targets.THROUGHPUT_RATIO
    ]
    found += [
        f"`{m['url']}`: the export's own peak {growth(m):.0f} MB (> {targets.EXPORT_PEAK_MB} MB)"
        for m in run.get("memory", [])
        if growth(m) >= targets.EXPORT_PEAK_MB
    ]
    found += [
        f"{r['name']}: from {r['queries_range'][0]} to {r['queries_range'][1]} queries a request"
        for r in results
        if r["queries_range"][0] != r["queries_range"][1]
    ]
    return found + query_growth(run, earlier)


def query_growth(run, earlier):
    """Endpoints whose number of queries differs from the earlier scale's."""
    if earlier is None:
        return []
    before = {r["name"]: r["queries"] for r in earlier["timing"]["results"]}
    return [
        f"{r['name']}: {r['queries']} queries at scale {run['scale']}, "
        f"{before[r['name']]} at scale {earlier['scale']}"
        for r in run["timing"]["results"]
        if r["name"] in before and before[r["name"]] != r["queries"]
    ]


def plans_section(plans):
    parts = []
    for plan in plans:
        sql = plan["sql"] if len(plan["sql"]) <= SQL_SHOWN else plan["sql"][:SQL_SHOWN] + " …"
        how = "EXPLAIN ANALYZE" if plan["analysed"] else "EXPLAIN (too slow to run again)"
        parts.append(
            f"### {plan['endpoint']}\n\n```sql\n{sql}\n```\n\n{how}:\n\n```\n{plan['plan']}\n```"
        )
    return "\n\n".join(parts) or "No endpoint missed a time target."


def by_kind(results, kind):
    return [r for r in results if r["kind"] == kind]


def header(run):
    machine = run["machine"]
    rows = [
        ["Machine", f"{machine['cpu']}, {machine['cores']} cores, {machine['memory']}"],
        ["PostgreSQL", machine["postgresql"]],
        ["Python, Django", f"{machine['python']}, {machine['django']}"],
        ["Commit", machine["commit"]],
        ["Database", f"`{run['database']}`"],
    ]
    return [f"# Benchmark at scale {run['scale']}, {run['date']}", table(["", ""], rows)]


def data(run):
    counts = [[name, f"{n:,}"] for name, n in run["timing"]["rows"].items()]
    generation = [
        "## Data",
        f"`manage.py generatedata --scale {run['scale']} --no-input` took "
        f"{run['generation']['seconds']:.1f} s of wall time, start-up included:\n\n"
        f"> {run['generation']['summary']}",
    ]
    if "loaddemo" not in run:
        # A run of some endpoints only (--only): no start-up timings.
        return [*generation, table(["Rows of", "Count"], counts)]
    return [
        *generation,
        f"`loaddemo` into an empty database took {run['loaddemo']['seconds']:.2f} s "
        f"(in-process): {run['loaddemo']['summary']}",
        f"`make run` from a clean clone of {run['first_page']['commit']} served its first page "
        f"(the sign-in page) after {run['first_page']['clean_clone_seconds']:.1f} s, "
        "installing the virtualenv and loading the demo data on SQLite; started again in the "
        f"same clone, after {run['first_page']['again_seconds']:.1f} s.",
        table(["Rows of", "Count"], counts),
    ]


def timings(run, earlier):
    results = run["timing"]["results"]
    skipped = "".join(f"\n- {name}: {reason}" for name, reason in run["timing"]["skipped"])
    return [
        "## Pages",
        "Signed in as a board member (published editions only), through Django's test client "
        "in-process after one warm-up request: server time, no network. The priority and the "
        "metric are those with the most figures; the period is the latest published. "
        "Readers find pages cached for the data version; uncached is the cache emptied before "
        "each request, as for the first reader after a write. The targets are on the first.",
        f"Not measured:{skipped}" if skipped else "",
        timing_table(by_kind(results, "page"), earlier),
        "## API lists",
        "With a read token, the first page of 50 rows, cached for the data version as the "
        "pages are, and uncached as above. A token's own queries (read on every request, "
        "its use recorded once a minute) are not counted: they follow the clock, "
        "not the data.",
        timing_table(by_kind(results, "api"), earlier),
        "## Exports",
        "Streamed to the end. Fewer requests where they are slow (n); a request slower than "
        "the budget on its own is measured once, and a statement over 120 s is cancelled. "
        "Exports are never cached. The token's own queries are not counted, as above.",
        timing_table(by_kind(results, "export"), earlier),
    ]


def throughput_and_memory(run):
    load = run["load"]
    return [
        "## Throughput under gunicorn",
        f"gunicorn with {load['workers']} sync workers on 127.0.0.1, driven by "
        f"{load['driver']} with {load['connections']} connections for {load['seconds']} s per "
        "list, the API and then its raw-SQL baseline (`bench/baseline.py`: the same JSON from "
        "one query, no authentication); then the API again with nothing cached "
        "(`CACHE_URL=dummy://`). The target is on the API as it runs, cached.",
        load_table(load),
        "## Peak memory of the largest exports",
        "Each streamed to the end in a process of its own, after a small export: the peak "
        "resident set size before and after, and the difference, which the target is on.",
        memory_table(run["memory"]),
    ]


def render(run, earlier=None):
    """The whole results file of one scale; `earlier` is a smaller scale's run, if any."""
    missed = "\n".join(f"- {line}" for line in misses(run, earlier)) or "None."
    sections = [
        *header(run),
        *data(run),
        *timings(run, earlier),
        *(throughput_and_memory(run) if "load" in run else []),
        "## Targets missed",
        missed,
        "## Slowest queries of the endpoints that miss a time target",
        plans_section(run["timing"]["plans"]),
    ]
    return "\n\n".join(section for section in sections if section) + "\n"
