"""A user's whole job played in the browser, step by step: each step is named, must end with
no console error and no server error, and leaves a screenshot behind it. Each journey's
steps and time are written to screenshots/journeys.txt, which the README's figures quote;
nothing here asserts a time."""

import time
from contextlib import contextmanager

from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, screenshot, watched_page


class Journey:
    """One person's journey through the site in a browser context of their own."""

    def __init__(self, context, name):
        self.name = name
        self.page = watched_page(context)
        self.page.server_errors = []
        self.page.on(
            "response",
            lambda r: r.status >= 500 and self.page.server_errors.append(f"{r.status} {r.url}"),
        )
        self.steps = []
        self.started = time.monotonic()

    @contextmanager
    def step(self, what, photographed=True):
        """A step of the job, as the user would name it; a system's steps, which show no
        page, are not photographed."""
        self.steps.append(what)
        yield self.page
        assert self.page.server_errors == [], what
        assert self.page.console_errors == [], what
        if photographed:
            screenshot(self.page, f"journey-{self.name}-{len(self.steps):02d}")

    def finish(self):
        """Record how many steps the job took and how long, with the steps' names."""
        seconds = time.monotonic() - self.started
        SCREENSHOTS.mkdir(exist_ok=True)
        with (SCREENSHOTS / "journeys.txt").open("a") as record:
            record.write(f"{self.name}: {len(self.steps)} steps in {seconds:.1f} s\n")
            record.writelines(f"  {n}. {what}\n" for n, what in enumerate(self.steps, 1))
        self.page.context.close()


def sign_in_to_admin(page, base_url, username, password):
    """Sign in on the admin's own form, as office staff do."""
    page.goto(f"{base_url}/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_contain_text("essexperf data entry")


def message(page):
    """The admin's message after an action."""
    return page.locator(".messagelist")
