"""Correcting a published period: the one write allowed to change a frozen row, recorded.

A published report has been read and quoted, so a correction is explicit: an approver gives
the reason, the row's values before and after are kept (priorities.models.Amendment), and
the pages and report show the row as amended, with the reason.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat, JSONObject, NullIf, Trim

from essexperf.api.aggregates import JSONList
from essexperf.exports import Column
from priorities.freeze import allow_amendment, freeze_of
from priorities.models import Amendment, ReportingPeriod
from priorities.roles import AMEND

# Bookkeeping that an amendment never sets by hand.
NOT_AMENDABLE = {"id", "version"}


def amendable_fields(model):
    """The values of a row that an amendment may correct: its own text, figures and dates,
    never the relations that place it in a period or attach it to another row."""
    return {
        field.name
        for field in model._meta.concrete_fields
        if not field.is_relation and field.name not in NOT_AMENDABLE
    }


def as_text(row, names):
    return {name: row._meta.get_field(name).value_to_string(row) for name in names}


def amend(obj, user, reason, /, **changes):
    """Correct a row of a published period, recording who, when, why and what changed.

    The first three are positional only: an assessment's `reason` is one of its changes."""
    if not (user and user.has_perm(AMEND)):
        raise PermissionDenied("Only an approver may amend a published period.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for the amendment."})
    unknown = sorted(set(changes) - amendable_fields(type(obj)))
    if unknown or not changes:
        raise ValidationError(f"These cannot be amended: {', '.join(unknown) or 'nothing given'}.")
    with transaction.atomic():
        row = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
        freeze = freeze_of(row)
        if freeze is None:
            raise ValidationError("This row's period is not published: change it directly.")
        before = as_text(row, changes)
        for name, value in changes.items():
            setattr(row, name, value)
        row.full_clean()
        with allow_amendment():
            row.save()
        amendment = Amendment.objects.create(
            amended=row,
            period=ReportingPeriod.objects.get(code=freeze.code),
            amended_by=user,
            reason=reason,
            before=before,
            after=as_text(row, changes),
        )
    obj.refresh_from_db()
    return amendment


def amendments_of(model):
    """The amendments of a model's rows, newest first: a row's first is its latest."""
    opts = model._meta
    return Amendment.objects.filter(
        content_type__app_label=opts.app_label,
        content_type__model=opts.model_name,
    ).order_by("-amended_at", "-id")


def with_amendment(queryset):
    """Annotates each row with `amendment_reason` and `amended_on`: its latest amendment's
    reason and time, or None, in the same query (pages show the row as amended)."""
    latest = amendments_of(queryset.model).filter(object_id=OuterRef("pk"))
    return queryset.annotate(
        amendment_reason=Subquery(latest.values("reason")[:1]),
        amended_on=Subquery(latest.values("amended_at")[:1]),
    )


def attach_amendments(rows):
    """Gives rows already read `amendment_reason` and `amended_on` as with_amendment does,
    from one query for all of them (none for no rows): for rows chosen by a query that an
    annotation per row would slow down."""
    shown = {row.pk: row for row in rows}
    for row in rows:
        row.amendment_reason = row.amended_on = None
    if not shown:
        return
    model = type(rows[0])
    found = amendments_of(model).filter(object_id__in=shown)
    for object_id, reason, amended_at in found.values_list("object_id", "reason", "amended_at"):
        row = shown[object_id]
        if row.amendment_reason is None:
            row.amendment_reason, row.amended_on = reason, amended_at


def amended_by_name():
    """The amending person's full name, or their username where they have none."""
    full = Concat("amended_by__first_name", Value(" "), "amended_by__last_name")
    return Coalesce(NullIf(Trim(full, output_field=CharField()), Value("")), "amended_by__username")


def amendment_list_of(model):
    """The amendments of the model's row whose id is the outer query's `pk`, oldest first,
    as a JSON list of objects of when, by whom, why and the values before and after."""
    of_row = amendments_of(model).filter(object_id=OuterRef("pk"))
    each = JSONObject(
        amended_at=F("amended_at"),
        amended_by=amended_by_name(),
        reason=F("reason"),
        before=F("before"),
        after=F("after"),
    )
    return JSONList(of_row, each, "amended_at", "id")


def with_amendment_list(queryset):
    """Annotates `amendment_list` (see amendment_list_of): read with the rows in one query
    however many rows, as the API lists them."""
    return queryset.annotate(amendment_list=amendment_list_of(queryset.model))


# A download's columns of whether a row was amended and its latest amendment's reason, read
# from with_amendment's annotations.
AMENDMENT_COLUMNS = [
    Column("Amended", lambda row: row.amendment_reason is not None),
    Column("Amendment reason", "amendment_reason"),
]
