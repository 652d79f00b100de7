"""What the API's permission (priorities.api.permissions) asks of a request and a view."""

from essexperf.api.models import ApiToken


def is_token(request):
    return isinstance(request.auth, ApiToken)


def model_of(view):
    """The model a view writes to, or None for views over no model (such as the API root)."""
    get_queryset = getattr(view, "get_queryset", None)
    return get_queryset().model if get_queryset else None
