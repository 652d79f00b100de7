"""The production smoke test: the app started as the image starts it, checked over HTTP.

On a database of its own (essexperf_smoke) on the PostgreSQL server DATABASE_URL names, with
Redis as the cache (CACHE_URL), DEBUG off and the compose file's environment: `check
--deploy` must report nothing, then migrate, collectstatic, the demo report, a person in
each role, a read token and 100,000 more observations, then gunicorn exactly as the image's
command runs it (its settings from gunicorn.conf.py). Every request carries the
X-Forwarded-Proto: https the TLS proxy adds. It exits non-zero, naming each failed check.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
    CACHE_URL=redis://127.0.0.1:6379/13 .venv/bin/python .ci/smoke.py
"""

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loadtest import (  # noqa: E402 (after the path that finds it)
    CSRF_FIELD,
    FORM,
    HOST,
    Client,
    database_urls,
    manage,
    production_environment,
    recreate,
    serving,
    shell_json,
)

DATABASE = "essexperf_smoke"
PORT = 8770
EXPORT_ROWS = 100_000
PEOPLE = {"editor": "Editors", "approver": "Approvers", "board": "Viewers"}
PASSWORD = "smoke-test-password-{}"
# Run inside Django: a person in each role, a read token, and EXPORT_ROWS observations.
SETUP = """
import datetime, json
from django.contrib.auth.models import Group, User
from essexperf.api.models import ApiToken
from metrics.models import Area, Metric, Observation
people = {people}
for name, group in people.items():
    user = User.objects.create_user(
        name, password="{password}".format(name), is_staff=name != "board"
    )
    user.groups.add(Group.objects.get(name=group))
token = ApiToken.issue("smoke reader")[1]
# An area of their own, so that no row clashes with the demo's figures.
area = Area.objects.create(name="Smoke test", slug="smoke-test", kind="district")
metrics = list(Metric.objects.order_by("pk")[:4])
first = datetime.date(2000, 1, 1)
rows = [
    Observation(metric=metric, area=area, start_date=first + datetime.timedelta(days=n),
                end_date=first + datetime.timedelta(days=n), value=n, basis="point_in_time")
    for metric in metrics for n in range({rows} // len(metrics))
]
Observation.objects.bulk_create(rows, batch_size=5000)
print(json.dumps({{"token": token, "total": Observation.objects.count()}}))
"""
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000",
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "private",
}


class Checks:
    """The checks made, and the failures among them."""

    def __init__(self):
        self.failures = []

    def check(self, what, passed, detail=""):
        print(f"{'ok  ' if passed else 'FAIL'} {what}" + (f": {detail}" if detail else ""))
        if not passed:
            self.failures.append(what)


def environment(database_url, static_root):
    """The compose file's environment for the app, served on this machine's port."""
    env = production_environment(database_url, static_root)
    env |= {
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/13"),
        "TRUSTED_PROXIES": "1",
        "GUNICORN_BIND": f"{HOST}:{PORT}",
        "LOG_LEVEL": "WARNING",
    }
    return env


def prepare(env, checks):
    deploy = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    checks.check("check --deploy reports no issue", deploy.returncode == 0, deploy.stderr[-500:])
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    manage(env, "loaddemo", "--verbosity", "0")
    code = SETUP.format(people=PEOPLE, password=PASSWORD, rows=EXPORT_ROWS)
    return shell_json(env, code)


def start_gunicorn(env):
    """gunicorn as the image's command runs it: `gunicorn essexperf.wsgi` in the code's
    directory, which gives it gunicorn.conf.py."""
    command = [sys.executable, "-m", "gunicorn", "essexperf.wsgi"]
    return serving(subprocess.Popen(command, env=env, cwd=ROOT), PORT)


def signed_in(username, password):
    """A client signed in through the sign-in page; None when refused."""
    client = Client(PORT)
    form = client.request("GET", "/accounts/login/")[1].decode()
    token = CSRF_FIELD.search(form)
    body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token[1]})
    status = client.request("POST", "/accounts/login/", body, FORM)[0]
    return client if status == 302 else None, status


