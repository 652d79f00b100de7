"""Optimistic locking: a row counts its saves, and a save made from an older count is refused.

Two people may open the same row (an update, a figure, a footnote, a KSI row, a finding, a
commitment...) at once; whoever saves second would silently overwrite the first. Every row
staff edit in the admin is Versioned: each form (and the observations API) carries the
version it started from, and the save is refused when the row has been saved since. Every
save bumps the version here: the model's save, and every bulk write (priorities.writes),
which bypasses it.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction


class StaleVersion(ValidationError):
    """The row was saved by someone else since this version was read."""

    def __init__(self, obj, stored):
        name = obj._meta.verbose_name
        super().__init__(
            f"Someone else saved this {name} while you were editing it (you started from "
            f"version {obj.version}; it is now at version {stored}). Reload it to see their "
            "changes, then make yours again.",
            code="stale",
        )


def bump_version(obj):
    obj.version = (obj.version or 0) + 1


def check_version(obj):
    """Raise StaleVersion unless the stored row is at the object's version.

    Inside a transaction the stored row is locked until it ends, so no save slips between
    this check and the write that follows it. Ordered by key alone: a Meta.ordering across a
    nullable relation would join it, and PostgreSQL cannot lock an outer join's side."""
    stored = (
        type(obj)
        ._base_manager.select_for_update()
        .filter(pk=obj.pk)
        .order_by("pk")
        .values_list("version", flat=True)
        .first()
    )
    if stored is not None and stored != obj.version:
        raise StaleVersion(obj, stored)


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        default=1, help_text="Counts the saves; a save from an older one fails."
    )

    # A save that only moves the count on changed nothing to record (essexperf.audit).
    unaudited_fields = ("version",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        if self._state.adding:
            return super().save(*args, **kwargs)
        read = self.version
        with transaction.atomic():
            check_version(self)
            bump_version(self)
            try:
                super().save(*args, **kwargs)
            except BaseException:
                # Not written: the object still holds what was read, to be saved again.
                self.version = read
                raise
        return None
