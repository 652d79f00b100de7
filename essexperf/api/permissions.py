from rest_framework import permissions

from essexperf.api.models import ApiToken


def is_token(request):
    return isinstance(request.auth, ApiToken)


class ApiAccess(permissions.BasePermission):
    """Signed-in people and active tokens read; writing needs a write token or the model's
    add and change permissions (office staff through their session)."""

    def has_permission(self, request, view):
        if is_token(request):
            return request.method in permissions.SAFE_METHODS or request.auth.can_write
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        model = view.get_queryset().model
        opts = model._meta
        return request.user.has_perms(
            [
                f"{opts.app_label}.add_{opts.model_name}",
                f"{opts.app_label}.change_{opts.model_name}",
            ]
        )
