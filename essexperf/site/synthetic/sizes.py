"""How much a scale generates, and the mark generated report editions carry."""

import datetime
import math
import random
import re
from dataclasses import dataclass

from priorities.models import ReportingPeriod

# The financial year of the demo's report edition: every window of years holds it.
DEMO_YEAR = 2017
MAX_YEARS = 10
MIN_METRICS = 8
# Up to this scale every generated row passes full_clean(); above it, a sample does.
CHECK_ALL_UP_TO = 5
CHECK_ONE_IN = 250

TITLE_PREFIX = "Synthetic performance report"
SCALE_MARK = re.compile(r"\(scale (?P<scale>\d+)\)$")


@dataclass(frozen=True)
class Sizes:
    """Every size a scale decides, growing with it."""

    scale: int

    @property
    def years(self):
        """Financial years of quarterly reports: one at scale 1, ten from scale 100."""
        return min(MAX_YEARS, math.ceil(math.sqrt(self.scale)))

    @property
    def last_year(self):
        # Windows start in 2016, the demo plan's first year, once they hold two years.
        return max(DEMO_YEAR, 2015 + self.years)

    @property
    def first_year(self):
        return self.last_year - self.years + 1

    @property
    def window_start(self):
        return datetime.date(self.first_year, 4, 1)

    @property
    def window_end(self):
        return datetime.date(self.last_year + 1, 3, 31)

    @property
    def extra_areas(self):
        """Districts, then neighbourhoods, beyond the demo's seven areas."""
        return (2 * self.scale + 4) // 5

    @property
    def metrics(self):
        """Eight at least: a metric of every shape and assurance case (synthetic.shapes), and
        a count of events to compare with the peer forces (synthetic.peers)."""
        return max(MIN_METRICS, math.ceil(1.5 * self.scale))

    @property
    def priorities_per_plan(self):
        """Of the plans that follow the demo plan."""
        return 7 + self.scale // 25

    @property
    def commitments_per_priority(self):
        return 2 + self.scale // 10

    @property
    def added_commitments(self):
        """Commitments each demo priority gains when its plan is refreshed."""
        return self.scale // 10

    @property
    def most_updates(self):
        """The most updates a commitment has in a period."""
        return 3 + min(3, self.scale // 25)

    @property
    def routes_per_period(self):
        return 5 + self.scale // 10

    @property
    def most_findings(self):
        """The most findings of each inspection."""
        return 3 + self.scale // 4

    @property
    def check_every(self):
        """full_clean() runs on one row in this many of each bulk-written model."""
        return 1 if self.scale <= CHECK_ALL_UP_TO else CHECK_ONE_IN

    def random(self, *topic):
        """A random source of its own for each thing generated, so that changing how one
        thing is generated leaves the others as they were."""
        return random.Random(":".join(["essexperf", str(self.scale), *map(str, topic)]))


def period_title(scale, end_date):
    return f"{TITLE_PREFIX}, {end_date:%B %Y} (scale {scale})"


def generated_scales():
    """The scales whose data the database holds, read from the report editions' titles."""
    titles = ReportingPeriod.objects.filter(title__startswith=TITLE_PREFIX).values_list(
        "title", flat=True
    )
    return sorted({int(match["scale"]) for title in titles if (match := SCALE_MARK.search(title))})
