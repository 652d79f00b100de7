"""police.uk's archive at the force's size and at national size: generate months of Essex
street-level crime and outcomes files (about 15,000 and 12,000 rows a month) and one month
of the all-forces archive as a single street-level file (44 forces, Essex about 3% of its
rows), import them with importpoliceuk in a process of its own (time and peak memory),
import the Essex files again (which must write nothing), then time a police.uk metric's
page and its figures' API list on the figures imported. Targets: 36 months under 10 minutes,
the national month under 2 minutes, each import under 300 MB.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/policeuk_check \\
        .venv/bin/python -m bench.policeuk [--months 36] [--national-rows 520000]

The database is created if missing; its areas and LSOA lookup are made as below. Run it on a
database that holds no police.uk figures: a second run finds the first one's and writes none.
"""

import argparse
import csv
import datetime
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.databases import create, server_version
from bench.machine import describe

STREET_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]  # fmt: skip
OUTCOMES_HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Outcome type",
]  # fmt: skip
# The 14 crime types and roughly the shares of Essex's recorded crime they take.
CRIME_TYPES = {
    "Violence and sexual offences": 37, "Anti-social behaviour": 18, "Public order": 9,
    "Criminal damage and arson": 8, "Shoplifting": 6, "Other theft": 5, "Vehicle crime": 5,
    "Burglary": 3.5, "Drugs": 2.5, "Other crime": 1.5, "Possession of weapons": 1,
    "Robbery": 1, "Theft from the person": 0.8, "Bicycle theft": 0.7,
}  # fmt: skip
OUTCOME_TYPES = [
    "Investigation complete; no suspect identified", "Unable to prosecute suspect",
    "Further investigation is not in the public interest", "Local resolution",
    "Offender given a caution", "Suspect charged", "Suspect charged as part of another case",
    "Action to be taken by another organisation", "Formal action is not in the public interest",
    "Offender given penalty notice", "Offender given a drugs possession warning",
    "Defendant found not guilty", "Offender sent to prison", "Offender given community sentence",
    "Offender fined", "Offender given suspended prison sentence",
    "Offender given conditional discharge", "Court case unable to proceed",
    "Offender otherwise dealt with", "Offender ordered to pay compensation",
]  # fmt: skip
# The outcomes most often recorded come first: weights fall away down the list.
OUTCOME_WEIGHTS = [40, 25, 6, 5, 4, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5]
ESSEX = "Essex Police"
# The 43 territorial forces of England and Wales and the British Transport Police.
OTHER_FORCES = [
    "Avon and Somerset Constabulary", "Bedfordshire Police", "British Transport Police",
    "Cambridgeshire Constabulary", "Cheshire Constabulary", "City of London Police",
    "Cleveland Police", "Cumbria Constabulary", "Derbyshire Constabulary",
    "Devon & Cornwall Police", "Dorset Police", "Durham Constabulary", "Dyfed-Powys Police",
    "Gloucestershire Constabulary", "Greater Manchester Police", "Gwent Police",
    "Hampshire Constabulary", "Hertfordshire Constabulary", "Humberside Police",
    "Kent Police", "Lancashire Constabulary", "Leicestershire Police", "Lincolnshire Police",
    "Merseyside Police", "Metropolitan Police Service", "Norfolk Constabulary",
    "North Wales Police", "North Yorkshire Police", "Northamptonshire Police",
    "Northumbria Police", "Nottinghamshire Police", "South Wales Police",
    "South Yorkshire Police", "Staffordshire Police", "Suffolk Constabulary", "Surrey Police",
    "Sussex Police", "Thames Valley Police", "Warwickshire Police", "West Mercia Police",
    "West Midlands Police", "West Yorkshire Police", "Wiltshire Police",
]  # fmt: skip
LPAS = {
    "LPA North": ["Braintree", "Colchester", "Tendring", "Uttlesford"],
    "LPA South": ["Basildon", "Castle Point", "Rochford", "Southend-on-Sea"],
    "LPA West": ["Brentwood", "Chelmsford", "Epping Forest", "Harlow", "Maldon", "Thurrock"],
}
LSOAS = 1000
# The lookup's codes run from here; codes just past them are LSOAs the lookup lacks.
FIRST_LSOA = 21000
NO_LOCATION, UNKNOWN_LSOA = 0.03, 0.02
STREET_ROWS, OUTCOME_ROWS = 15_000, 12_000
LAST_MONTH = datetime.date(2026, 9, 1)
METRIC = "police-uk-burglary"
# Figures the import writes: "Wrote N figures" (or "Would write" in a dry run).
WROTE = re.compile(r"Wrote (\d+) figures")
TARGETS = {"essex_seconds": 600, "national_seconds": 120, "peak_mb": 300}


