"""A published report edition is frozen: what it states can no longer be changed or deleted.

The rows a period holds (updates, footnotes, assessments, figures, KSI rows) reach it
through the `period_path` of their queryset (priorities.visibility), so the rows that are
hidden until publication are the rows frozen by it. The models check on every save and
delete (FrozenWhenPublished); the admin forms and the API check first, to say why. A
correction after publication goes through priorities.amendments.amend, the one write that
may touch a frozen row.

Adding a row to a published period is refused by the admin and the API, not by the model:
loading a report that was published before it was entered (the demo's, say) adds rows to
an edition already published.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import models

PUBLISHED = "published"
_amending = ContextVar("amending", default=False)


class Frozen(ValidationError):
    """A change to a row of a published period, outside an amendment."""


@contextmanager
def allow_amendment():
    """Lets an amendment save the rows it corrects; nothing else enters this."""
    token = _amending.set(True)
    try:
        yield
    finally:
        _amending.reset(token)


def period_path(model):
    return model._default_manager.all().period_path


def period_in_memory(obj):
    """The period the object names now, following its path's foreign keys."""
    target = obj
    for name in period_path(type(obj)).split("__"):
        if target is None or getattr(target, f"{name}_id", True) is None:
            return None
        target = getattr(target, name)
    return target


def stored_period_code(obj):
    """The code of the published period the stored row belongs to, or None."""
    if obj.pk is None or obj._state.adding:
        return None
    path = period_path(type(obj))
    stored = type(obj)._base_manager.filter(pk=obj.pk, **{f"{path}__status": PUBLISHED})
    return stored.values_list(f"{path}__code", flat=True).first()


def published_code(obj):
    """The code of the published period a row, as it is in memory, belongs to, or None."""
    if not isinstance(obj, FrozenWhenPublished):
        return None
    period = period_in_memory(obj)
    return period.code if period is not None and period.status == PUBLISHED else None


def frozen_period_code(obj):
    """The code of the published period the object belongs to, as changed or as stored."""
    return published_code(obj) or stored_period_code(obj)


def check_not_frozen(obj, doing="changed"):
    """Raise Frozen when the object belongs to a published period (outside an amendment)."""
    if _amending.get() or not isinstance(obj, FrozenWhenPublished):
        return
    code = frozen_period_code(obj)
    if code is not None:
        name = obj._meta.verbose_name
        raise Frozen(
            f"This {name} belongs to {code}, which is published: it cannot be "
            f"{doing}. An approver can amend it, giving the reason."
        )


class FrozenWhenPublished(models.Model):
    """Rows of a report edition: saving or deleting one of a published period is refused."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            check_not_frozen(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        check_not_frozen(self, "deleted")
        return super().delete(*args, **kwargs)
