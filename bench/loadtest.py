"""A bounded load test: many people and systems at once against gunicorn on PostgreSQL.

It creates a database of its own (essexperf_loadtest) on the PostgreSQL server that
DATABASE_URL names, migrates it, loads the demo report, creates board members and API
tokens, and starts gunicorn (2 workers) on 127.0.0.1 in production mode. For a fixed time
(30 s by default) signed-in board members read pages, systems with read tokens read API
lists, and an editor's system with a write token saves observations through the API feed.
Every loop stops at the deadline or after a fixed number of requests, whichever is first.

It then checks there was no error (no 5xx, no 4xx, no refused or broken connection) and no
lost write (each acknowledged write is in the database, holding its last acknowledged value),
writes the figures to bench/results/loadtest-<date>.md, prints them, and drops the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/loadtest.py
"""

import argparse
import datetime
import http.client
import http.cookies
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import dj_database_url
import psycopg2

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
DATABASE = "essexperf_loadtest"
MAX_REQUESTS_PER_CLIENT = 20_000
PAGES = ["/", "/priorities/", "/priorities/1/", "/inspections/", "/roads/", "/search/?q=police"]
API_LISTS = ["priorities", "commitments", "updates", "observations", "metrics", "findings"]
WRITES = "/api/v1/observations/"
FORM = "application/x-www-form-urlencoded"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# Run inside Django: the people and tokens of the test, and a metric for the feed to write.
SETUP = """
import json
from django.contrib.auth.models import Group, User
from essexperf.api.models import ApiToken
from metrics.models import Observation
from priorities import roles
viewers = Group.objects.get(name=roles.VIEWERS)
people = []
for n in range({viewers}):
    user = User.objects.create_user(f"board{{n}}", password=f"board-password-{{n}}-long")
    user.groups.add(viewers)
    people.append([user.username, f"board-password-{{n}}-long"])
readers = [ApiToken.issue(f"reader {{n}}")[1] for n in range({readers})]
writer = ApiToken.issue("editor feed", can_write=True)[1]
level = Observation.objects.filter(basis="point_in_time").order_by("pk").first()
print(json.dumps({{"people": people, "readers": readers, "writer": writer,
    "metric": level.metric.slug, "area": level.area.slug}}))
"""
# Run inside Django: the value now stored for each key the feed wrote.
STORED = """
import json, sys
from metrics.models import Observation
found = {}
for key in json.loads(sys.stdin.read()):
    metric, area, day = key.split("|")
    row = Observation.objects.filter(
        metric__slug=metric, area__slug=area, start_date=day, end_date=day).first()
    found[key] = None if row is None else f"{row.value.normalize():f}"
print(json.dumps(found))
"""


class Client:
    """One keep-alive connection with its own cookies, sending what the TLS proxy would add."""

    def __init__(self, port, headers=None):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies = {}
        origin = f"https://{HOST}:{port}"
        self.headers = {"X-Forwarded-Proto": "https", "Origin": origin, **(headers or {})}

    def request(self, method, path, body=None, content_type=None):
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
            self.received = response.headers
        except (OSError, http.client.HTTPException):
            self.connection.close()  # the next request opens a new connection
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, data


class Tally:
    """Latencies and errors of each kind of request, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {}
        self.errors = {}

    def timed(self, kind, call, expected=(200,)):
        """Make the request; count it, and count it as an error unless its status is expected."""
        start = time.perf_counter()
        try:
            status, data = call()
        except (OSError, http.client.HTTPException) as error:
            status, data = type(error).__name__, b""
        elapsed = time.perf_counter() - start
        with self.lock:
            self.latencies.setdefault(kind, []).append(elapsed)
            if status not in expected:
                self.errors.setdefault(kind, []).append(status)
        return status, data


def viewer(port, credentials, deadline, tally, metric):
    """A board member: signs in, then reads the pages in turn until the deadline."""
    username, password = credentials
    client = Client(port)
    _, form = tally.timed("sign-in", partial(client.request, "GET", "/accounts/login/"))
    token = CSRF_FIELD.search(form.decode())
    body = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token and token[1]}
    )
    login = partial(client.request, "POST", "/accounts/login/", body, FORM)
    tally.timed("sign-in", login, expected=(302,))
    pages = [*PAGES, f"/metrics/{metric}/"]
    for n in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() > deadline:
            break
        tally.timed("page", partial(client.request, "GET", pages[n % len(pages)]))


def api_reader(port, secret, deadline, tally):
    """Another system: reads the API lists in turn with a read token until the deadline."""
    client = Client(port, {"Authorization": f"Token {secret}"})
    for n in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() > deadline:
            break
        path = f"/api/v1/{API_LISTS[n % len(API_LISTS)]}/?format=json"
        tally.timed("api read", partial(client.request, "GET", path))


def editor(port, setup, deadline, tally, acknowledged, keys=5):
    """The office's feed: saves a few observations over and over, each time a higher value;
    a value counts as written only once the API has answered 200 or 201."""
    client = Client(port, {"Authorization": f"Token {setup['writer']}"})
    first_day = datetime.date(2030, 1, 1)
    for n in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() > deadline:
            break
        day = (first_day + datetime.timedelta(days=n % keys)).isoformat()
        item = {"metric": setup["metric"], "area": setup["area"], "start_date": day}
        item |= {"end_date": day, "value": str(1000 + n), "basis": "point_in_time"}
        send = partial(client.request, "POST", WRITES, json.dumps([item]), "application/json")
        status, _ = tally.timed("api write", send, expected=(200, 201))
        if status in (200, 201):
            acknowledged[f"{setup['metric']}|{setup['area']}|{day}"] = str(1000 + n)


def run_clients(port, setup, seconds):
    """Run every client thread until the deadline; return the tally and the acknowledged writes."""
    tally, acknowledged = Tally(), {}
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=viewer, args=(port, person, deadline, tally, setup["metric"]))
        for person in setup["people"]
    ]
    threads += [
        threading.Thread(target=api_reader, args=(port, secret, deadline, tally))
        for secret in setup["readers"]
    ]
    threads.append(
        threading.Thread(target=editor, args=(port, setup, deadline, tally, acknowledged))
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, acknowledged


def database_urls(server_url, database=DATABASE):
    """The server's maintenance database and the test's own database on the same server."""
    config = dj_database_url.parse(server_url)
    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    server = f"postgres://{auth}@{config['HOST']}:{config['PORT'] or 5432}"
    return f"{server}/postgres", f"{server}/{database}"


def recreate(maintenance_url, database=DATABASE, drop_only=False):
    connection = psycopg2.connect(maintenance_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        if not drop_only:
            cursor.execute(f"CREATE DATABASE {database}")
    connection.close()


def production_environment(database_url, static_root):
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url,
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *arguments, stdin=None):
    command = [sys.executable, "manage.py", *arguments]
    done = subprocess.run(
        command, env=env, cwd=ROOT, input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"{' '.join(arguments[:2])} failed:\n{done.stderr}")
    return done.stdout


def prepare(env, viewers, readers):
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    manage(env, "loaddemo", "--verbosity", "0")
    return shell_json(env, SETUP.format(viewers=viewers, readers=readers))


def shell_json(env, code, stdin=None):
    """Run code in Django's shell; return the JSON it prints last (Django may print before)."""
    output = manage(env, "shell", "-c", code, stdin=stdin)
    return json.loads(output.strip().splitlines()[-1])


