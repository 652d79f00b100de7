"""A report edition's way to publication: draft, in review, published; and back to draft
from review. Each step is one function, checking the person's role, writing in a
transaction over the locked period row, so two people clicking at once cannot both pass.
The admin's actions and buttons call these, and so should anything else that moves a period.
Editors send a draft for review; approvers return it to draft or publish it, giving the
reason when the period still lacks something (priorities.completion).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from priorities import periods
from priorities.completion import missing_for
from priorities.models import ReportingPeriod
from priorities.roles import PUBLISH, REVIEW, SUBMIT

Status = ReportingPeriod.Status


class WorkflowError(Exception):
    """A step the period's status does not allow, said for the person who asked."""


START = "priorities.add_reportingperiod"
# Who holds each permission (priorities.roles), to say so to someone refused.
HOLDERS = {SUBMIT: "an editor or an approver", START: "an editor or an approver"}


def require(user, permission, doing):
    if not (user and user.has_perm(permission)):
        raise PermissionDenied(f"Only {HOLDERS.get(permission, 'an approver')} may {doing}.")


def move(period, user, permission, doing, allowed_from, check=None, **values):
    """Move the period to the values given, from one of the statuses allowed, once `check`
    (if any) has passed the locked period."""
    require(user, permission, doing)
    with transaction.atomic():
        locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        if locked.status not in allowed_from:
            allowed = " or ".join(Status(status).label.lower() for status in allowed_from)
            raise WorkflowError(
                f"Cannot {doing} {locked.code}: it is "
                f"{locked.get_status_display().lower()}, not {allowed}."
            )
        if check:
            check(locked)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(values))
    for name, value in values.items():
        setattr(period, name, value)
    return period


def submit_for_review(period, user):
    """A draft goes to the approvers: it stays hidden from readers, and still editable."""
    return move(period, user, SUBMIT, "send for review", [Status.DRAFT], status=Status.IN_REVIEW)


def return_to_draft(period, user):
    """A period in review goes back to the office for more work."""
    return move(period, user, REVIEW, "return to draft", [Status.IN_REVIEW], status=Status.DRAFT)


def publish(period, user, on=None, reason=""):
    """A reviewed period is published on the day given (today by default) and frozen. If it
    still lacks anything, the approver's reason for publishing anyway is required, and kept
    on the period (and so in the audit trail)."""
    reason = reason.strip()
    return move(
        period,
        user,
        PUBLISH,
        "publish",
        [Status.IN_REVIEW],
        check=lambda locked: require_reason(locked, reason),
        status=Status.PUBLISHED,
        published_on=on or timezone.localdate(),
        publish_reason=reason,
    )


def require_reason(period, reason):
    """Checked over the locked period, so what is missing is counted as it is published."""
    missing = len(missing_for(period).items)
    if missing and not reason:
        raise WorkflowError(
            f"{period.code} still lacks {missing} item{'' if missing == 1 else 's'}: "
            "give the reason to publish it anyway."
        )


def next_quarter(financial_year, quarter):
    return (financial_year, quarter + 1) if quarter < 4 else (financial_year + 1, 1)


def start_next_quarter(period, user):
    """The draft period of the quarter after this one, ready for its updates and figures.

    Nothing is copied: updates, assessments and figures are written afresh each quarter, and
    the commitments are the plan's, so they carry forward as they are. The data cut-off is
    the quarter's end until staff know the real one (the field cannot be blank)."""
    require(user, START, "start the next quarter")
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
