"""Change between two observations, computed and never typed in twice."""

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
