import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework import authentication, exceptions

from essexperf.api.models import ApiToken

# Recording every use would turn each read into a write; once a minute says enough.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class TokenReader(AnonymousUser):
    """Who reads for a token: nobody signed in (writes are recorded as the token's, see
    essexperf.audit.context), who sees drafts exactly where the token may read them. Every
    query that narrows rows to what a reader may see asks this (priorities.visibility)."""

    def __init__(self, token):
        self.token = token

    @property
    def sees_drafts(self):
        return self.token.can_read_drafts


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
        # Read from the database on every request, by its unique prefix (one indexed query):
        # a revocation is then refused by every server process from the moment it is
        # committed. A copy kept between requests, in a process or a shared cache, could be
        # put back by a request that read the token just before it was revoked.
        token = ApiToken.find(parts[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed("The token is unknown or revoked.")
        self.note_use(token)
        return TokenReader(token), token

    def authenticate_header(self, request):
        return 'Token realm="api"'

    @staticmethod
    def note_use(token):
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            # Recorded only while the token is active: a use that races its revocation
            # writes nothing, and keeps nothing that could bring the token back.
            ApiToken.objects.active().filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
