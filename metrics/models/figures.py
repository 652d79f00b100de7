from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from essexperf.dates import validate_within_range
from metrics.change import Change
from metrics.numbers import plain
from priorities.freeze import FrozenWhenPublished, ShownBy
from priorities.locking import Versioned
from priorities.visibility import PeriodBoundQuerySet, VisibleQuerySet

# A value's digits: up to 99,999,999,999,999.9999 keeps money, hours and rates exact.
VALUE_DIGITS = {"max_digits": 18, "decimal_places": 4}


class AreaQuerySet(VisibleQuerySet):
    def peer_only(self):
        """Forces held only to compare with (a peer group's members, home of no group): their
        figures are never the home force's headline, nor listed among its areas."""
        return self.filter(peer_memberships__isnull=False, home_of_peer_groups__isnull=True)


class Area(Versioned):
    """The ground a figure covers: the whole force, a Local Policing Area or a district."""

    class Kind(models.TextChoices):
        FORCE = "force", "Force-wide"
        LPA = "lpa", "Local Policing Area"
        DISTRICT = "district", "District"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "An area cannot lie within itself."})


class Metric(Versioned):
    """A figure the plan is measured by, such as the Special Constable headcount."""

    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENT = "percent", "Percent"
        PERCENT_CHANGE = "percent_change", "Percentage change"
        SECONDS = "seconds", "Seconds"
        HOURS = "hours", "Hours"
        POUNDS = "pounds", "Pounds sterling"

    class UpIs(models.TextChoices):
        GOOD = "good", "Up is good"
        BAD = "bad", "Up is bad"
        NEUTRAL = "neutral", "Neither"

    class Measure(models.TextChoices):
        LEVEL = "level", "A level at a date (such as a headcount)"
        TOTAL = "total", "A total over a period (such as hours of service)"
        AVERAGE = "average", "An average or rate over a period (such as a waiting time)"

    # Every unit's natural range; a metric may widen or narrow it (a change in percent, say).
    UNIT_RANGES = {
        Unit.COUNT: (Decimal(0), None),
        Unit.PERCENT: (Decimal(0), Decimal(100)),
        Unit.PERCENT_CHANGE: (Decimal(-100), None),
        Unit.SECONDS: (Decimal(0), None),
        Unit.HOURS: (Decimal(0), None),
        Unit.POUNDS: (Decimal(0), None),
    }

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    up_is = models.CharField(max_length=20, choices=UpIs.choices, default=UpIs.NEUTRAL)
    measure = models.CharField(max_length=20, choices=Measure.choices)
    priority = models.ForeignKey(
        "priorities.Priority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="metrics",
    )
    commitment = models.ForeignKey(
        "priorities.Commitment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="metrics",
        help_text="The commitment this figure evidences.",
    )
    owner = models.CharField(
        max_length=200, blank=True, help_text="The officer or team who supplies this figure."
    )
    owner_email = models.EmailField(
        blank=True, help_text="Where reminders of a missing figure for the quarter are sent."
    )
    minimum = models.DecimalField(
        **VALUE_DIGITS,
        null=True,
        blank=True,
        help_text="The lowest possible value, where it differs from the unit's (0).",
    )
    maximum = models.DecimalField(
        **VALUE_DIGITS,
        null=True,
        blank=True,
        help_text="The highest possible value, where it differs from the unit's "
        "(100 for a percentage, none otherwise).",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["priority__number", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(maximum__gt=F("minimum")),
                name="metric_range_not_empty",
                violation_error_message="The maximum must be above the minimum.",
            ),
        ]

    def __str__(self):
        return self.name

    def value_range(self):
        """(lowest, highest) possible value; None where unbounded."""
        unit_low, unit_high = self.UNIT_RANGES[self.unit]
        low = self.minimum if self.minimum is not None else unit_low
        high = self.maximum if self.maximum is not None else unit_high
        return low, high

    def range_error(self, value):
        """A sentence saying why the value cannot be a value of this metric, or None."""
        low, high = self.value_range()
        if low is not None and value < low:
            return f"{self.name} cannot be below {plain(low)}."
        if high is not None and value > high:
            return f"{self.name} cannot be above {plain(high)}."
        return None

    def clean(self):
        if self.commitment_id and not self.priority_id:
            self.priority = self.commitment.priority
        if self.commitment_id and self.commitment.priority_id != self.priority_id:
            raise ValidationError({"commitment": "Choose a commitment of the metric's priority."})
        low, high = self.value_range() if self.unit else (None, None)
        if low is not None and high is not None and high <= low:
            raise ValidationError({"maximum": "The maximum must be above the minimum."})


class ObservationQuerySet(PeriodBoundQuerySet):
    """A figure is seen with the period it is reported in; one reported in none by all."""

    period_path = "reported_in"
    period_optional = True

    def without_peers(self):
        """The home force's figures and its areas': no peer force's (AreaQuerySet.peer_only).
        Every page, list and check that picks an area or a latest figure reads these."""
        return self.exclude(area__in=Area.objects.peer_only().values("pk"))


