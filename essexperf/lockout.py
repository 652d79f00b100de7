"""The page shown when django-axes refuses a sign-in after too many failures."""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """Say plainly that signing in is locked and for how long; 429 tells clients to wait."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


def client_address(request):
    """The address sign-in failures are counted against.

    Behind TRUSTED_PROXIES proxies, each appends the address it was called from to
    X-Forwarded-For, so the client's is that many entries from the right; anything further
    left was written by the client and may be forged. With no proxy, the header is ignored.
    """
    proxies = settings.TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
