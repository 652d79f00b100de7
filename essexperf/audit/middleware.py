import uuid

from essexperf.audit.context import Actor, acting

REQUEST_ID_HEADER = "X-Request-ID"


class AuditContextMiddleware:
    """Gives each request an id (the caller's X-Request-ID when it is a UUID) and makes the
    request the actor of every change it records; answers with the id, to quote in support."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id(request.headers.get(REQUEST_ID_HEADER))
        with acting(Actor(request=request, request_id=request.id)):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = str(request.id)
        return response


def request_id(header):
    try:
        return uuid.UUID(header)
    except (TypeError, ValueError):
        return uuid.uuid4()