def months_before(last, count):
    """The first days of the `count` months up to `last`, oldest first."""
    index = last.year * 12 + last.month - 1
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def district_of(code):
    districts = [name for names in LPAS.values() for name in names]
    return districts[(code - FIRST_LSOA) * len(districts) // LSOAS]


def place(rng):
    """(longitude, latitude, location, LSOA code, LSOA name) of an Essex crime."""
    draw = rng.random()
    if draw < NO_LOCATION:
        return "", "", "No Location", "", ""
    if draw < NO_LOCATION + UNKNOWN_LSOA:
        code, name = FIRST_LSOA + LSOAS + rng.randrange(200), "Babergh 012C"
    else:
        code = FIRST_LSOA + rng.randrange(LSOAS)
        name = f"{district_of(code)} {code % 30:03d}{'ABCD'[code % 4]}"
    longitude, latitude = f"{rng.uniform(0.0, 1.3):.6f}", f"{rng.uniform(51.5, 52.0):.6f}"
    return longitude, latitude, f"On or near Street {rng.randrange(900)}", f"E01{code:06d}", name


def crime_id(rng):
    return f"{rng.getrandbits(256):064x}"


def street_row(rng, month, force, crime_type):
    # Anti-social behaviour has no crime ID, outcome or context on police.uk.
    asb = crime_type == "Anti-social behaviour"
    outcome = "" if asb else rng.choices(OUTCOME_TYPES, OUTCOME_WEIGHTS)[0]
    return [
        "" if asb else crime_id(rng), f"{month:%Y-%m}", force, force, *place(rng), crime_type,
        outcome, "",
    ]  # fmt: skip


def outcome_row(rng, month, outcome):
    return [crime_id(rng), f"{month:%Y-%m}", ESSEX, ESSEX, *place(rng), outcome]


def write_csv(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def essex_month(rng, folder, month):
    """A month's street-level and outcomes files of the force, as police.uk names them."""
    types = rng.choices(list(CRIME_TYPES), list(CRIME_TYPES.values()), k=STREET_ROWS)
    outcomes = rng.choices(OUTCOME_TYPES, OUTCOME_WEIGHTS, k=OUTCOME_ROWS)
    stem = folder / f"{month:%Y-%m}" / f"{month:%Y-%m}-essex"
    street = (street_row(rng, month, ESSEX, type_) for type_ in types)
    outcome = (outcome_row(rng, month, type_) for type_ in outcomes)
    return [
        write_csv(stem.with_name(stem.name + "-street.csv"), STREET_HEADER, street),
        write_csv(stem.with_name(stem.name + "-outcomes.csv"), OUTCOMES_HEADER, outcome),
    ]


def national_month(rng, folder, month, rows):
    """One month of every force's street-level crime in one file, Essex about 3% of it and
    each other force an equal share of the rest, in force order as the archive lists them."""
    forces = sorted([ESSEX] * 13 + OTHER_FORCES * 10)
    per_force = rows // len(forces)
    types = list(CRIME_TYPES)
    weights = list(CRIME_TYPES.values())

    def generated():
        for force in forces:
            for type_ in rng.choices(types, weights, k=per_force):
                yield street_row(rng, month, force, type_)

    path = folder / "national" / f"{month:%Y-%m}-all-forces-street.csv"
    return write_csv(path, STREET_HEADER, generated()), per_force * len(forces)


def rows_in(paths):
    return sum(sum(1 for _ in path.open()) - 1 for path in paths)


def megabytes(paths):
    return round(sum(path.stat().st_size for path in paths) / 1e6, 1)


def timed_import(paths, environment):
    """(seconds, peak MB, summary line) of importpoliceuk over `paths` in a process of its
    own. Its own rusage (wait4), not RUSAGE_CHILDREN: that keeps the largest peak of every
    child so far, so a later import would report an earlier one's peak."""
    command = [sys.executable, "manage.py", "importpoliceuk", *map(str, paths)]
    command += ["--no-input", "-v", "0"]
    with tempfile.TemporaryFile("w+") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=environment, stdout=output, stderr=output)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().strip()
    if process.returncode:
        raise RuntimeError(f"importpoliceuk failed ({process.returncode}):\n{text}")
    # Linux reports kilobytes.
    return round(seconds, 1), round(usage.ru_maxrss / 1024, 1), text.splitlines()[-1]


def written(summary):
    match = WROTE.search(summary)
    return int(match[1]) if match else None


def make_areas():
    """The force, its LPAs and districts, and the LSOA lookup spread over the districts."""
    from metrics.models import Area, LsoaArea

    force, _ = Area.objects.get_or_create(slug="essex", defaults={"name": "Essex", "kind": "force"})
    districts = {}
    for lpa_name, names in LPAS.items():
        lpa = area(lpa_name, Area.Kind.LPA, force)
        districts.update({name: area(name, Area.Kind.DISTRICT, lpa) for name in names})
    codes = range(FIRST_LSOA, FIRST_LSOA + LSOAS)
    lookup = [
        LsoaArea(lsoa_code=f"E01{code:06d}", area=districts[district_of(code)]) for code in codes
    ]
    LsoaArea.objects.bulk_create(lookup, ignore_conflicts=True)
    return len(districts), LsoaArea.objects.count()


def area(name, kind, parent):
    from django.utils.text import slugify

    from metrics.models import Area

    values = {"name": name, "kind": kind, "parent": parent}
    return Area.objects.get_or_create(slug=slugify(name), defaults=values)[0]


def timed_pages(requests, budget):
    """The metric page and its API list, timed as bench.timing times every page: cached
    (after a warm-up) and uncached, median and 95th percentile, queries per request."""
    from bench.endpoints import Endpoint
    from bench.timing import clients, limit_statements, measure, measure_uncached

    limit_statements()
    browser, api_client = clients()
    endpoints = [
        (browser, Endpoint("page", "metric page", f"/metrics/{METRIC}/")),
        (
            api_client,
            Endpoint("api", "observations list", f"/api/v1/observations/?metric={METRIC}"),
        ),
    ]
    results = []
    for client, endpoint in endpoints:
        result = measure(client, endpoint, requests, budget)
        result["uncached"] = measure_uncached(client, endpoint, requests, budget)
        result.pop("slowest_query")
        results.append(result)
    return results


def figures_held():
    from django.db.models import Count

    from metrics.models import Observation

    held = Observation.objects.filter(metric__slug__startswith="police-uk-")
    by_kind = held.values("area__kind").annotate(n=Count("pk")).order_by("area__kind")
    return {row["area__kind"]: row["n"] for row in by_kind}


def generate(folder, months, national_rows):
    rng = random.Random(44)
    start = time.perf_counter()
    essex = [path for month in months for path in essex_month(rng, folder, month)]
    # The national month is the one after the force's: its figures are new.
    following = (months[-1] + datetime.timedelta(days=31)).replace(day=1)
    national, rows = national_month(rng, folder, following, national_rows)
    return essex, national, rows, round(time.perf_counter() - start, 1)


def imports(folder, options, environment):
    """Import the force's files, then again, then the national month; what each took."""
    months = months_before(LAST_MONTH, options.months)
    essex, national, national_rows, generated = generate(folder, months, options.national_rows)
    first, again, whole = (timed_import(paths, environment) for paths in (essex, essex, [national]))
    return {
        "months": options.months,
        "first_month": f"{months[0]:%Y-%m}",
        "last_month": f"{months[-1]:%Y-%m}",
        "generated_seconds": generated,
        "essex": files_result(essex, rows_in(essex), first),
        "again": run_result(again),
        "national": files_result([national], national_rows, whole),
    }


def files_result(paths, rows, measured):
    return {
        "files": len(paths),
        "rows": rows,
        "megabytes": megabytes(paths),
        **run_result(measured),
    }


def run_result(measured):
    seconds, peak_mb, summary = measured
    return {"seconds": seconds, "peak_mb": peak_mb, "written": written(summary), "summary": summary}


def settings_for(url):
    """The environment of the imports and of the pages timed here: the database named, and
    the cache in Redis (its database 9, kept for this benchmark) where no CACHE_URL is set,
    as in production, so that the pages' cached and uncached times are production's."""
    os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/9")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "essexperf.settings"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=36, help="Months of Essex files.")
    parser.add_argument("--national-rows", type=int, default=520_000)
    parser.add_argument("--requests", type=int, default=15, help="Timed requests per page.")
    options = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    create(url, fresh=False)
    environment = settings_for(url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], env=environment, check=True)
    import django

    django.setup()
    districts, lsoas = make_areas()
    # The machine may be shared: its load beside the times says how far to trust them.
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        results = imports(Path(folder), options, environment)
    results |= {
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "machine": describe(server_version(url)),
        "districts": districts,
        "lsoas": lsoas,
        "figures": figures_held(),
        "pages": timed_pages(options.requests, budget=10),
    }
    write(results)


