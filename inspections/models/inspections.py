import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from essexperf.dates import moved, validate_within_range
from priorities.locking import Versioned
from priorities.visibility import VisibleQuerySet

# The PCC must publish a response to an HMICFRS report within 56 days of its publication
# (Police Act 1996, section 55).
PCC_RESPONSE_DAYS = 56

# PEEL graded on a four-point scale (with narrative-only assessments) from 2014 to 2019,
# and on a five-point scale that adds "Adequate" from the 2021 programme on.
FIVE_POINT_SCALE_FROM = 2021


class InspectionQuerySet(VisibleQuerySet):
    def known_by(self, date):
        """Results a report dated `date` could print: published by then, or, with no
        publication date (a narrative assessment), from the calendar year after the year
        it assessed."""
        return self.filter(
            Q(published_on__lte=date) | Q(published_on__isnull=True, year__lt=date.year)
        )


class Inspection(Versioned):
    """An HMICFRS PEEL result for one pillar and year, as the report's grade table prints it."""

    class Pillar(models.TextChoices):
        EFFECTIVENESS = "effectiveness", "Effectiveness"
        EFFICIENCY = "efficiency", "Efficiency"
        LEGITIMACY = "legitimacy", "Legitimacy"
        LEADERSHIP = "leadership", "Leadership"

    class Grade(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        ADEQUATE = "adequate", "Adequate"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"
        NARRATIVE = "narrative", "Narrative (no grade)"

    pillar = models.CharField(max_length=20, choices=Pillar.choices)
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2014), MaxValueValidator(2100)],
        help_text="The year assessed, as the grade table names it (Effectiveness 2016).",
    )
    published_on = models.DateField(null=True, blank=True, validators=[validate_within_range])
    grade = models.CharField(max_length=30, choices=Grade.choices)
    recommendations = models.PositiveSmallIntegerField(
        default=0, help_text="The number of recommendations, as the report gives it."
    )
    areas_for_improvement = models.PositiveSmallIntegerField(
        default=0, help_text="The number of areas for improvement, as the report gives it."
    )
    causes_of_concern = models.PositiveSmallIntegerField(default=0)
    comment = models.TextField(blank=True)
    next_inspection_due = models.DateField(
        null=True, blank=True, validators=[validate_within_range]
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "pillar"]
        constraints = [
            models.UniqueConstraint(
                fields=["pillar", "year"],
                name="one_inspection_per_pillar_and_year",
                violation_error_message="There is already a result for this pillar and year.",
            ),
            models.CheckConstraint(
                condition=~Q(grade="adequate", year__lt=FIVE_POINT_SCALE_FROM)
                & ~Q(grade="narrative", year__gte=FIVE_POINT_SCALE_FROM),
                name="inspection_grade_on_the_scale_of_its_year",
                violation_error_message="That grade is not on the scale of that year.",
            ),
        ]
        indexes = [
            # The inspections page filters the grade table by pillar and year.
            models.Index(fields=["pillar", "-year"], name="inspection_pillar_year"),
        ]

    def __str__(self):
        return f"{self.get_pillar_display()} {self.year}"

    @staticmethod
    def grades_for_year(year):
        """The grades HMICFRS awarded in the given year's programme."""
        grade = Inspection.Grade
        if year >= FIVE_POINT_SCALE_FROM:
            return [
                grade.OUTSTANDING,
                grade.GOOD,
                grade.ADEQUATE,
                grade.REQUIRES_IMPROVEMENT,
                grade.INADEQUATE,
            ]
        return [
            grade.OUTSTANDING,
            grade.GOOD,
            grade.REQUIRES_IMPROVEMENT,
            grade.INADEQUATE,
            grade.NARRATIVE,
        ]

    @property
    def pcc_response_due(self):
        if self.published_on is None:
            return None
        return moved(self.published_on, datetime.timedelta(days=PCC_RESPONSE_DAYS))

    def clean(self):
        if self.year and self.grade and self.grade not in self.grades_for_year(self.year):
            allowed = ", ".join(str(g.label) for g in self.grades_for_year(self.year))
            raise ValidationError({"grade": f"{self.year} inspections were graded {allowed}."})

    def count_mismatches(self, findings):
        """Compare the counts held with findings recorded: {kind label: (held, recorded)}.

        Empty when no findings are recorded, since the counts then stand on their own.
        """
        if not findings:
            return {}
        recorded = dict.fromkeys(Finding.Kind, 0)
        for finding in findings:
            recorded[finding.kind] += 1
        held = {
            Finding.Kind.CAUSE_OF_CONCERN: self.causes_of_concern,
            Finding.Kind.RECOMMENDATION: self.recommendations,
            Finding.Kind.AREA_FOR_IMPROVEMENT: self.areas_for_improvement,
        }
        return {
            kind.label: (held[kind], recorded[kind])
            for kind in Finding.Kind
            if held[kind] != recorded[kind]
        }


class Finding(Versioned):
    """One cause of concern, recommendation or area for improvement of an inspection."""

    class Kind(models.TextChoices):
        CAUSE_OF_CONCERN = "cause_of_concern", "Cause of concern"
        RECOMMENDATION = "recommendation", "Recommendation"
        AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        SUPERSEDED = "superseded", "Superseded"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    text = models.TextField()
    owner = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True, validators=[validate_within_range])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True, validators=[validate_within_range])
    evidence = models.TextField(blank=True, help_text="What shows the finding is dealt with.")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["inspection__year", "inspection__pillar", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | (~Q(status="open") & Q(closed_on__isnull=False)),
                name="finding_closing_date_when_not_open",
                violation_error_message="A closed or superseded finding needs its closing date, "
                "and an open one has none.",
            ),
        ]
        indexes = [
            # The findings tracker lists open findings by due date.
            models.Index(fields=["status", "due_date"], name="finding_status_due"),
        ]

    def __str__(self):
        return f"{self.inspection}: {self.get_kind_display()} - {self.text[:60]}"

    def is_overdue(self, today):
        return (
            self.status == self.Status.OPEN and self.due_date is not None and self.due_date < today
        )

    def clean(self):
        if self.status == self.Status.OPEN and self.closed_on:
            raise ValidationError({"closed_on": "An open finding has no closing date."})
        if self.status != self.Status.OPEN and not self.closed_on:
            raise ValidationError({"closed_on": "Give the date the finding was closed."})
