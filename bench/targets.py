"""The targets a run is judged against, and which endpoints miss them."""

# Milliseconds: median and 95th percentile of server time.
PAGE_MEDIAN_MS = 100
PAGE_P95_MS = 250
# The quarterly report, as a page and as a PDF, is allowed more: its median.
REPORT_MEDIAN_MS = 500
REPORT_NAMES = ("reports:report", "reports:report_pdf")
# An API list serves at least this share of the raw-SQL baseline's requests a second.
THROUGHPUT_RATIO = 0.5
EXPORT_PEAK_MB = 100


def time_misses(result):
    """Why a timed endpoint misses its target, or an empty list."""
    if result["kind"] == "export" or result["status"] != 200:
        return [] if result["status"] == 200 else [f"status {result['status']}"]
    if result["name"] in REPORT_NAMES:
        if result["median_ms"] > REPORT_MEDIAN_MS:
            return [f"median {result['median_ms']:.0f} ms > {REPORT_MEDIAN_MS} ms"]
        return []
    misses = []
    if result["median_ms"] > PAGE_MEDIAN_MS:
        misses.append(f"median {result['median_ms']:.0f} ms > {PAGE_MEDIAN_MS} ms")
    if result["p95_ms"] > PAGE_P95_MS:
        misses.append(f"p95 {result['p95_ms']:.0f} ms > {PAGE_P95_MS} ms")
    return misses
