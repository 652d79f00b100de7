"""Who may use the API: decided here, as who may read is (priorities.access)."""

from rest_framework import permissions

from essexperf.api.permissions import is_token, model_of
from priorities.access import may_read

READ_ONLY_TOKEN = (
    "This token is read-only: it can only read. Writing needs a token issued with write access."
)


class ApiAccess(permissions.BasePermission):
    """Active tokens, and people who may read (priorities.access), read; writing needs a
    write token or the model's add and change permissions (office staff through their
    session), never an anonymous visitor."""

    def has_permission(self, request, view):
        if is_token(request):
            if request.method in permissions.SAFE_METHODS or request.auth.can_write:
                return True
            # REST framework answers a refusal with this permission's message.
            self.message = READ_ONLY_TOKEN
            return False
        if request.method in permissions.SAFE_METHODS:
            return may_read(request.user)
        if not (request.user and request.user.is_authenticated):
            return False
        model = model_of(view)
        if model is None:
            return False
        opts = model._meta
        return request.user.has_perms(
            [
                f"{opts.app_label}.add_{opts.model_name}",
                f"{opts.app_label}.change_{opts.model_name}",
            ]
        )
