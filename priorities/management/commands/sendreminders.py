"""Email each owner what their commitments and figures still lack for a period."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandError

from priorities.completion import missing_for
from priorities.models import ReportingPeriod


class Command(BaseCommand):
    help = (
        "Email the owner of every commitment without an update or assessment, and of every "
        "figure without a value, for a period that is not yet published (by default the "
        "latest). Owners are reached at the commitment's lead email and the metric's owner "
        "email; items without one are counted, not sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", metavar="CODE", help="The period, such as 2017-18-Q3.")
        parser.add_argument(
            "--dry-run", action="store_true", help="List the emails without sending them."
        )

    def handle(self, *args, period=None, dry_run=False, **options):
        period = self.period(period)
        missing = missing_for(period)
        by_email = defaultdict(list)
        for item in missing.items:
            by_email[item.email].append(item)
        unaddressed = by_email.pop("", [])
        messages = [self.message(period, email, items) for email, items in by_email.items()]
        if dry_run:
            for message in messages:
                self.stdout.write(f"Would send to {message.to[0]}: {message.subject}")
        else:
            get_connection().send_messages(messages)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {len(messages)} reminders for {period.code} ({len(missing.items)} missing "
            f"items); {len(unaddressed)} items have no owner email."
        )

    def period(self, code):
        unpublished = ReportingPeriod.objects.exclude(status=ReportingPeriod.Status.PUBLISHED)
        if code is None:
            period = unpublished.first()
            if period is None:
                raise CommandError("Every period is published: name one with --period.")
            return period
        period = ReportingPeriod.objects.filter(code=code).first()
        if period is None:
            raise CommandError(f"There is no period {code}.")
        if period.is_published:
            raise CommandError(f"{code} is published: nothing can be added to it.")
        return period

    def message(self, period, email, items):
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
        subject = f"{period.code}: {len(items)} items still missing"
        return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
