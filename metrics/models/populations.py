"""Residents of an area by year, and the forces a force is compared with.

A count is fairer compared per 1,000 residents: a force of two million people records more
of everything than one of half a million. A peer group is HMICFRS's "most similar group":
up to seven forces like the home force in size and make-up. A peer force is an Area of kind
force holding its own figures; it is never the home force's headline (see
metrics.models.figures.AreaQuerySet.peer_only).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from metrics.models.figures import Area
from priorities.locking import Versioned
from priorities.visibility import VisibleQuerySet

EARLIEST_YEAR, LATEST_YEAR = 1990, 2100
# No police force area holds more people than the largest country could.
MAX_POPULATION = 2_000_000_000
# HMICFRS's most similar groups hold the home force and seven others.
MAX_PEERS = 7


class AreaPopulation(Versioned):
    """The residents of an area in a mid-year estimate, such as Essex's 1,795,000 in 2017."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(
        help_text="The year of the mid-year (30 June) estimate.",
        validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR)],
    )
    population = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_POPULATION)]
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Such as ONS mid-year estimates, June 2018."
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year"],
                name="one_population_per_area_and_year",
                violation_error_message="This area already has a population for this year.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=EARLIEST_YEAR) & Q(year__lte=LATEST_YEAR),
                name="population_year_in_range",
                violation_error_message=f"Give a year from {EARLIEST_YEAR} to {LATEST_YEAR}.",
            ),
            models.CheckConstraint(
                condition=Q(population__gte=1) & Q(population__lte=MAX_POPULATION),
                name="population_positive",
                violation_error_message="A population is a whole number of people above 0.",
            ),
        ]
        # The unique constraint's index serves the one read: an area's years up to a date.

    def __str__(self):
        return f"{self.area}: {self.population:,} in {self.year}"


class PeerGroup(Versioned):
    """A home force and the forces most like it, against which its figures are compared."""

    name = models.CharField(max_length=200, unique=True)
    home_force = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="home_of_peer_groups",
        limit_choices_to={"kind": Area.Kind.FORCE},
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        # The home force's foreign key index serves AreaQuerySet.peer_only (a force home of
        # no group); no other query reads groups but the peer comparison's, of all of them.

    def __str__(self):
        return self.name

    def clean(self):
        if self.home_force_id and self.home_force.kind != Area.Kind.FORCE:
            raise ValidationError({"home_force": "The home force must be an area of kind force."})


class PeerGroupMember(Versioned):
    """One peer force of a group, in the order the group lists it."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="members")
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="peer_memberships",
        limit_choices_to={"kind": Area.Kind.FORCE},
    )
    order = models.PositiveSmallIntegerField(
        default=1, help_text=f"Where the group lists this force, from 1 to {MAX_PEERS}."
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["group__name", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "area"],
                name="one_membership_per_group_and_area",
                violation_error_message="This force is already a peer in this group.",
            ),
            # Seven places, each taken once: a group holds at most seven peers.
            models.UniqueConstraint(
                fields=["group", "order"],
                name="one_peer_per_place_in_group",
                violation_error_message="Another peer of this group has this place.",
            ),
            models.CheckConstraint(
                condition=Q(order__gte=1) & Q(order__lte=MAX_PEERS),
                name="peer_place_within_seven",
                violation_error_message=f"A group holds at most {MAX_PEERS} peers: "
                f"give a place from 1 to {MAX_PEERS}.",
            ),
        ]
        # The (group, area) constraint's index serves the peer comparison's read of a
        # group's members; the area's foreign key index the exclusion of peer forces from
        # every headline (AreaQuerySet.peer_only).

    def __str__(self):
        return f"{self.area} in {self.group}"

    def clean(self):
        errors = {}
        if self.area_id and self.area.kind != Area.Kind.FORCE:
            errors["area"] = f"{self.area} is not a force: a peer must be an area of kind force."
        elif self.area_id and self.group_id and self.area_id == self.group.home_force_id:
            errors["area"] = f"{self.area} is the group's home force, so it cannot be its peer."
        if errors:
            raise ValidationError(errors)
