"""What changed since the latest report edition was published, for approvers (and
administrators) to check before the next one goes out."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from essexperf.audit.models import ObjectChange, may_read_trail
from essexperf.audit.presentation import field_changes
from priorities.models import ReportingPeriod

# A bulk load can record many thousands of changes; the page lists the newest.
MAX_CHANGES = 2000


@login_required
def changes_since_publication(request):
    """Every change since the publication date of the latest published period, grouped by
    model: who, when and each field before and after."""
    if not may_read_trail(request.user):
        raise PermissionDenied
    period = latest_published_period()
    changes = ObjectChange.objects.select_related("content_type")
    if period is not None:
        changes = changes.filter(time__gte=start_of(period.published_on))
    listed = list(changes[: MAX_CHANGES + 1])
    context = {
        "period": period,
        "groups": grouped(listed[:MAX_CHANGES]),
        "truncated": len(listed) > MAX_CHANGES,
        "max_changes": MAX_CHANGES,
    }
    return render(request, "audit/changes.html", context)


def latest_published_period():
    published = ReportingPeriod.objects.filter(
        status=ReportingPeriod.Status.PUBLISHED, published_on__isnull=False
    )
    return published.order_by("-published_on", "-financial_year", "-quarter").first()


def start_of(day):
    """The first moment of the day, here: changes on publication day may follow it."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def grouped(changes):
    """[(model's plural name, [(change, field changes)])], models in name order, each
    model's changes newest first."""
    groups = {}
    for change in changes:
        model = change.content_type.model_class()
        name = model._meta.verbose_name_plural if model else change.content_type.model
        groups.setdefault(str(name).capitalize(), []).append((change, field_changes(change)))
    return sorted(groups.items())
