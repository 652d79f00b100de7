"""A published report edition is frozen: what it states can no longer be changed or deleted.

The rows a period holds (updates, footnotes, assessments, figures, KSI rows) reach it
through the `period_path` of their queryset (priorities.visibility), so the rows that are
hidden until publication are the rows frozen by it. The models check on every save and
delete (FrozenWhenPublished); the admin forms and the API check first, to say why. A
correction after publication goes through priorities.amendments.amend, the one write that
may touch a frozen row. Deletes are checked by a signal, so a queryset's delete() and a
cascade are checked too; a queryset's update() and so bulk_update() by the queryset
(priorities.visibility).

A row may also be shown by rows of other periods (a published figure's change is worked
out against the figure it is compared with, which may belong to no period or to a draft):
once one of those is published, that row is frozen too (FrozenWhenPublished.shown_by), so
what a published page shows moves only by an amendment.

Adding a row to a published period is refused by the admin and the API, not by the model:
loading a report that was published before it was entered (the demo's, say) adds rows to
an edition already published.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.signals import pre_delete

PUBLISHED = "published"
_amending = ContextVar("amending", default=False)


class Frozen(ValidationError):
    """A change to a row of a published period, outside an amendment."""


@dataclass(frozen=True)
class Freeze:
    """Why a row is frozen: the code of the published period that freezes it, and how the
    row stands to it, as words that follow "This observation" (or "This update")."""

    code: str
    how: str


@dataclass(frozen=True)
class ShownBy:
    """Rows that show another row: the path from the row shown to their period, and what the
    row is to them, in words with a published period's {code}."""

    path: str
    what: str


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
    period = period_in_memory(obj)
    return period.code if period is not None and period.status == PUBLISHED else None


def showing_codes(model, pk):
    """The codes of the published periods whose rows show the model's row `pk` (an id, or
    OuterRef("pk") in a subquery), earliest first: the first names the freeze."""
    path = model.shown_by.path
    shown = model._base_manager.filter(pk=pk, **{f"{path}__status": PUBLISHED})
    return shown.order_by(f"{path}__code").values_list(f"{path}__code", flat=True)


def shown_freeze(model, code):
    """The freeze of a row of the model shown by a row of the published period `code`."""
    return Freeze(code, "is " + model.shown_by.what.format(code=code))


def stored_shown_freeze(obj, as_read):
    """The freeze of a stored row that rows of a published period show, or None; `as_read`
    takes it from `shown_in` where the row was read with_shown_code."""
    model = type(obj)
    if model.shown_by is None or obj.pk is None or obj._state.adding:
        return None
    if as_read and hasattr(obj, "shown_in"):
        code = obj.shown_in
    else:
        code = showing_codes(model, obj.pk).first()
    return None if code is None else shown_freeze(model, code)


def freeze_of(obj, *, stored=True):
    """Why the row cannot be changed or deleted outside an amendment (a Freeze), or None.

    It belongs to a published period, as it is in memory or, with `stored`, as stored now;
    or rows of a published period show it. The admin asks without `stored`, of rows it has
    just read (with the reason, see GuardedAdminMixin), several times a page."""
    if not isinstance(obj, FrozenWhenPublished):
        return None
    code = published_code(obj) or (stored_period_code(obj) if stored else None)
    if code is not None:
        return Freeze(code, f"belongs to {code}, which is published")
    return stored_shown_freeze(obj, as_read=not stored)


def frozen_rows(queryset):
    """The rows of the queryset that freeze_of finds frozen, as stored, in one query."""
    model = queryset.model
    frozen = Q(**{f"{period_path(model)}__status": PUBLISHED})
    if model.shown_by is not None:
        frozen |= Q(**{f"{model.shown_by.path}__status": PUBLISHED})
    return queryset.filter(frozen)


def with_shown_code(queryset):
    """Annotates `shown_in`: the code of the first published period whose rows show the row
    (see shown_freeze), or None, in the same query as the rows."""
    return queryset.annotate(shown_in=Subquery(showing_codes(queryset.model, OuterRef("pk"))[:1]))


def check_not_frozen(obj, doing="changed"):
    """Raise Frozen when the object is frozen (outside an amendment), saying why."""
    if _amending.get():
        return
    freeze = freeze_of(obj)
    if freeze is not None:
        name = obj._meta.verbose_name
        raise Frozen(
            f"This {name} {freeze.how}: it cannot be {doing}. An approver can amend it, "
            "giving the reason."
        )


class FrozenWhenPublished(models.Model):
    """Rows of a report edition: saving or deleting one of a published period is refused."""

    # The rows of other periods that show this one, if any (a ShownBy): their publication
    # freezes it as well.
    shown_by = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            check_not_frozen(self)
        super().save(*args, **kwargs)


def refuse_frozen_delete(sender, instance, **kwargs):
    check_not_frozen(instance, "deleted")


def guard_deletes():
    """Checks every delete of a frozen model's row, however it comes: the row's delete(),
    a queryset's, or a cascade from a deleted commitment or period, which Django carries out
    without calling the rows' delete() but signals for each row."""
    for model in apps.get_models():
        if issubclass(model, FrozenWhenPublished):
            uid = f"freeze:{model._meta.label}"
            pre_delete.connect(refuse_frozen_delete, sender=model, dispatch_uid=uid)


def refuse_frozen_update(queryset):
    """A queryset's update() sends no signals and calls no save(): it is refused when any
    row it would change is frozen, as a save of that row would be."""
    if _amending.get():
        return
    frozen = frozen_rows(queryset).first()
    if frozen is not None:
        check_not_frozen(frozen)
