"""A report edition's way to publication: draft, in review, published; and back to draft
from review. Each step is one function, checking the person's role, writing in a
transaction over the locked period row, so two people clicking at once cannot both pass.
The admin's actions call these, and so should anything else that moves a period.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from priorities import periods
from priorities.models import ReportingPeriod
from priorities.roles import PUBLISH, REVIEW

Status = ReportingPeriod.Status


class WorkflowError(Exception):
    """A step the period's status does not allow, said for the person who asked."""


def require(user, permission, doing):
    if not (user and user.has_perm(permission)):
        raise PermissionDenied(f"Only an approver may {doing}.")


def move(period, user, permission, doing, allowed_from, **values):
    """Move the period to the values given, from one of the statuses allowed."""
    require(user, permission, doing)
    with transaction.atomic():
        locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        if locked.status not in allowed_from:
            allowed = " or ".join(Status(status).label.lower() for status in allowed_from)
            raise WorkflowError(
                f"Cannot {doing} {locked.code}: it is "
                f"{locked.get_status_display().lower()}, not {allowed}."
            )
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(values))
    for name, value in values.items():
        setattr(period, name, value)
    return period


def submit_for_review(period, user):
    """A draft goes to the approvers: it stays hidden from readers, and still editable."""
    return move(period, user, REVIEW, "send for review", [Status.DRAFT], status=Status.IN_REVIEW)


def return_to_draft(period, user):
    """A period in review goes back to the office for more work."""
    return move(period, user, REVIEW, "return to draft", [Status.IN_REVIEW], status=Status.DRAFT)


def publish(period, user, on=None):
    """A reviewed period is published on the day given (today by default) and frozen."""
    return move(
        period,
        user,
        PUBLISH,
        "publish",
        [Status.IN_REVIEW],
        status=Status.PUBLISHED,
        published_on=on or timezone.localdate(),
    )


def next_quarter(financial_year, quarter):
    return (financial_year, quarter + 1) if quarter < 4 else (financial_year + 1, 1)


def start_next_quarter(period, user):
    """The draft period of the quarter after this one, ready for its updates and figures.

    Nothing is copied: updates, assessments and figures are written afresh each quarter, and
    the commitments are the plan's, so they carry forward as they are. The data cut-off is
    the quarter's end until staff know the real one (the field cannot be blank)."""
    require(user, "priorities.add_reportingperiod", "start the next quarter")
    if period.status == Status.DRAFT:
        raise WorkflowError(f"{period.code} is still a draft: send it for review first.")
    year, quarter = next_quarter(period.financial_year, period.quarter)
    code = periods.period_code(year, quarter)
    with transaction.atomic():
        if ReportingPeriod.objects.filter(financial_year=year, quarter=quarter).exists():
            raise WorkflowError(f"{code} has already been started.")
        end = periods.quarter_bounds(year, quarter)[1]
        return ReportingPeriod.objects.create(
            financial_year=year,
            quarter=quarter,
            data_to=end,
            title=f"Performance report to the PCC, {end:%B %Y}",
            protective_marking=period.protective_marking,
        )
