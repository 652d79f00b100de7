from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from essexperf.dates import validate_within_range
from metrics.change import Change
from metrics.numbers import plain
from priorities.freeze import FrozenWhenPublished
from priorities.locking import Versioned
from priorities.visibility import PeriodBoundQuerySet


class KsiBasis(models.TextChoices):
    RAW = "raw", "Raw severity"
    ADJUSTED = "adjusted", "Adjusted severity"


class KsiTotal(FrozenWhenPublished, Versioned):
    """People killed or seriously injured on the roads in a period, against a year before."""

    period = models.ForeignKey(
        "priorities.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="ksi_totals",
        help_text="The report edition that states these totals.",
    )
    area = models.ForeignKey("metrics.Area", on_delete=models.PROTECT, related_name="ksi_totals")
    start_date = models.DateField(validators=[validate_within_range])
    end_date = models.DateField(validators=[validate_within_range])
    casualties = models.PositiveIntegerField()
    casualties_year_before = models.PositiveIntegerField(
        help_text="Casualties in the same dates a year earlier."
    )
    note = models.TextField(blank=True)
    # Computed from road casualty records (metrics.stats19): what the computation gave is
    # kept beside the figures above, so an editor's later change to them stays visible.
    computed_from = models.ForeignKey(
        "metrics.DataImport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The latest import of the records these totals were computed from.",
    )
    ksi_basis = models.CharField("KSI basis", max_length=10, choices=KsiBasis.choices, blank=True)
    computed_casualties = models.PositiveIntegerField(null=True, blank=True)
    computed_casualties_year_before = models.PositiveIntegerField(null=True, blank=True)

    objects = PeriodBoundQuerySet.as_manager()

    class Meta:
        ordering = ["-end_date", "area__name"]
        verbose_name = "KSI total"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "area"],
                name="one_ksi_total_per_period_and_area",
                violation_error_message="This period already has a KSI total for this area.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="ksi_total_ends_on_or_after_start",
                violation_error_message="The totals cannot end before they start.",
            ),
        ]

    def __str__(self):
        return (
            f"KSI {self.period.code} {self.area}: {self.casualties} v {self.casualties_year_before}"
        )

    def change(self):
        return Change.of(self.casualties, self.casualties_year_before)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The totals cannot end before they start."})


class KsiRoute(FrozenWhenPublished, Versioned):
    """A route in the report's KSI table: recent collisions against its five-year average."""

    period = models.ForeignKey(
        "priorities.ReportingPeriod", on_delete=models.PROTECT, related_name="ksi_routes"
    )
    road = models.CharField(max_length=20, help_text="The road's number, such as B1414 or M11.")
    order = models.PositiveSmallIntegerField(help_text="Row of the report's table, from 1.")
    collisions_last_3_months = models.PositiveIntegerField()
    increase_on_5_year_average = models.DecimalField(
        max_digits=7, decimal_places=1, help_text="Percent above the route's 5-year average."
    )
    # As on KsiTotal: the computed figures, kept beside any later edit.
    computed_from = models.ForeignKey(
        "metrics.DataImport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The latest import of the records this row was computed from.",
    )
    computed_collisions = models.PositiveIntegerField(null=True, blank=True)
    computed_increase = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    # The vulnerable groups and peak times as computed ({"groups": [[group, percent]],
    # "peak_times": [[days, start, end]]}), so that computing again can tell an editor's
    # change to them from a change in the records.
    computed_details = models.JSONField(null=True, blank=True)

    objects = PeriodBoundQuerySet.as_manager()

    class Meta:
        ordering = ["-period__financial_year", "-period__quarter", "order"]
        verbose_name = "KSI route"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "road"],
                name="ksi_route_once_per_period",
                violation_error_message="This road is already in the period's table.",
            ),
            models.UniqueConstraint(
                fields=["period", "order"],
                name="ksi_route_order_unique_in_period",
                violation_error_message="Another route of this period has this row.",
            ),
        ]

    def __str__(self):
        return f"{self.road} ({self.period.code})"


