import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.cache.backends.locmem import LocMemCache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from rest_framework import authentication, exceptions

from essexperf.api.models import ApiToken, hash_token

# Recording every use would turn each read into a write; once a minute says enough.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# A system sends its token with every request: each process keeps the tokens it has found
# for this long, under the hash of the secret (never the secret itself), so that a request
# costs no query for it. Revoking or deleting a token forgets it at once in the process
# that does it; every other server process refuses it within this time.
TOKEN_CACHE_SECONDS = 10
found_tokens = LocMemCache("api-tokens", {"TIMEOUT": TOKEN_CACHE_SECONDS})


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
        token = find_token(parts[1].decode(errors="replace"))
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
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
            found_tokens.set(token.key_hash, token)


def find_token(secret):
    """The active token of a presented secret, or None: from this process's recent finds,
    or else from the database (unknown secrets are not kept, so none can fill the cache)."""
    key = hash_token(secret)
    token = found_tokens.get(key)
    if token is None:
        token = ApiToken.find(secret)
        if token is not None:
            found_tokens.set(key, token)
    return token


@receiver([post_save, post_delete], sender=ApiToken)
def forget_token(sender, instance, **kwargs):
    found_tokens.delete(instance.key_hash)
