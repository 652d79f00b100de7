from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from priorities.freeze import FrozenWhenPublished
from priorities.locking import Versioned
from priorities.models.editions import ReportingPeriod
from priorities.models.plan import Commitment
from priorities.text import FOOTNOTE_REFERENCE, check_update_text
from priorities.visibility import FootnoteQuerySet, PeriodBoundQuerySet


class Assessment(FrozenWhenPublished, Versioned):
    """The RAG status of a commitment for a period, with the reason when it is not on track."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        SOME_CONCERNS = "some_concerns", "Some concerns"
        OFF_TRACK = "off_track", "Off track"
        NOT_ASSESSED = "not_assessed", "Not assessed"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="assessments")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="assessments"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_ASSESSED)
    reason = models.TextField(blank=True, help_text="Required unless the commitment is on track.")

    objects = PeriodBoundQuerySet.as_manager()

    class Meta:
        ordering = [
            "-period__financial_year",
            "-period__quarter",
            "commitment__priority__number",
            "commitment__order",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "period"],
                name="one_assessment_per_commitment_and_period",
                violation_error_message="This commitment already has an assessment for the period.",
            ),
            models.CheckConstraint(
                condition=Q(status="on_track") | ~Q(reason=""),
                name="assessment_reason_unless_on_track",
                violation_error_message="Give the reason unless the commitment is on track.",
            ),
        ]

    def __str__(self):
        return f"{self.commitment.reference} in {self.period.code}: {self.get_status_display()}"

    def clean(self):
        if self.status != self.Status.ON_TRACK and not self.reason.strip():
            raise ValidationError({"reason": "Give the reason unless the commitment is on track."})


class Update(FrozenWhenPublished, Versioned):
    """One progress item the report prints under a commitment for a period."""

    class Style(models.TextChoices):
        BULLET = "bullet", "Bullet point"
        PARAGRAPH = "paragraph", "Paragraph"

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="updates")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="updates")
    section = models.CharField(
        max_length=100,
        blank=True,
        help_text='Optional heading that groups items, such as "LPA North".',
    )
    order = models.PositiveSmallIntegerField(help_text="Position under the commitment, from 1.")
    style = models.CharField(max_length=20, choices=Style.choices, default=Style.BULLET)
    text = models.TextField(
        help_text="Plain text. Separate paragraphs with a blank line; start a line with "
        '"- " for a sub-bullet; write [^1] where footnote 1 is referenced.'
    )

    objects = PeriodBoundQuerySet.as_manager()

    class Meta:
        ordering = [
            "-period__financial_year",
            "-period__quarter",
            "commitment__priority__number",
            "commitment__order",
            "order",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "period", "order"],
                name="update_order_unique_in_commitment_and_period",
                violation_error_message="Another update of this commitment and period has this "
                "position.",
            ),
        ]
        indexes = [
            # The report and priority pages list a period's updates in plan order.
            models.Index(fields=["period", "commitment", "order"], name="update_period_order"),
        ]

    def __str__(self):
        return f"{self.commitment.reference} {self.period.code} #{self.order}: {self.text[:60]}"

    def clean(self):
        errors = {}
        try:
            check_update_text(self.text)
        except ValidationError as error:
            errors["text"] = error.messages
        if (
            self.commitment_id
            and self.period_id
            and not self.commitment.is_current_on(self.period.start_date)
        ):
            errors["commitment"] = (
                "This commitment's wording was not current when the period started."
            )
        if errors:
            raise ValidationError(errors)

    def footnote_numbers_referenced(self):
        return sorted({int(number) for number in FOOTNOTE_REFERENCE.findall(self.text)})


class Footnote(FrozenWhenPublished, Versioned):
    """A numbered footnote the report prints below an update, such as "Primary call handling"."""

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="footnotes")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    text = models.TextField()

    objects = FootnoteQuerySet.as_manager()

    class Meta:
        ordering = ["update_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "number"],
                name="footnote_number_unique_in_update",
                violation_error_message="This update already has a footnote with this number.",
            ),
        ]

    def __str__(self):
        return f"[{self.number}] {self.text[:60]}"
