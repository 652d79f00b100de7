"""A real browser for page tests: Debian's chromium driven by Playwright.

Locally the tests are skipped when chromium is missing; in CI (CI=true) a missing browser is
a failure, since .ci/run installs it.
"""

import functools
import io
import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client
from playwright.sync_api import expect

from priorities import roles
from tests.conftest import role_group

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
WCAG_A_AND_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are ordinary blocking calls, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_or_skip():
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail(f"chromium is not installed at {CHROMIUM}: .ci/run must install it")
    pytest.skip(f"chromium is not installed at {CHROMIUM}")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# The apps whose rows the demo holds.
DEMO_APPS = ["priorities", "metrics", "inspections"]


@pytest.fixture(scope="session")
def demo_fixture(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo report as a fixture file: importing it takes seconds, loading it a fraction."""
    path = tmp_path_factory.mktemp("demo") / "demo.json"
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddemo", verbosity=0)
        call_command("dumpdata", *DEMO_APPS, output=str(path), verbosity=0)
        transaction.set_rollback(True)
    return path


class LoadedDemo:
    """The rows of the tables that loading the demo fixture writes, as the first load left
    them, put back after the flush that follows each browser test: a few queries, where
    loading the fixture again saves each row with its signals (over a thousand queries).

    Those tables are the demo apps', the audit trail and the data version that their saves
    write, and the content types and permissions the audit trail points to, which a flush
    makes afresh with other ids. Everything else a flush leaves empty, as before."""

    def __init__(self):
        self.tables = None
        self.copies = {}

    @staticmethod
    def models():
        for model in apps.get_models(include_auto_created=True):
            label = model._meta.app_label
            if label in [*DEMO_APPS, "audit", "pagecache", "contenttypes"] or model is Permission:
                yield model

    def load(self, fixture):
        """Load the fixture the first time; afterwards put the rows it wrote back."""
        if self.tables is None:
            call_command("loaddata", str(fixture), verbosity=0)
            self.keep()
        else:
            self.put_back()

    def keep(self):
        tables = [connection.ops.quote_name(model._meta.db_table) for model in self.models()]
        with connection.cursor() as cursor:
            for number, table in enumerate(tables):
                if connection.vendor == "postgresql":
                    # COPY's text form brings every value back exactly, JSON and arrays too.
                    rows = io.StringIO()
                    cursor.copy_expert(f"COPY {table} TO STDOUT", rows)
                    self.copies[table] = rows.getvalue()
                else:
                    # A temporary table, which the connection alone sees: the test database
                    # is in memory, its one connection shared with the live server.
                    self.copies[table] = f"temp.kept_demo_{number}"
                    cursor.execute(f"CREATE TEMP TABLE kept_demo_{number} AS SELECT * FROM {table}")
        self.tables = tables

    def put_back(self):
        with transaction.atomic(), connection.cursor() as cursor:
            # The foreign keys are checked at the end of the transaction, once all are back.
            for table in self.tables:
                cursor.execute(f"DELETE FROM {table}")
            for table in self.tables:
                if connection.vendor == "postgresql":
                    cursor.copy_expert(f"COPY {table} FROM STDIN", io.StringIO(self.copies[table]))
                else:
                    cursor.execute(f"INSERT INTO {table} SELECT * FROM {self.copies[table]}")
            # As loaddata does: the demo's tables number their next rows after its own.
            loaded = [model for model in self.models() if model._meta.app_label in DEMO_APPS]
            for sql in connection.ops.sequence_reset_sql(no_style(), loaded):
                cursor.execute(sql)
        # The flush's content types were cached with the ids it gave them.
        ContentType.objects.clear_cache()


LOADED_DEMO = LoadedDemo()


@pytest.fixture
def demo_site(live_server, demo_fixture, django_user_model):
    """The live server holding the demo report, and a board member who may sign in to it."""
    LOADED_DEMO.load(demo_fixture)
    board = django_user_model.objects.create_user(username="board", password="board-password-1")
    board.groups.add(role_group(roles.VIEWERS))
    return live_server


@pytest.fixture
def page(browser, demo_site, django_user_model):
    """A desktop page signed in as a board member; console errors and requests are collected."""
    context = signed_in_context(
        browser, demo_site.url, django_user_model.objects.get(username="board")
    )
    yield watched_page(context)
    context.close()


@pytest.fixture
def staff_page(browser, demo_site, django_user_model):
    """A desktop page signed in as office staff, who enter the data through the admin."""
    staff = django_user_model.objects.create_superuser(
        username="staff", password="staff-password-1"
    )
    context = signed_in_context(browser, demo_site.url, staff)
    yield watched_page(context)
    context.close()


def signed_in_context(browser, base_url, user):
    """A desktop browser context holding the user's session, as if they had signed in: the
    sign-in form itself is tested once, in test_sign_in."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    return context


def watched_page(context):
    """A new page that records its console errors and the URL of every request it makes."""
    page = context.new_page()
    page.console_errors = []
    page.requests = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(described(m)))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.on("request", lambda request: page.requests.append(request.url))
    return page


def described(message):
    """A console message with where it came from, which its text alone may not say."""
    where = message.location.get("url")
    return (
        f"{message.text} ({where}:{message.location.get('lineNumber')})" if where else message.text
    )


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def axe_violations(page):
    """Run axe-core in the page against WCAG 2.x A and AA; return its violations."""
    # Evaluated rather than added as a <script>: the pages' Content-Security-Policy refuses
    # inline scripts, and the test should not weaken the policy it runs under.
    if not page.evaluate("() => 'axe' in window"):
        page.evaluate(axe_source())
    # Asking for violations alone spares axe listing every passing node: much quicker on the
    # pages with many charts.
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']
        })""",
        WCAG_A_AND_AA,
    )
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


@functools.cache
def axe_source():
    return AXE.read_text()


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# A chart container that does not yet hold the SVG plotly.js draws.
UNDRAWN_CHARTS = "[data-figure]:not(:has(svg.main-svg))"


def visit(page, url, ready=None):
    """Open url afresh once it has loaded and its charts are drawn; `ready` is a selector to
    wait for on a page that draws itself from a later request."""
    page.console_errors.clear()
    page.requests.clear()
    page.goto(url)
    # Many charts take a while to draw on a busy machine.
    undrawn = page.locator(UNDRAWN_CHARTS)
    expect(undrawn, f"every chart of {url} is drawn").to_have_count(0, timeout=20_000)
    if ready:
        page.wait_for_selector(ready)


def offsite_requests(page, base_url):
    """The URLs the page asked for from anywhere but the server under test."""
    return [url for url in page.requests if not url.startswith(f"{base_url}/")]
