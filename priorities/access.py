"""Who may read the pages and the API at all: the one place that decides it.

People read once signed in with a role that lets them (priorities.roles: Viewers, and the
office roles, which see drafts too). With PUBLIC_READ_ONLY on, anyone may read what is
published without signing in; nobody writes without signing in, whatever the setting.
Which rows a reader sees is decided in priorities.visibility.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from priorities.roles import VIEW_PUBLISHED
from priorities.visibility import can_see_drafts


def may_read(user):
    """Whether this person (or anonymous visitor) may read published pages and API rows."""
    if user is None or not user.is_authenticated:
        return settings.PUBLIC_READ_ONLY
    return user.has_perm(VIEW_PUBLISHED) or can_see_drafts(user)


def reader_required(view):
    """A page for readers: others are sent to sign in, or refused once signed in."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if may_read(request.user):
            return view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied("Your account has no role that lets it read the reports.")

    return checked
