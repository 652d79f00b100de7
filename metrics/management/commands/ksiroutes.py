"""Compute a period's KSI totals and route table from the road casualty records."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from metrics.stats19.districts import label_of
from metrics.stats19.saving import changes, in_words, save
from metrics.stats19.table import TableError, area_for_totals, compute
from priorities.models import ReportingPeriod


class Command(BaseCommand):
    help = (
        "Compute a period's KSI casualties (financial year to its data-to date against a "
        "year before), its route table and its top districts from the imported road "
        "casualty records, and save them as the period's draft KSI rows. Computing again "
        "keeps an editor's changed figures beside the new computed ones, and leaves a table "
        "with rows typed in by hand as it is. A published period is never changed: what "
        "would change is reported and the command fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The period's code: 2017-18-Q2.")
        parser.add_argument("--dry-run", action="store_true", help="Report; write nothing.")

    def handle(self, *args, period, dry_run, verbosity, **options):
        found = ReportingPeriod.objects.filter(code=period).first()
        if found is None:
            raise CommandError(f"No period {period!r}.")
        table = compute(found)
        if verbosity:
            self.stderr.write("\n".join(details(table)))
        try:
            with transaction.atomic():
                planned = (
                    changes(found, table, area_for_totals()) if dry_run else save(found, table)
                )
        except TableError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(summary(found, table, planned, dry_run))


def details(table):
    lines = [f"{table.casualties} KSI casualties v {table.casualties_year_before} a year before"]
    for route in table.routes:
        groups = ", ".join(f"{group} {percent}%" for group, percent in route.groups) or "none"
        hours = "" if route.hours is None else " {:02d}00-{:02d}00".format(*route.hours)
        lines.append(
            f"{route.road}: {route.collisions:g} KSI collisions, +{route.increase}% on the "
            f"5-year average {route.average:g}; vulnerable: {groups}; peak {route.days}{hours}"
        )
    return lines


def summary(period, table, planned, dry_run):
    """The figures computed, then what was (or would be) saved, in the admin's words."""
    basis = f"{table.basis} severity"
    roads = ", ".join(route.road for route in table.routes) or "none"
    top = ", ".join(f"{label_of(code)} ({count:g})" for code, count in table.districts)
    figures = (
        f"{table.casualties} v {table.casualties_year_before} KSI casualties ({basis}), "
        f"routes {roads}; top districts {top or 'none'}."
    )
    if not planned.said:
        return f"{period.code} holds these figures already: {figures}"
    parts = planned.parts
    if not parts:
        return f"Nothing to save for {period.code}: {figures}\n{in_words(period, planned)}"
    named = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    verb = "Would save" if dry_run else "Saved"
    return f"{verb} {period.code}'s {named}: {figures}\n{in_words(period, planned)}"
