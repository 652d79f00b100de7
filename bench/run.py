"""Benchmark essexperf on generated data: `python -m bench.run --scale 1 --scale 100`.

For each scale: a PostgreSQL database is made afresh (essexperf_bench_<scale> on
127.0.0.1, or the --database-url given, which is never dropped), migrated, filled by
generatedata and analysed; then every page, API list and export is timed in-process, the
main API lists are loaded under gunicorn against a raw-SQL baseline, and the largest export
is streamed in a process of its own for its peak memory. loaddemo is timed once, into a
database of its own, and `make run` from a clean clone to its first page. Results go to
bench/results/<date>-scale<N>.md (and .json).
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import databases, machine, report

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LARGEST_EXPORTS = ["/api/v1/observations/?format=csv", "/api/v1/observations/?format=xlsx"]


def environment(url):
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}


def run(url, *command, capture=False):
    """Run a command of this project against the database; its stdout if `capture`."""
    result = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=environment(url),
        check=True,
        stdout=subprocess.PIPE if capture else None,
        text=True,
    )
    return result.stdout


def run_json(url, module, *args):
    """Run a bench module that writes its results to a JSON file, and read them."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "result.json"
        run(url, "-m", module, str(path), *args)
        return json.loads(path.read_text())


def prepare(url, fresh):
    databases.create(url, fresh)
    run(url, "manage.py", "migrate", "--no-input", "--verbosity", "0")


def generate(url, scale):
    started = time.perf_counter()
    out = run(url, "manage.py", "generatedata", "--scale", str(scale), "--no-input", capture=True)
    seconds = time.perf_counter() - started
    databases.analyse(url)
    return {"seconds": seconds, "summary": out.strip().splitlines()[-1]}


def time_loaddemo():
    url = databases.default_url("loaddemo")
    prepare(url, fresh=True)
    return json.loads(run(url, "-m", "bench.demo", capture=True))


def time_first_page():
    return json.loads(run(databases.DEFAULT_SERVER, "-m", "bench.first_page", capture=True))


def measure_scale(args, scale, url, start_up):
    log(f"scale {scale}: database {databases.name_of(url)}")
    prepare(url, fresh=args.database_url is None)
    log(f"scale {scale}: generating")
    generation = generate(url, scale)
    log(f"scale {scale}: timing pages, API lists and exports")
    only = [f"--only={part}" for part in args.only or []]
    timing = run_json(
        url, "bench.timing", "--requests", str(args.requests), "--budget", str(args.budget), *only
    )
    result = {
        "scale": scale,
        "date": datetime.date.today().isoformat(),
        "database": databases.name_of(url),
        "machine": machine.describe(databases.server_version(url)),
        "generation": generation,
        **start_up,
        "timing": timing,
    }
    if args.only:
        return result
    log(f"scale {scale}: throughput under gunicorn")
    load = run_json(url, "bench.load", "--seconds", str(args.seconds))
    log(f"scale {scale}: peak memory of the largest exports")
    memory = [
        json.loads(run(url, "-m", "bench.memory", path, capture=True)) for path in LARGEST_EXPORTS
    ]
    return {**result, "load": load, "memory": memory}


def write(result, earlier, suffix=""):
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"{result['date']}-scale{result['scale']}{suffix}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=1))
    stem.with_suffix(".md").write_text(report.render(result, earlier))
    return stem.with_suffix(".md")


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def database_url(args, scale):
    if args.database_url is None:
        return databases.default_url(f"scale{scale}")
    return args.database_url.replace("{scale}", str(scale))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", required=True, help="Repeatable.")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL database to use, {scale} standing for the scale; it is not dropped, "
        "so it must hold nothing but the demo data or this scale's data.",
    )
    parser.add_argument("--requests", type=int, default=30, help="Timed requests per endpoint.")
    parser.add_argument("--budget", type=float, default=20, help="Seconds per endpoint, roughly.")
    parser.add_argument("--seconds", type=int, default=10, help="Load time per list.")
    parser.add_argument(
        "--only",
        action="append",
        help="Time only the pages and API endpoints whose URL holds this (repeatable), and "
        "skip loaddemo, make run, the load under gunicorn and the exports' memory.",
    )
    args = parser.parse_args()
    scales = sorted(set(args.scale))
    if args.database_url and len(scales) > 1 and "{scale}" not in args.database_url:
        parser.error("with several scales, --database-url needs {scale}: one database each")
    start_up = {}
    if not args.only:
        log("timing loaddemo, and make run from a clean clone")
        start_up = {"loaddemo": time_loaddemo(), "first_page": time_first_page()}
    earlier = None
    for scale in scales:
        result = measure_scale(args, scale, database_url(args, scale), start_up)
        print(f"{write(result, earlier, '-only' if args.only else '')}")
        earlier = result


if __name__ == "__main__":
    main()
