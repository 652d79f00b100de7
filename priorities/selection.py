"""Which reporting period a page shows: the one place that reads `?period=`.

Everyone may choose among the periods they may see. Without a choice a page shows the latest
of them: the latest published period, or for staff, who also see drafts, the latest period of
all. An unknown or hidden code falls back to it too, so that a page never tells a reader
whether a draft exists.
"""

from dataclasses import dataclass

from priorities.models import ReportingPeriod


@dataclass(frozen=True)
class PeriodSelection:
    """The period a page shows, the one before it, and every period the reader may choose."""

    period: ReportingPeriod | None
    previous: ReportingPeriod | None
    periods: list
    # A code the reader asked for that names no period they may see.
    unavailable: str = ""

    @property
    def code(self):
        """The period's code, empty without one: what pages that follow the period vary by."""
        return self.period.code if self.period is not None else ""

    @property
    def query(self):
        """The query string that keeps this choice on a link, empty for the default."""
        if self.period is None or self.period == self.periods[0]:
            return ""
        return f"?period={self.period.code}"


def choose_period(request):
    """The period `request` asks for among those its user may see, newest first."""
    periods = list(ReportingPeriod.objects.visible_to(request.user))
    code = request.GET.get("period", "").strip()
    chosen = next((period for period in periods if period.code == code), None)
    if chosen is None and periods:
        chosen = periods[0]
    previous = None
    if chosen is not None:
        later = periods.index(chosen) + 1
        previous = periods[later] if later < len(periods) else None
    unavailable = code if code and (chosen is None or chosen.code != code) else ""
    return PeriodSelection(chosen, previous, periods, unavailable)
