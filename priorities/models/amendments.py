from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from priorities.models.editions import ReportingPeriod
from priorities.visibility import PeriodBoundQuerySet


class Amendment(models.Model):
    """A correction to a row of a published period: its values before and after, who made
    it, when and why. Made by priorities.amendments.amend only, and never changed.

    The row is held by a generic relation: eight kinds of row (updates, footnotes,
    assessments, figures and the KSI tables, in two apps) may be amended, and a foreign key
    per kind would be eight nullable columns and a cycle between the apps' migrations. A
    frozen row cannot be deleted, so the reference does not dangle.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    amended = GenericForeignKey("content_type", "object_id")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="amendments")
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="amendments"
    )
    amended_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(help_text="Why the published figure or text was corrected.")
    # {field name: value as text}, as the admin's history writes values.
    before = models.JSONField(help_text="The values as published.")
    after = models.JSONField(help_text="The values as corrected.")

    objects = PeriodBoundQuerySet.as_manager()

    class Meta:
        ordering = ["-amended_at", "-id"]
        indexes = [
            # Pages ask for the amendments of the rows they show.
            models.Index(fields=["content_type", "object_id"], name="amendment_of_row"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="amendment_has_reason",
                violation_error_message="Give the reason for the amendment.",
            ),
        ]

    def __str__(self):
        return f"{self.content_type.name} {self.object_id} amended {self.amended_at:%d %b %Y}"
