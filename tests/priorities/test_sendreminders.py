"""manage.py sendreminders: each owner is emailed what they still owe the draft period, as
the completion page's button does (tests/priorities/test_publishing.py)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests.factories import CommitmentFactory, MetricFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ReportingPeriodFactory()


def send(*args):
    out = StringIO()
    call_command("sendreminders", *args, stdout=out)
    return out.getvalue()


def test_each_owner_gets_one_email_listing_what_they_owe(draft):
    CommitmentFactory(text="Recruit Specials.", lead="Supt Lee", lead_email="lee@example.org")
    CommitmentFactory(text="Open stations.", lead="Supt Lee", lead_email="lee@example.org")
    MetricFactory(name="Cadets", owner="Performance", owner_email="perf@example.org")
    CommitmentFactory(text="Nobody's.", lead="Unknown")
    summary = send("--period", draft.code)
    # Missing: the four rows made here and the period's two roads tables, which name no owner.
    assert summary.strip().endswith(
        "Sent 2 reminders for 2017-18-Q2 (6 missing items). Not sent, as no email is held "
        "for: Unknown (1 item); no owner named (2 items)."
    )
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"lee@example.org", "perf@example.org"}
    assert "Recruit Specials." in by_address["lee@example.org"].body
    assert "Open stations." in by_address["lee@example.org"].body
    assert "Cadets: needs a figure" in by_address["perf@example.org"].body
    assert by_address["lee@example.org"].subject == "2017-18-Q2: 2 items still missing"


def test_a_dry_run_lists_the_emails_and_sends_none(draft):
    CommitmentFactory(lead_email="lee@example.org")
    output = send("--dry-run")
    assert "Would send to lee@example.org" in output
    assert "Would send 1 reminder for" in output
    assert mail.outbox == []


def test_a_published_or_unknown_period_is_refused():
    ReportingPeriodFactory(status="published", published_on=datetime.date(2017, 9, 30))
    with pytest.raises(CommandError, match="published"):
        send("--period", "2017-18-Q2")
    with pytest.raises(CommandError, match="no period"):
        send("--period", "2030-31-Q1")
    with pytest.raises(CommandError, match="Every period is published"):
        send()
