"""Reminding owners of what they still owe a period: one email to each owner's address,
listing their items (priorities.completion). `manage.py sendreminders` and the completion
page's button both send them from here. Items whose owner has no email are not sent, and
are named by owner so the office can chase them another way."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from priorities.completion import missing_for

NO_OWNER = "no owner named"


class RemindersRefused(Exception):
    """Reminders cannot be sent for this period, said for the person who asked."""


@dataclass
class Reminders:
    """The emails for a period, and the items with no address to send them to."""

    period: object
    missing_count: int
    messages: list = field(default_factory=list)
    unaddressed: dict = field(default_factory=dict)

    def summary(self, verb="Sent"):
        said = (
            f"{verb} {plural(len(self.messages), 'reminder')} for {self.period.code} "
            f"({plural(self.missing_count, 'missing item')})."
        )
        if not self.unaddressed:
            return said
        owners = "; ".join(
            f"{owner} ({plural(len(items), 'item')})" for owner, items in self.unaddressed.items()
        )
        return f"{said} Not sent, as no email is held for: {owners}."


def plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"


def reminders_for(period):
    """The reminders for a period not yet published, built but not sent."""
    if period.is_published:
        raise RemindersRefused(f"{period.code} is published: nothing can be added to it.")
    missing = missing_for(period).items
    by_email, unaddressed = defaultdict(list), defaultdict(list)
    for item in missing:
        if item.email:
            by_email[item.email].append(item)
        else:
            unaddressed[item.owner or NO_OWNER].append(item)
    messages = [message(period, email, items) for email, items in by_email.items()]
    return Reminders(period, len(missing), messages, dict(unaddressed))


def send_reminders(period):
    reminders = reminders_for(period)
    get_connection().send_messages(reminders.messages)
    return reminders


def message(period, email, items):
    lines = [f"- {item.label}: needs {item.needs}" for item in items]
    body = "\n".join(
        [
            f"Hello {items[0].owner or 'there'},",
            "",
            f"{period.title} ({period.code}) still lacks these, which you own:",
            "",
            *lines,
            "",
            "Please send them to the PCC's office, or enter them if you have access.",
        ]
    )
    subject = f"{period.code}: {plural(len(items), 'item')} still missing"
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