class KsiDistrict(FrozenWhenPublished, Versioned):
    """A district among those with the most KSI collisions in a period, computed."""

    period = models.ForeignKey(
        "priorities.ReportingPeriod", on_delete=models.PROTECT, related_name="ksi_districts"
    )
    order = models.PositiveSmallIntegerField(help_text="Place in the list, from 1: most first.")
    district_code = models.CharField(
        max_length=12, help_text="The ONS code, such as E07000066 (or the DfT's own code)."
    )
    name = models.CharField(
        max_length=100, blank=True, help_text="Blank for a code the site does not know."
    )
    collisions = models.PositiveIntegerField(
        help_text="KSI collisions from the period's start to its data-to date."
    )
    computed_collisions = models.PositiveIntegerField(null=True, blank=True)
    computed_from = models.ForeignKey(
        "metrics.DataImport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The latest import of the records this row was computed from.",
    )

    objects = PeriodBoundQuerySet.as_manager()

    class Meta:
        ordering = ["-period__financial_year", "-period__quarter", "order"]
        verbose_name = "KSI district"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "order"],
                name="ksi_district_order_unique_in_period",
                violation_error_message="Another district of this period has this place.",
            ),
            models.UniqueConstraint(
                fields=["period", "district_code"],
                name="ksi_district_once_per_period",
                violation_error_message="This district is already listed for the period.",
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.period.code})"

    @property
    def label(self):
        """The district's name, or its code where the site knows no name for it."""
        return self.name or self.district_code


class RouteDetailQuerySet(PeriodBoundQuerySet):
    """A route's groups and peak times are seen with the route."""

    period_path = "route__period"


class KsiVulnerableGroup(FrozenWhenPublished, Versioned):
    """A group of vulnerable road users and its share of a route's casualties."""

    class Group(models.TextChoices):
        PEDESTRIAN = "pedestrian", "Pedestrian"
        PEDAL_CYCLE = "pedal_cycle", "Pedal cycle"
        MOTORCYCLE = "motorcycle", "Motorcycle"
        CHILD = "child", "Child 0-17"
        OLDER = "older", "Age 65+"
        YOUNG_DRIVER = "young_driver", "Young driver 17-24"

    route = models.ForeignKey(KsiRoute, on_delete=models.CASCADE, related_name="vulnerable_groups")
    group = models.CharField(max_length=20, choices=Group.choices)
    order = models.PositiveSmallIntegerField(default=1, help_text="Position in the table cell.")
    percent = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    objects = RouteDetailQuerySet.as_manager()

    class Meta:
        ordering = ["route_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "group"],
                name="vulnerable_group_once_per_route",
                violation_error_message="This group is already listed for the route.",
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100),
                name="vulnerable_group_percent_0_to_100",
                violation_error_message="A share is between 0% and 100%.",
            ),
        ]

    def __str__(self):
        return f"{plain(self.percent)}% {self.get_group_display()}"


class KsiPeakTime(FrozenWhenPublished, Versioned):
    """When a route's collisions peak: days, and hours where the report gives them."""

    class Days(models.TextChoices):
        WEEKDAYS = "weekdays", "Weekdays"
        WEEKENDS = "weekends", "Weekends"
        MONDAY = "monday", "Monday"
        TUESDAY = "tuesday", "Tuesday"
        WEDNESDAY = "wednesday", "Wednesday"
        THURSDAY = "thursday", "Thursday"
        FRIDAY = "friday", "Friday"
        SATURDAY = "saturday", "Saturday"
        SUNDAY = "sunday", "Sunday"

    route = models.ForeignKey(KsiRoute, on_delete=models.CASCADE, related_name="peak_times")
    days = models.CharField(max_length=20, choices=Days.choices)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)

    objects = RouteDetailQuerySet.as_manager()

    class Meta:
        ordering = ["route_id", "id"]
        verbose_name = "KSI peak time"
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False),
                name="peak_time_has_both_times_or_none",
                violation_error_message="Give both the start and end times, or neither.",
            ),
        ]

    def __str__(self):
        if self.start_time is None:
            return self.get_days_display()
        return f"{self.get_days_display()} {self.start_time:%H%M} - {self.end_time:%H%M}"

    def clean(self):
        if (self.start_time is None) != (self.end_time is None):
            field = "end_time" if self.end_time is None else "start_time"
            raise ValidationError({field: "Give both the start and end times, or neither."})
