"""Responses to a signed-in person or an API token marked `Cache-Control: private, no-store`.

Such a response is for one reader: a page of drafts, an export, the admin, or published
figures with that person's menus and forms. `private` keeps shared caches (a proxy, a CDN)
from handing it to anyone else. `no-store` keeps it off the disk of the browser too: office
staff read drafts on shared machines, and which page holds a draft is the app's business,
not this middleware's, so it is stored nowhere rather than guessed at. The cost is only
that a browser asks again when going back; the data behind the pages is cached on the
server (essexperf.pagecache), per data version and kind of reader, never per response, so
no reader's page can reach another through it.

A visitor's page (PUBLIC_READ_ONLY) is the same for everyone and is left as it is; static
files are answered by WhiteNoise before this runs, and keep their public, far-future caching.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class PrivateResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if carries_credentials(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def carries_credentials(request):
    """Whether the request came with a session cookie or a token. Told from the headers
    alone, not by loading the user: no query is added, and a page still gets marked when the
    database has gone (essexperf.health). A visitor holding a session cookie that signs no
    one in gets private too, which costs nothing. Signing in itself is answered by Django's
    sign-in view, which marks its answer private and no-store already."""
    return "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES
