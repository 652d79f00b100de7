from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from priorities.models import Plan, ReportingPeriod


@login_required
def home(request):
    """The landing page: the plans held and the report editions, newest first."""
    plans = Plan.objects.prefetch_related("priorities")
    periods = ReportingPeriod.objects.all()
    return render(request, "home.html", {"plans": plans, "periods": periods})
