from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from priorities import periods
from priorities.text import FOOTNOTE_REFERENCE, check_update_text
from priorities.visibility import (
    FootnoteQuerySet,
    PeriodBoundQuerySet,
    ReportingPeriodQuerySet,
    VisibleQuerySet,
)


class Plan(models.Model):
    """A Police and Crime Plan: the priorities a commissioner sets for a span of years."""

    title = models.CharField(max_length=200, unique=True)
    organisation = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="plan_ends_after_it_starts",
                violation_error_message="A plan must end after it starts.",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "A plan must end after it starts."})


class Priority(models.Model):
    """One numbered priority of a plan, such as 1 - More Local, Visible and Accessible Policing."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["plan__start_date", "plan_id", "number"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="priority_number_unique_in_plan",
                violation_error_message="This plan already has a priority with this number.",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="priority_number_positive"),
        ]

    def __str__(self):
        return f"Priority {self.number} - {self.title}"


class Commitment(models.Model):
    """A "we will" commitment under a priority; retired or reworded ones keep their history."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="commitments")
    lead_in = models.CharField(
        max_length=300,
        blank=True,
        help_text='The partnership lead-in as the report prints it, e.g. "Working with partners '
        'we will:". Leave blank where the report prints none.',
    )
    text = models.TextField()
    order = models.PositiveSmallIntegerField(help_text="Position under its priority, from 1.")
    lead = models.CharField(
        max_length=200, blank=True, help_text="The lead officer or team who owns this commitment."
    )
    introduced_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day this wording took effect; blank for the plan's original wording.",
    )
    retired_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the commitment stopped being reported on; blank while it is current.",
    )
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text="The earlier wording that this commitment replaces.",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["priority__plan__start_date", "priority__number", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "order"],
                condition=Q(retired_on__isnull=True),
                name="current_commitment_order_unique",
                violation_error_message="Another current commitment of this priority has this "
                "position.",
            ),
            models.CheckConstraint(
                condition=~Q(replaces=models.F("id")), name="commitment_does_not_replace_itself"
            ),
            models.CheckConstraint(
                condition=Q(introduced_on__isnull=True)
                | Q(retired_on__isnull=True)
                | Q(retired_on__gt=models.F("introduced_on")),
                name="commitment_retired_after_introduced",
                violation_error_message="A commitment must be retired after it is introduced.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.text[:80]}"

    @property
    def reference(self) -> str:
        """The commitment's number as the plan reads it, such as 1.2."""
        return f"{self.priority.number}.{self.order}"

    def is_current_on(self, date):
        introduced = self.introduced_on is None or self.introduced_on <= date
        return introduced and (self.retired_on is None or self.retired_on > date)

    def clean(self):
        if self.replaces_id and self.replaces_id == self.pk:
            raise ValidationError({"replaces": "A commitment cannot replace itself."})
        if self.introduced_on and self.retired_on and self.retired_on <= self.introduced_on:
            raise ValidationError({"retired_on": "Retire a commitment after it is introduced."})
        if self.replaces and self.replaces.retired_on is None:
            raise ValidationError({"replaces": "Retire the earlier wording before replacing it."})


class ReportingPeriod(models.Model):
    """One quarterly report edition, on the UK financial year (2017-18-Q2 is July to September)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    code = models.CharField(max_length=10, unique=True, editable=False)
    financial_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year the financial year starts in: 2017 for 2017/18.",
    )
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    start_date = models.DateField(blank=True, help_text="Filled from the quarter when blank.")
    end_date = models.DateField(blank=True, help_text="Filled from the quarter when blank.")
    data_to = models.DateField(help_text='The "data to" cut-off date the report uses.')
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    protective_marking = models.CharField(
        max_length=200,
        blank=True,
        help_text="Printed on the report until it is published.",
    )

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-financial_year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "quarter"],
                name="one_period_per_quarter",
                violation_error_message="There is already a period for this quarter.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="period_ends_after_it_starts",
                violation_error_message="A period must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="period_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="published_period_has_publication_date",
                violation_error_message="A published period needs its publication date.",
            ),
        ]
        indexes = [
            # Dashboards pick the latest published period.
            models.Index(fields=["status", "-financial_year", "-quarter"], name="period_status"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        self.fill_dates()
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def fill_dates(self):
        if self.financial_year and self.quarter:
            start, end = periods.quarter_bounds(self.financial_year, self.quarter)
            self.start_date = self.start_date or start
            self.end_date = self.end_date or end
            self.code = periods.period_code(self.financial_year, self.quarter)

    def clean(self):
        self.fill_dates()
        errors = self._date_errors()
        if self.status == self.Status.PUBLISHED and not self.published_on:
            errors["published_on"] = "A published period needs its publication date."
        if self.data_to and self.start_date and self.data_to < self.start_date:
            errors["data_to"] = "The data cut-off cannot fall before the period starts."
        if errors:
            raise ValidationError(errors)

    def _date_errors(self):
        if not (self.start_date and self.end_date and self.financial_year and self.quarter):
            return {}
        if self.end_date <= self.start_date:
            return {"end_date": "A period must end after it starts."}
        first, last = periods.quarter_bounds(self.financial_year, self.quarter)
        outside = f"falls outside {self.code} ({first:%-d %B} to {last:%-d %B %Y}): " + (
            "clear both dates to fill them from the quarter."
        )
        if not first <= self.start_date <= last:
            return {"start_date": f"The start date {outside}"}
        if not first <= self.end_date <= last:
            return {"end_date": f"The end date {outside}"}
        return {}


class Assessment(models.Model):
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


class Update(models.Model):
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


class Footnote(models.Model):
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