def write(results):
    folder = Path(__file__).parent / "results"
    name = f"{datetime.date.today():%Y-%m-%d}-policeuk"
    (folder / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = report(results)
    (folder / f"{name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def report(results):
    essex, again, national = results["essex"], results["again"], results["national"]
    months = f"{results['months']} months ({results['first_month']} to {results['last_month']})"
    return [
        "# police.uk archive import",
        "",
        "Machine: " + ", ".join(f"{key} {value}" for key, value in results["machine"].items()),
        "",
        f"Areas: the force, 3 LPAs, {results['districts']} districts; "
        f"{results['lsoas']:,} LSOAs in the lookup.",
        "",
        "| Measure | Result | Target |",
        "|---|---|---|",
        f"| Essex, {months}: {essex['files']} files, {essex['rows']:,} rows, "
        f"{essex['megabytes']} MB | {essex['seconds']} s, {essex['written']:,} figures "
        f"| under {TARGETS['essex_seconds']} s |",
        f"| Its peak memory | {essex['peak_mb']} MB | under {TARGETS['peak_mb']} MB |",
        f"| The same files again | {again['seconds']} s, {again['written']} figures, "
        f"peak {again['peak_mb']} MB | 0 figures |",
        f"| National month: 1 file, {national['rows']:,} rows of 44 forces, "
        f"{national['megabytes']} MB | {national['seconds']} s, {national['written']:,} figures "
        f"| under {TARGETS['national_seconds']} s |",
        f"| Its peak memory | {national['peak_mb']} MB | under {TARGETS['peak_mb']} MB |",
        "",
        "Load average (1 minute) before the imports and after them: "
        f"{results['load_average'][0]} and {results['load_average'][1]}.",
        "",
        "Each import is `manage.py importpoliceuk PATH... --no-input -v 0` in a process of its "
        "own; its peak memory is that process's maximum resident set size, Django's start "
        "included.",
        "",
        f"Generating the files took {results['generated_seconds']} s. Police.uk figures held "
        "by area kind: " + ", ".join(f"{k} {v:,}" for k, v in results["figures"].items()) + ".",
        "",
        *page_table(results["pages"]),
        "",
        f"First import: {essex['summary']}",
        "",
        f"Again: {again['summary']}",
        "",
        f"National: {national['summary']}",
    ]


def page_table(pages):
    lines = [
        "| Page or list | Queries, median / p95 | Uncached: queries, median / p95 | Size |",
        "|---|---|---|---|",
    ]
    for page in pages:
        cold = page["uncached"]
        lines.append(
            f"| `{page['url']}` | {page['queries']}, {page['median_ms']:.0f} / "
            f"{page['p95_ms']:.0f} ms | {cold['queries']}, {cold['median_ms']:.0f} / "
            f"{cold['p95_ms']:.0f} ms | {page['bytes'] / 1024:.0f} KB |"
        )
    return lines


if __name__ == "__main__":
    main()
