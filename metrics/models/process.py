from django.db import models

from essexperf.dates import validate_within_range
from metrics.models.figures import Area, Metric
from priorities.locking import Versioned
from priorities.visibility import VisibleQuerySet

# The longest reason kept: a sentence or two, as the chart's table shows it.
REASON_LENGTH = 500


class Recalculation(Versioned):
    """A date from which a metric's process chart takes a new mean and new limits."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="recalculations")
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recalculations",
        help_text="Leave blank for every area.",
    )
    date = models.DateField(
        help_text="The first date of the new segment: figures ending on or after it.",
        validators=[validate_within_range],
    )
    reason = models.CharField(
        max_length=REASON_LENGTH,
        help_text="What changed in the process, such as a new way of recording crime.",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["metric__name", "date"]
        constraints = [
            # Its index also serves the process chart's lookup of a metric's recalculations
            # for an area (metrics.process): metric first, then area, then date.
            models.UniqueConstraint(
                fields=["metric", "area", "date"],
                name="one_recalculation_per_metric_area_and_date",
                violation_error_message="This metric already has a recalculation for this "
                "area and date.",
            ),
            models.UniqueConstraint(
                fields=["metric", "date"],
                condition=models.Q(area__isnull=True),
                name="one_recalculation_per_metric_and_date_for_every_area",
                violation_error_message="This metric already has a recalculation for every "
                "area on this date.",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="recalculation_has_a_reason",
                violation_error_message="Give the reason for the recalculation.",
            ),
        ]

    def __str__(self):
        where = self.area.name if self.area_id else "every area"
        return f"{self.metric}: recalculated from {self.date:%-d %b %Y} ({where})"
