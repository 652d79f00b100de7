"""Throughput of the main API lists under gunicorn, against the raw-SQL baseline served by
the same gunicorn: requests a second of each, one after the other, for a fixed time.

Run by bench.run as `python -m bench.load RESULT.json`, with DJANGO_SETTINGS_MODULE set to
bench.settings and DATABASE_URL to the benchmark database. Load comes from wrk where it is
installed, otherwise from threads of this process; either way only 127.0.0.1 is asked.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import django

# The lists the baseline answers too (see bench.baseline).
RESOURCES = ["periods", "commitments", "updates", "observations"]
WORKERS = 2
CONNECTIONS = 4
WARM_UP_REQUESTS = 10
STARTUP_SECONDS = 60


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port, **settings):
    """gunicorn serving the app, with `settings` as environment variables over ours."""
    options = ["--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "essexperf.wsgi:application", *options],
        env={**os.environ, **settings},
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            status, _ = get(port, "/bench/baseline/periods/", {})
            if status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def get(port, path, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wrk(port, path, headers, seconds):
    """Requests a second (of 2xx answers) from a wrk run."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    done = int(re.search(r"(\d+) requests in", output)[1])
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    elapsed = float(re.search(r"requests in ([\d.]+)s", output)[1])
    return (done - (int(failed[1]) if failed else 0)) / elapsed


def threads(port, path, headers, seconds):
    """Requests a second (of 200 answers) from CONNECTIONS threads asking in turn."""
    counts = []
    deadline = time.monotonic() + seconds

    def ask():
        done = 0
        while time.monotonic() < deadline:
            status, _ = get(port, path, headers)
            done += status == 200
        counts.append(done)

    started = time.monotonic()
    workers = [threading.Thread(target=ask) for _ in range(CONNECTIONS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.monotonic() - started)


def compare(port, resource, headers, seconds, drive):
    api, baseline = f"/api/v1/{resource}/", f"/bench/baseline/{resource}/"
    answers = [get(port, path, headers) for path in (api, baseline)]
    same = all(s == 200 for s, _ in answers) and json.loads(answers[0][1]) == json.loads(
        answers[1][1]
    )
    for path in (api, baseline):
        for _ in range(WARM_UP_REQUESTS):
            get(port, path, headers)
    api_rate = drive(port, api, headers, seconds)
    baseline_rate = drive(port, baseline, headers, seconds)
    return {
        "resource": resource,
        "api_rps": api_rate,
        "baseline_rps": baseline_rate,
        "ratio": api_rate / baseline_rate if baseline_rate else None,
        "same_json": same,
    }


@contextlib.contextmanager
def serving(port, **settings):
    """A context in which gunicorn answers on `port`."""
    server = start_gunicorn(port, **settings)
    try:
        yield
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()


def uncached_rate(port, resource, headers, seconds, drive):
    api = f"/api/v1/{resource}/"
    for _ in range(WARM_UP_REQUESTS):
        get(port, api, headers)
    return drive(port, api, headers, seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result", help="Where to write the results, as JSON.")
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    django.setup()
    from essexperf.api.models import ApiToken

    ApiToken.objects.filter(name="bench-load").delete()
    _, secret = ApiToken.issue("bench-load")
    headers = {"Authorization": f"Token {secret}"}
    drive = wrk if shutil.which("wrk") else threads
    port = free_port()
    with serving(port):
        results = [compare(port, r, headers, args.seconds, drive) for r in RESOURCES]
    with serving(port, CACHE_URL="dummy://"):
        for result in results:
            rate = uncached_rate(port, result["resource"], headers, args.seconds, drive)
            result["uncached_rps"] = rate
    output = {"driver": drive.__name__, "workers": WORKERS, "connections": CONNECTIONS}
    output |= {"seconds": args.seconds, "results": results}
    with open(args.result, "w") as handle:
        json.dump(output, handle, indent=1)


if __name__ == "__main__":
    main()