def start_gunicorn(env, port, workers):
    command = [sys.executable, "-m", "gunicorn", "essexperf.wsgi"]
    command += ["--bind", f"{HOST}:{port}", "--workers", str(workers), "--timeout", "60"]
    return serving(subprocess.Popen(command, env=env, cwd=ROOT), port)


def serving(server, port):
    """The started server once it answers /healthz; the run ends if it does not in a minute."""
    for _ in range(120):
        try:
            if Client(port).request("GET", "/healthz")[0] == 200:
                return server
        except OSError:
            pass  # not listening yet
        time.sleep(0.5)
    server.terminate()
    sys.exit("gunicorn did not answer within a minute")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(arguments, tally, acknowledged, stored):
    """The figures as Markdown."""
    lost = [key for key, value in acknowledged.items() if stored.get(key) != value]
    lines = [
        f"# Load test, {datetime.date.today().isoformat()}",
        "",
        f"gunicorn with {arguments.workers} workers on PostgreSQL, the demo report, "
        f"{arguments.seconds} s: {arguments.viewers} signed-in board members reading pages, "
        f"{arguments.readers} API readers (read tokens), 1 editor feed (write token).",
        "",
        "| Kind | Requests | Errors | Median (ms) | p95 (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind, latencies in sorted(tally.latencies.items()):
        errors = tally.errors.get(kind, [])
        median, p95 = statistics.median(latencies) * 1000, percentile(latencies, 0.95) * 1000
        lines.append(f"| {kind} | {len(latencies)} | {len(errors)} | {median:.0f} | {p95:.0f} |")
    total = sum(len(latencies) for latencies in tally.latencies.values())
    written = len(tally.latencies.get("api write", [])) - len(tally.errors.get("api write", []))
    statuses = sorted({str(e) for kind_errors in tally.errors.values() for e in kind_errors})
    lines += [
        "",
        f"Requests: {total}; errors: {sum(map(len, tally.errors.values()))}"
        + (f" ({', '.join(statuses)})" if statuses else ""),
        f"Writes acknowledged: {written} to {len(acknowledged)} observations; observations "
        f"found holding their last acknowledged value: {len(acknowledged) - len(lost)}; "
        f"lost: {len(lost)}",
        *(f"- lost {key}: sent {acknowledged[key]}, stored {stored.get(key)}" for key in lost),
    ]
    return "\n".join(lines) + "\n", not lost and not tally.errors


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--viewers", type=int, default=6)
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    return parser.parse_args()


def main():
    options = arguments()
    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    maintenance_url, database_url = database_urls(server_url)
    recreate(maintenance_url)
    try:
        with tempfile.TemporaryDirectory() as static_root:
            env = production_environment(database_url, static_root)
            setup = prepare(env, options.viewers, options.readers)
            server = start_gunicorn(env, options.port, options.workers)
            try:
                tally, acknowledged = run_clients(options.port, setup, options.seconds)
            finally:
                server.terminate()
                server.wait(timeout=30)
            stored = shell_json(env, STORED, stdin=json.dumps(list(acknowledged)))
    finally:
        recreate(maintenance_url, drop_only=True)
    text, passed = report(options, tally, acknowledged, stored)
    results = ROOT / "bench" / "results" / f"loadtest-{datetime.date.today().isoformat()}.md"
    results.parent.mkdir(exist_ok=True)
    results.write_text(text)
    print(text)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
