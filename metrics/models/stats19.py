"""Road casualty records (the Department for Transport's STATS19 open data): collisions,
their casualties and vehicles, as far as the KSI tables need them. A code the data gives as
unknown or missing (-1, 99, blank) is stored as unknown (or null), never guessed.

Versioned so that writes go through priorities.writes.write_rows (versions, audit trail,
data version); they belong to no report edition, so no freeze applies to them."""

from django.db import models
from django.db.models import Q

from priorities.locking import Versioned


def probability(field, name):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 1}),
        name=name,
        violation_error_message="A probability is between 0 and 1.",
    )


class Severity(models.TextChoices):
    FATAL = "fatal", "Fatal"
    SERIOUS = "serious", "Serious"
    SLIGHT = "slight", "Slight"
    UNKNOWN = "unknown", "Unknown"


class RoadClass(models.TextChoices):
    MOTORWAY = "M", "Motorway"
    A_MOTORWAY = "A(M)", "A(M)"
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    UNCLASSIFIED = "U", "Unclassified"
    UNKNOWN = "unknown", "Unknown"


class Collision(Versioned):
    """A reported road collision in which someone was hurt."""

    collision_index = models.CharField(max_length=20, unique=True)
    year = models.PositiveSmallIntegerField()
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    day_of_week = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="DfT's code: 1 Sunday to 7 Saturday."
    )
    police_force = models.SmallIntegerField()
    district_code = models.CharField(max_length=12, blank=True)
    district_name = models.CharField(max_length=100, blank=True)
    first_road_class = models.CharField(max_length=8, choices=RoadClass.choices)
    first_road_number = models.PositiveIntegerField(null=True, blank=True)
    second_road_class = models.CharField(max_length=8, choices=RoadClass.choices)
    second_road_number = models.PositiveIntegerField(null=True, blank=True)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    adjusted_serious = models.FloatField(
        null=True, blank=True, help_text="DfT's probability that it was serious, adjusted."
    )
    data_import = models.ForeignKey(
        "metrics.DataImport", on_delete=models.PROTECT, related_name="collisions"
    )

    class Meta:
        ordering = ["date", "collision_index"]
        constraints = [
            probability("adjusted_serious", "collision_adjusted_serious_0_to_1"),
            models.CheckConstraint(
                condition=Q(day_of_week__isnull=True) | Q(day_of_week__gte=1, day_of_week__lte=7),
                name="collision_day_of_week_1_to_7",
                violation_error_message="The DfT's days run from 1 (Sunday) to 7 (Saturday).",
            ),
        ]
        indexes = [
            # The route table reads a force's collisions between two dates.
            models.Index(fields=["police_force", "date"], name="collision_force_date"),
        ]

    def __str__(self):
        return f"Collision {self.collision_index} on {self.date}"


class Casualty(Versioned):
    """A person hurt in a collision."""

    class CasualtyClass(models.TextChoices):
        DRIVER = "driver", "Driver or rider"
        PASSENGER = "passenger", "Passenger"
        PEDESTRIAN = "pedestrian", "Pedestrian"
        UNKNOWN = "unknown", "Unknown"

    collision = models.ForeignKey(Collision, on_delete=models.CASCADE, related_name="casualties")
    vehicle_reference = models.PositiveIntegerField(null=True, blank=True)
    casualty_reference = models.PositiveIntegerField()
    casualty_class = models.CharField(max_length=12, choices=CasualtyClass.choices)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    adjusted_serious = models.FloatField(null=True, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    casualty_type = models.SmallIntegerField(
        null=True,
        blank=True,
        help_text="DfT's code: 0 pedestrian, 1 cyclist, 2-5, 23, 97 motorcycle.",
    )
    data_import = models.ForeignKey(
        "metrics.DataImport", on_delete=models.PROTECT, related_name="casualties"
    )

    class Meta:
        ordering = ["collision_id", "casualty_reference"]
        verbose_name_plural = "casualties"
        constraints = [
            models.UniqueConstraint(
                fields=["collision", "casualty_reference"], name="casualty_once_per_collision"
            ),
            probability("adjusted_serious", "casualty_adjusted_serious_0_to_1"),
        ]

    def __str__(self):
        return f"Casualty {self.casualty_reference} of {self.collision_id}"


class Vehicle(Versioned):
    """A vehicle in a collision."""

    collision = models.ForeignKey(Collision, on_delete=models.CASCADE, related_name="vehicles")
    vehicle_reference = models.PositiveIntegerField()
    vehicle_type = models.SmallIntegerField(null=True, blank=True, help_text="DfT's code.")
    data_import = models.ForeignKey(
        "metrics.DataImport", on_delete=models.PROTECT, related_name="vehicles"
    )

    class Meta:
        ordering = ["collision_id", "vehicle_reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["collision", "vehicle_reference"], name="vehicle_once_per_collision"
            ),
        ]

    def __str__(self):
        return f"Vehicle {self.vehicle_reference} of {self.collision_id}"
