from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from essexperf.dates import validate_within_range
from priorities import periods
from priorities.visibility import ReportingPeriodQuerySet


class ReportingPeriod(models.Model):
    """One quarterly report edition, on the UK financial year (2017-18-Q2 is July to September)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    code = models.CharField(max_length=10, unique=True, editable=False)
    financial_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year the financial year starts in: 2017 for 2017/18.",
    )
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    start_date = models.DateField(
        blank=True,
        help_text="Filled from the quarter when blank.",
        validators=[validate_within_range],
    )
    end_date = models.DateField(
        blank=True,
        help_text="Filled from the quarter when blank.",
        validators=[validate_within_range],
    )
    data_to = models.DateField(
        help_text='The "data to" cut-off date the report uses.', validators=[validate_within_range]
    )
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True, validators=[validate_within_range])
    publish_reason = models.TextField(
        "reason to publish with items missing",
        blank=True,
        help_text="Why it was published while items were still missing, as the approver gave it.",
    )
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
        # The roles (priorities.roles) are made of these and the models' own permissions.
        permissions = [
            ("view_published", "Can browse the pages and API of published periods"),
            ("view_draft_period", "Can see periods before they are published"),
            ("submit_period", "Can send a draft period for review"),
            ("review_period", "Can return a period in review to draft"),
            ("publish_period", "Can publish a period that is in review"),
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
