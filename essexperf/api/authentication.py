import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework import authentication, exceptions

from essexperf.api.models import ApiToken

# Recording every use would turn each read into a write; once a minute says enough.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Reads "Authorization: Token <token>" (or Bearer) and finds the system it belongs to."""

    keywords = ("token", "bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token after the word Token, with no space in it."
            )
        token = ApiToken.find(parts[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed("The token is unknown or revoked.")
        self.note_use(token)
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return 'Token realm="api"'

    @staticmethod
    def note_use(token):
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
