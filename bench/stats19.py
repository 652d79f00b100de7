"""Road casualty records at national size: generate five years of DfT-format files (about
100,000 collisions and 130,000 casualties a year, over 45 police forces), import them with
importstats19 in a process of its own (time and peak memory), then time the KSI route table
of a period computed from them. Targets: the import under 10 minutes and 300 MB, the table
under 2 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stats19_check \\
        .venv/bin/python -m bench.stats19 [--collisions 100000] [--years 5]

The database is created if missing and must hold no road casualty records.
"""

import argparse
import csv
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.databases import create, server_version
from bench.machine import describe

COLLISION_HEADER = [
    "collision_index",
    "collision_year",
    "collision_reference",
    "police_force",
    "collision_severity",
    "date",
    "day_of_week",
    "time",
    "local_authority_district",
    "local_authority_ons_district",
    "first_road_class",
    "first_road_number",
    "second_road_class",
    "second_road_number",
    "collision_adjusted_severity_serious",
]
CASUALTY_HEADER = [
    "collision_index",
    "collision_year",
    "collision_reference",
    "vehicle_reference",
    "casualty_reference",
    "casualty_class",
    "age_of_casualty",
    "casualty_severity",
    "casualty_type",
    "casualty_adjusted_severity_serious",
]
# England and Wales' forces, by the DfT's codes: Essex (42) has about 1 in 22 collisions.
FORCES = [1, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 16, 17, 20, 21, 22, 23, 30, 31, 32, 33, 34]
FORCES += [35, 36, 37, 40, 41, 42, 43, 44, 45, 46, 47, 48, 50, 52, 53, 54, 55, 60, 61, 62, 63]
FORCES += [91, 92, 93]
ROADS = [(1, 11), (1, 25), (3, 12), (3, 127), (3, 13), (3, 120), (3, 130), (3, 1013)]
ROADS += [(4, 1414), (4, 1002), (4, 1007), (4, 1022), (5, 0), (6, 0)] * 2
DISTRICTS = [f"E070000{code}" for code in range(66, 78)]


def collision_row(rng, year, number):
    day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    severity = rng.choices([1, 2, 3], weights=[15, 220, 765])[0]
    first, second = rng.choice(ROADS), rng.choice(ROADS) if rng.random() < 0.4 else (-1, -1)
    force = rng.choice(FORCES)
    index = f"{year}{force:02d}{number:07d}"
    probability = 1 if severity < 3 else round(rng.random() * 0.3, 3)
    return index, [
        index, year, f"{force:02d}{number:07d}", force, severity, f"{day:%d/%m/%Y}",
        day.isoweekday() % 7 + 1, f"{rng.randrange(24):02d}:{rng.randrange(60):02d}", -1,
        rng.choice(DISTRICTS), *first, *second, probability,
    ]  # fmt: skip


def casualty_rows(rng, index, year, severity, count):
    for reference in range(1, count + 1):
        hurt = severity if reference == 1 else rng.choice([severity, 3])
        yield [
            index, year, index[4:], 1, reference, rng.choice([1, 2, 3]), rng.randrange(-1, 95),
            hurt, rng.choice([0, 1, 3, 9, 9, 9, 11]), 1 if hurt < 3 else 0,
        ]  # fmt: skip


def generate(folder, years, per_year, seed=19):
    """Write the files; return their paths, collisions first, and their rows."""
    rng, paths, rows = random.Random(seed), [], 0
    for year in years:
        collisions = folder / f"dft-road-casualty-statistics-collision-{year}.csv"
        casualties = folder / f"dft-road-casualty-statistics-casualty-{year}.csv"
        with collisions.open("w", newline="") as one, casualties.open("w", newline="") as other:
            write_collisions, write_casualties = csv.writer(one), csv.writer(other)
            write_collisions.writerow(COLLISION_HEADER)
            write_casualties.writerow(CASUALTY_HEADER)
            for number in range(per_year):
                index, row = collision_row(rng, year, number)
                write_collisions.writerow(row)
                # 1.3 casualties a collision, as in the national data.
                count = 1 + (rng.random() < 0.3)
                write_casualties.writerows(casualty_rows(rng, index, year, row[4], count))
                rows += 1 + count
        paths += [collisions, casualties]
    return sorted(paths, key=lambda path: "casualty" in path.name), rows


def timed_import(paths, environment):
    start = time.perf_counter()
    command = [sys.executable, "manage.py", "importstats19", *map(str, paths), "-v", "0"]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb, done.stdout.strip()


def timed_table(year):
    import django

    django.setup()
    from metrics.models import Area
    from metrics.stats19.table import compute
    from priorities.models import ReportingPeriod

    Area.objects.get_or_create(slug="essex", defaults={"name": "Essex", "kind": "force"})
    period, _ = ReportingPeriod.objects.get_or_create(
        financial_year=year,
        quarter=2,
        defaults={"data_to": datetime.date(year, 8, 31), "title": "Benchmark"},
    )
    times = []
    for _ in range(3):
        start = time.perf_counter()
        table = compute(period)
        times.append(time.perf_counter() - start)
    return statistics.median(times), [route.road for route in table.routes]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collisions", type=int, default=100_000, help="Collisions a year.")
    parser.add_argument("--years", type=int, default=5)
    options = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    create(url, fresh=False)
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "essexperf.settings"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], env=environment, check=True)
    years = range(2023 - options.years + 1, 2024)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        paths, rows = generate(Path(folder), years, options.collisions)
        generated = time.perf_counter() - start
        size = sum(path.stat().st_size for path in paths)
        seconds, peak_mb, summary = timed_import(paths, environment)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essexperf.settings")
    table_seconds, roads = timed_table(2023)
    results = {
        "machine": describe(server_version(url)),
        "files": len(paths),
        "rows": rows,
        "megabytes": round(size / 1e6, 1),
        "generated_seconds": round(generated, 1),
        "import_seconds": round(seconds, 1),
        "import_peak_mb": round(peak_mb, 1),
        "import_summary": summary,
        "table_seconds": round(table_seconds, 3),
        "routes": roads,
    }
    write(results)


def write(results):
    folder = Path(__file__).parent / "results"
    name = f"{datetime.date.today():%Y-%m-%d}-stats19"
    (folder / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        "# Road casualty records at national size",
        "",
        "Machine: " + ", ".join(f"{key} {value}" for key, value in results["machine"].items()),
        "",
        "| Measure | Result | Target |",
        "|---|---|---|",
        f"| Import of {results['files']} files, {results['rows']:,} rows, "
        f"{results['megabytes']} MB | {results['import_seconds']} s | under 600 s |",
        f"| Import's peak memory | {results['import_peak_mb']} MB | under 300 MB |",
        f"| KSI route table of 2023-24-Q2 (median of 3) | {results['table_seconds']} s "
        "| under 2 s |",
        "",
        f"importstats19: {results['import_summary']}",
        "",
        f"Routes listed: {', '.join(results['routes']) or 'none'}.",
    ]
    (folder / f"{name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
