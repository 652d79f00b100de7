"""/healthz for the load balancer, and a 503 rather than a traceback when the database goes.

Django closes a connection that failed once the request is over (CONN_HEALTH_CHECKS also
tests a reused one before the next request's first query), so the site serves again as
soon as the database answers, without a restart.
"""

from django.db import InterfaceError, OperationalError, connection, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

UNAVAILABLE = (OperationalError, InterfaceError)
API_PREFIX = "/api/"


@never_cache
@require_safe
def healthz(request):
    """200 when the app and its database answer, 503 otherwise; needs no sign-in."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except UNAVAILABLE:
        close_failed_connections()
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


class DatabaseUnavailableMiddleware:
    """A view that finds the database gone answers 503: the API's JSON error under /api/,
    a plain page elsewhere (rendered without the request: its context would query again)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE):
            return None
        close_failed_connections()
        if request.path.startswith(API_PREFIX):
            return JsonResponse(API_ERROR, status=503)
        return HttpResponse(render_to_string("503.html"), status=503)


API_ERROR = {
    "error": {
        "status": 503,
        "code": "service_unavailable",
        "message": "The database is unavailable: try again in a minute.",
    }
}


def close_failed_connections():
    """Drop connections that failed now rather than at the end of the request, so that
    the next request (or a test's next one, which Django does not close for) reconnects.
    A connection inside a transaction is left to the code that opened the transaction."""
    for database in connections.all(initialized_only=True):
        if not database.in_atomic_block:
            database.close_if_unusable_or_obsolete()
