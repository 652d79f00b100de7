from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from essexperf.dates import validate_within_range
from priorities.locking import Versioned
from priorities.visibility import VisibleQuerySet


def current_in(period, prefix=""):
    """Commitments whose wording was current when `period` started, as a filter.

    `prefix` reaches the commitment from another model, such as "commitments__".
    """
    started = period.start_date
    introduced = Q(**{f"{prefix}introduced_on__isnull": True}) | Q(
        **{f"{prefix}introduced_on__lte": started}
    )
    not_retired = Q(**{f"{prefix}retired_on__isnull": True}) | Q(
        **{f"{prefix}retired_on__gt": started}
    )
    return introduced & not_retired


def plans_in_force(period, prefix=""):
    """Plans whose years cover some of `period`, as a filter (all plans without a period)."""
    if period is None:
        return Q()
    return Q(**{f"{prefix}start_date__lte": period.end_date}) & Q(
        **{f"{prefix}end_date__gte": period.start_date}
    )


class PlanQuerySet(VisibleQuerySet):
    def in_force(self, period):
        return self.filter(plans_in_force(period))


class PriorityQuerySet(VisibleQuerySet):
    def in_force(self, period):
        """The priorities of the plans in force during the period."""
        return self.filter(plans_in_force(period, "plan__"))


class CommitmentQuerySet(VisibleQuerySet):
    def current_in(self, period):
        """The commitments whose wording was current when the period started."""
        return self.filter(current_in(period))

    def in_force(self, period):
        """The commitments of the plans in force during the period."""
        return self.filter(plans_in_force(period, "priority__plan__"))


class Plan(Versioned):
    """A Police and Crime Plan: the priorities a commissioner sets for a span of years."""

    title = models.CharField(max_length=200, unique=True)
    organisation = models.CharField(max_length=200)
    start_date = models.DateField(validators=[validate_within_range])
    end_date = models.DateField(validators=[validate_within_range])

    objects = PlanQuerySet.as_manager()

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


class Priority(Versioned):
    """One numbered priority of a plan, such as 1 - More Local, Visible and Accessible Policing."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = PriorityQuerySet.as_manager()

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


class Commitment(Versioned):
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
    lead_email = models.EmailField(
        blank=True, help_text="Where reminders of a missing update for the quarter are sent."
    )
    introduced_on = models.DateField(
        null=True,
        validators=[validate_within_range],
        blank=True,
        help_text="The day this wording took effect; blank for the plan's original wording.",
    )
    retired_on = models.DateField(
        null=True,
        validators=[validate_within_range],
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

    objects = CommitmentQuerySet.as_manager()

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
