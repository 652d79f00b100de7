"""Peak memory of streaming one export to the end, in a process of its own.

Run by bench.run as `python -m bench.memory URL`, with DJANGO_SETTINGS_MODULE set to
bench.settings and DATABASE_URL to the benchmark database; prints JSON. The peak is the
process's maximum resident set size (getrusage), before the request and after it.
"""

import argparse
import json
import resource
import time

import django


def peak_mb():
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stream(client, url):
    """Stream one export to the end: what it weighed and how long it took."""
    started = time.perf_counter()
    response = client.get(url)
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    return {
        "url": url,
        "status": response.status_code,
        "bytes": size,
        "lines": lines,
        "seconds": time.perf_counter() - started,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    args = parser.parse_args()
    django.setup()
    from django.test import Client

    from essexperf.api.models import ApiToken

    ApiToken.objects.filter(name="bench-memory").delete()
    _, secret = ApiToken.issue("bench-memory")
    client = Client(HTTP_AUTHORIZATION=f"Token {secret}")
    # A small export first, so that what any first request loads counts as the start.
    client.get("/api/v1/periods/?format=csv").getvalue()
    before = peak_mb()
    result = stream(client, args.url)
    print(json.dumps(result | {"start_mb": before, "peak_mb": peak_mb()}))


if __name__ == "__main__":
    main()
