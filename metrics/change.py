"""Change between two figures, computed and never typed in twice: every change shown (pages,
report, admin, API, downloads) is a Change made by Change.of."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Change:
    """How a value moved from an earlier one: difference, percentage and direction."""

    INCREASE = "increase"
    DECREASE = "decrease"
    NO_CHANGE = "no change"

    current: Decimal
    previous: Decimal

    @classmethod
    def of(cls, current, previous):
        """The change from `previous` to `current`, or None where either is unknown. Counts
        (integers) are taken as decimals, which the percentage is worked out on."""
        if current is None or previous is None:
            return None
        return cls(Decimal(current), Decimal(previous))

    @property
    def difference(self):
        return self.current - self.previous

    @property
    def percent(self):
        """Percentage change on the earlier value, to one decimal place; None from zero."""
        if self.previous == 0:
            return None
        raw = self.difference / abs(self.previous) * 100
        return raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def direction(self):
        if self.difference > 0:
            return self.INCREASE
        if self.difference < 0:
            return self.DECREASE
        return self.NO_CHANGE

    def judgement(self, up_is):
        """ "good", "bad" or "neutral": what this change means for a metric where up is up_is."""
        if self.direction == self.NO_CHANGE or up_is == "neutral":
            return "neutral"
        rising = self.direction == self.INCREASE
        return "good" if rising == (up_is == "good") else "bad"


def change_on_previous(row):
    """The change of a figure read with `previous_value`, the value of the figure it is
    compared with as the reader may see it (metrics.api.observations.with_comparison), or
    None: a figure absent, or compared with none the reader may see."""
    return None if row is None else Change.of(row.value, row.previous_value)
