"""Email each owner what they still owe a period (priorities.reminders, as the completion
page's Send reminders button does)."""

from django.core.management.base import BaseCommand, CommandError

from priorities.models import ReportingPeriod
from priorities.reminders import RemindersRefused, reminders_for, send_reminders


class Command(BaseCommand):
    help = (
        "Email the owner of everything a period that is not yet published (by default the "
        "latest) still lacks: commitments without an update or assessment, figures without "
        "a value, roads (KSI) tables without rows and open inspection findings past their "
        "due date. Owners are reached at the commitment's lead email and the metric's owner "
        "email; items without one are named by owner, not sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", metavar="CODE", help="The period, such as 2017-18-Q3.")
        parser.add_argument(
            "--dry-run", action="store_true", help="List the emails without sending them."
        )

    def handle(self, *args, period=None, dry_run=False, **options):
        period = self.period(period)
        try:
            reminders = reminders_for(period) if dry_run else send_reminders(period)
        except RemindersRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        if dry_run:
            for message in reminders.messages:
                self.stdout.write(f"Would send to {message.to[0]}: {message.subject}")
        self.stdout.write(reminders.summary("Would send" if dry_run else "Sent"))

    def period(self, code):
        if code is None:
            unpublished = ReportingPeriod.objects.exclude(status=ReportingPeriod.Status.PUBLISHED)
            period = unpublished.first()
            if period is None:
                raise CommandError("Every period is published: name one with --period.")
            return period
        period = ReportingPeriod.objects.filter(code=code).first()
        if period is None:
            raise CommandError(f"There is no period {code}.")
        return period
