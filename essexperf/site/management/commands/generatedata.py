"""Generate a synthetic dataset of a chosen scale on top of the demo data."""

import argparse
import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from essexperf.importing import ImportDataError
from essexperf.site.synthetic.generate import estimates, generate
from essexperf.site.synthetic.plans import DEMO_PLAN
from essexperf.site.synthetic.progress import Progress
from essexperf.site.synthetic.rows import GenerationError
from essexperf.site.synthetic.sizes import CHECK_ALL_UP_TO, CHECK_ONE_IN, Sizes, generated_scales
from priorities.models import Plan

# Above this scale the command asks before writing, unless told not to.
CONFIRM_ABOVE = 10


def scale_number(text):
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 1")
    return number


def name_of(label, count):
    opts = apps.get_model(label)._meta
    return opts.verbose_name if count == 1 else opts.verbose_name_plural


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic dataset on top of the demo data (loaded first when "
        "its plan is missing), for load and speed tests: the same scale always gives the same "
        "rows. Scale 1 holds a year of editions and eight metrics with three years of monthly "
        "figures, each metric's shaped for its process chart (steady, a shift, a trend, an "
        "outlier or a recalculation), and a peer group of eight forces; scale 100 holds ten "
        "years of quarterly report editions (all published but the newest), thousands of "
        "updates and about a million observations. Plans, periods, areas, metrics, "
        "inspections and KSI tables go through the demo's importers, which run full_clean() "
        "on every row; updates, footnotes, assessments, observations, findings, "
        "recalculations, populations and the peer group are written in bulk, with full_clean() on "
        f"every row up to scale {CHECK_ALL_UP_TO} and on one row in {CHECK_ONE_IN} of each "
        "model above it. A database holds one scale: running the same scale again adds "
        "nothing, and another scale is refused. Everything is one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=scale_number, default=1, help="How much to generate (default: 1)."
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"Do not ask for confirmation (asked above scale {CONFIRM_ABOVE}).",
        )

    def handle(self, *args, scale, interactive, verbosity, **options):
        started = time.perf_counter()
        sizes = Sizes(scale)
        held = generated_scales()
        if scale in held:
            self.stdout.write(f"Scale {scale} is already generated here: nothing was added.")
            return
        if held:
            raise CommandError(
                f"This database holds the scale {held[0]} data: generate scale {scale} into "
                "a database holding only the demo data."
            )
        if interactive and scale > CONFIRM_ABOVE and not self.confirmed(sizes):
            self.stdout.write("Cancelled: nothing was generated.")
            return
        outcome = self.generate(sizes, verbosity)
        self.stdout.write(self.summary(sizes, outcome, time.perf_counter() - started))

    def confirmed(self, sizes):
        rows = sum(estimates(sizes).values())
        answer = input(
            f"Scale {sizes.scale} adds about {rows:,} rows to the database. Type 'yes' to go on: "
        )
        return answer.strip().lower() == "yes"

    def generate(self, sizes, verbosity):
        progress = Progress(self.stderr if verbosity else None, estimates(sizes))
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # Foreign keys are otherwise checked at commit, and a million rows would
                    # queue millions of checks in memory until then.
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                if not Plan.objects.filter(title=DEMO_PLAN).exists():
                    call_command("loaddemo", verbosity=0, stdout=self.stderr, stderr=self.stderr)
                return generate(sizes, progress)
        except (GenerationError, ImportDataError) as error:
            raise CommandError(f"Nothing was generated: {error}") from error

    def summary(self, sizes, outcome, seconds):
        created = outcome.tally.created
        parts = [
            f"{count:,} {name_of(label, count)}"
            for label, count in sorted(created.items(), key=lambda item: -item[1])
        ]
        checker = outcome.checker
        checked = sum(checker.checked.values())
        bulk = sum(checker.seen.values())
        return (
            f"Generated scale {sizes.scale} in {seconds:.1f} s: "
            f"{outcome.tally.total_created():,} rows ({', '.join(parts)}); full_clean() on "
            f"{checked:,} of the {bulk:,} rows written in bulk and on every imported row."
        )