class Observation(FrozenWhenPublished, Versioned):
    """One value of a metric for an area, at a date (a level) or over a period (a total)."""

    class Basis(models.TextChoices):
        POINT_IN_TIME = "point_in_time", "At a date"
        MONTH = "month", "Month"
        THREE_MONTHS = "three_months", "Three months"
        FINANCIAL_YEAR_TO_DATE = "financial_year_to_date", "Financial year to date"
        FINANCIAL_YEAR = "financial_year", "Financial year"
        CALENDAR_YEAR = "calendar_year", "Calendar year"
        ROLLING_12_MONTHS = "rolling_12_months", "Rolling 12 months"
        OTHER = "other", "Other (see caveat)"

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="observations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations")
    start_date = models.DateField(
        help_text="First day covered; the same as the end for a level.",
        validators=[validate_within_range],
    )
    end_date = models.DateField(
        help_text="Last day covered, or the date a level stands at.",
        validators=[validate_within_range],
    )
    value = models.DecimalField(**VALUE_DIGITS)
    denominator = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="The count the percentage is of, e.g. the number of calls answered.",
    )
    compared_with = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="compared_by",
        help_text="The earlier observation this one is reported against.",
    )
    reported_in = models.ForeignKey(
        "priorities.ReportingPeriod",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
        help_text="The report edition that states this figure.",
    )
    basis = models.CharField(max_length=30, choices=Basis.choices)
    source = models.CharField(max_length=200, blank=True)
    data_to = models.DateField(
        null=True,
        blank=True,
        help_text='The source\'s "data to" date.',
        validators=[validate_within_range],
    )
    caveat = models.TextField(blank=True)
    data_import = models.ForeignKey(
        "metrics.DataImport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
        help_text="The import of a published data set that wrote this figure.",
    )

    objects = ObservationQuerySet.as_manager()

    # A published figure's change is worked out against the figure it is compared with, so
    # that figure is frozen with it, whatever period (or none) it belongs to.
    shown_by = ShownBy(
        path="compared_by__reported_in",
        what="the figure a published figure of {code} is compared with",
    )

    class Meta:
        ordering = ["metric__name", "area__name", "-end_date", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "area", "start_date", "end_date"],
                name="one_observation_per_metric_area_and_period",
                violation_error_message="This metric already has a value for this area and period.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="observation_ends_on_or_after_start",
                violation_error_message="An observation cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(compared_with=F("id")), name="observation_not_compared_with_itself"
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="observation_denominator_positive",
                violation_error_message="A denominator is a whole number above 0.",
            ),
        ]
        indexes = [
            # Metric pages and "latest value" lookups read a metric's series newest first.
            models.Index(fields=["metric", "-end_date"], name="observation_metric_latest"),
            # A quarter's export lists what its report states.
            models.Index(fields=["reported_in", "metric"], name="observation_reported_in"),
        ]

    def __str__(self):
        return f"{self.metric}: {plain(self.value)} ({self.area}, {self.covers})"

    @property
    def covers(self):
        if self.start_date == self.end_date:
            return f"at {self.end_date:%d %b %Y}"
        return f"{self.start_date:%d %b %Y} to {self.end_date:%d %b %Y}"

    # What a figure's import vouches for: changed by anyone else, the figure is theirs.
    IMPORTED_FIELDS = frozenset({"value", "denominator", "source"})

    def changed_by_hand(self, fields):
        """Forget the import that wrote the figure when a person or a feed changes any of
        `fields` it vouches for, so no page names a file for a figure it does not hold."""
        if self.IMPORTED_FIELDS & set(fields):
            self.data_import = None

    def change(self):
        """The change against the observation compared with, or None without one."""
        earlier = self.compared_with
        return Change.of(self.value, None if earlier is None else earlier.value)

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "An observation cannot end before it starts."
        if self.metric_id:
            errors.update(self._metric_errors())
        if self.compared_with_id:
            errors.update(self._comparison_errors())
        if errors:
            raise ValidationError(errors)

    def _metric_errors(self):
        errors = {}
        if self.value is not None and (message := self.metric.range_error(self.value)):
            errors["value"] = message
        level = self.metric.measure == Metric.Measure.LEVEL
        if level and self.start_date and self.end_date and self.start_date != self.end_date:
            errors["start_date"] = (
                f"{self.metric.name} is a level at a date: start and end are the same day."
            )
        if self.denominator is not None and self.metric.unit != Metric.Unit.PERCENT:
            errors["denominator"] = (
                f"{self.metric.name} is not a percentage: only a percentage has a denominator."
            )
        return errors

    def _comparison_errors(self):
        other = self.compared_with
        if self.pk and other.pk == self.pk:
            return {"compared_with": "An observation cannot be compared with itself."}
        if other.metric_id != self.metric_id:
            return {"compared_with": "Compare with an observation of the same metric."}
        return {}


class Target(Versioned):
    """A value a metric should reach by a date, such as 300 Volunteer Police Cadets by 2018."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="targets")
    value = models.DecimalField(**VALUE_DIGITS)
    due_date = models.DateField(validators=[validate_within_range])
    note = models.TextField(blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["metric__name", "due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "area", "due_date"],
                name="one_target_per_metric_area_and_date",
                violation_error_message="This metric already has a target for this area and date.",
            ),
        ]

    def __str__(self):
        return f"{self.metric}: {plain(self.value)} by {self.due_date:%d %b %Y}"

    def clean(self):
        if (
            self.metric_id
            and self.value is not None
            and (message := self.metric.range_error(self.value))
        ):
            raise ValidationError({"value": message})