def check_sign_in_lockout(checks):
    """Wrong passwords are refused with the form until the fifth, which locks the username
    out from this address (429), as it stays for the next attempt."""
    statuses = [signed_in("locked-out", "not-the-password")[1] for _ in range(6)]
    expected = [200] * 4 + [429, 429]
    checks.check("sign-in locks out at the fifth failure", statuses == expected, statuses)


def check_pages(checks):
    """Each role's pages: the board's, the editor's admin, the approver's audit trail."""
    board, status = signed_in("board", PASSWORD.format("board"))
    checks.check("a board member signs in", board is not None, status)
    for path in ("/", "/priorities/1/", "/roads/", "/reports/2017-18-Q2/"):
        checks.check(f"the board member reads {path}", board.request("GET", path)[0] == 200)
    status, pdf = board.request("GET", "/reports/2017-18-Q2.pdf")
    checks.check("the board member downloads the PDF", status == 200 and pdf[:5] == b"%PDF-")
    status = board.request("GET", "/")[0]
    missing = {
        name: board.received.get(name)
        for name, part in SECURITY_HEADERS.items()
        if part not in (board.received.get(name) or "")
    }
    checks.check("a page carries the security headers", status == 200 and not missing, missing)
    editor = signed_in("editor", PASSWORD.format("editor"))[0]
    checks.check("an editor reaches the admin", editor.request("GET", "/admin/")[0] == 200)
    status = editor.request("GET", "/audit/changes/")[0]
    checks.check("an editor is refused the audit trail", status == 403, status)
    approver = signed_in("approver", PASSWORD.format("approver"))[0]
    status = approver.request("GET", "/audit/changes/")[0]
    checks.check("an approver reads the audit trail", status == 200, status)


def check_api(checks, setup):
    """A token's list, and an export of every observation that arrives whole."""
    client = Client(PORT, {"Authorization": f"Token {setup['token']}"})
    status, body = client.request("GET", "/api/v1/periods/")
    listed = json.loads(body).get("count") if status == 200 else None
    checks.check("a token reads the periods list", listed == 1, f"{status}, {listed}")
    started = time.monotonic()
    status, body = client.request("GET", "/api/v1/observations/?format=csv")
    seconds = time.monotonic() - started
    lines = body.count(b"\n")
    whole = status == 200 and lines == setup["total"] + 1 and body.endswith(b"\n")
    detail = f"{lines - 1:,} rows of {setup['total']:,}, {len(body):,} bytes in {seconds:.1f} s"
    checks.check("the observations export arrives whole", whole, detail)


def check_static(checks, static_root):
    """A stylesheet under its hashed name, compressed and cached for a year or more."""
    manifest = json.loads((Path(static_root) / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    client = Client(PORT, {"Accept-Encoding": "gzip"})
    status, body = client.request("GET", f"/static/{hashed}")
    caching = client.received.get("Cache-Control", "")
    compressed = client.received.get("Content-Encoding") == "gzip" and gzip.decompress(body)
    checks.check(
        f"static file {hashed} is served compressed and cached for long",
        status == 200 and bool(compressed) and "max-age=315360000" in caching,
        f"{status}, {client.received.get('Content-Encoding')}, {caching}",
    )


def main():
    checks = Checks()
    server_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    maintenance_url, database_url = database_urls(server_url, DATABASE)
    recreate(maintenance_url, DATABASE)
    try:
        with tempfile.TemporaryDirectory() as static_root:
            env = environment(database_url, static_root)
            setup = prepare(env, checks)
            server = start_gunicorn(env)
            try:
                checks.check("/healthz answers", Client(PORT).request("GET", "/healthz")[0] == 200)
                check_sign_in_lockout(checks)
                check_pages(checks)
                check_api(checks, setup)
                check_static(checks, static_root)
            finally:
                server.terminate()
                server.wait(timeout=60)
    finally:
        recreate(maintenance_url, DATABASE, drop_only=True)
    if checks.failures:
        sys.exit(f"The smoke test failed: {'; '.join(checks.failures)}.")
    print("The smoke test passed.")


if __name__ == "__main__":
    main()
