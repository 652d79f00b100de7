from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


def may_read_trail(user):
    """Whether the person reads the audit trail: approvers and administrators, whose groups
    hold this permission (migration 0002), not every member of staff."""
    return user.has_perm("audit.view_objectchange")


def unaudited_fields(model):
    """The fields a model names as bookkeeping, such as a save counter that moves on at every
    save: a change of them alone is not a change to the row."""
    return frozenset(getattr(model, "unaudited_fields", ()))


def differs(model, before, after):
    """Whether an update changed the row, beyond its bookkeeping fields."""
    if before is None or after is None:
        return before != after
    ignored = unaudited_fields(model)
    kept = [
        {name: value for name, value in values.items() if name not in ignored}
        for values in (before, after)
    ]
    return kept[0] != kept[1]


class ObjectChange(models.Model):
    """One create, change or delete of a row: who made it, when, and the row before and after."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"

    time = models.DateTimeField(default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="object_changes",
        editable=False,
    )
    # Copied, so the record still says who it was once the account is renamed or deleted;
    # also names the system (an API token) or the command that made a change without a user.
    user_name = models.CharField(max_length=150, blank=True, editable=False)
    request_id = models.UUIDField(null=True, blank=True, editable=False)
    action = models.CharField(max_length=10, choices=Action.choices, editable=False)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", editable=False
    )
    object_id = models.PositiveBigIntegerField(editable=False)
    object_repr = models.CharField(max_length=200, editable=False)
    # Field values by field name, foreign keys as ids: none before a create, none after a delete.
    before = models.JSONField(null=True, blank=True, editable=False)
    after = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [
            # An object's History page in the admin lists its changes, newest first.
            models.Index(fields=["content_type", "object_id", "-time"], name="objectchange_object"),
            # The "changes since publication" page and the changelist read the newest changes.
            models.Index(fields=["-time"], name="objectchange_time"),
            # The changelist's "other changes of this request" link filters by request id.
            models.Index(fields=["request_id"], name="objectchange_request"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def model_class(self):
        return self.content_type.model_class()

    def changed_fields(self):
        """(field name, before, after) for each field whose value the change set or altered."""
        before, after = self.before or {}, self.after or {}
        if self.action == self.Action.DELETE:
            return [(name, value, None) for name, value in before.items()]
        if self.action == self.Action.CREATE:
            return [(name, None, value) for name, value in after.items()]
        ignored = unaudited_fields(self.model_class())
        return [
            (name, before.get(name), value)
            for name, value in after.items()
            if name not in ignored and before.get(name) != value
        ]
