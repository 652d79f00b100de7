"""A request whose body is larger than MAX_REQUEST_BODY is refused before anything reads it.

Django bounds a form's fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not its files: a file of any
size is written to a temporary file in full before a view can look at it, so a 1 GB POST to
an upload page would fill the disk and hold a worker for minutes before the upload's own
5 MB check refused it. The declared length is all that is needed: Django reads no more of a
body than its Content-Length, and a body sent without one is read as empty.

Runs first, before the CSRF check or the session read the body.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

API_PREFIX = "/api/"


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_length(request) > settings.MAX_REQUEST_BODY:
            return too_large(request)
        return self.get_response(request)


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def too_large(request):
    limit = settings.MAX_REQUEST_BODY
    if request.path.startswith(API_PREFIX):
        message = f"The body is larger than the {limit} bytes a request may send."
        error = {"status": 413, "code": "too_large", "message": message}
        return JsonResponse({"error": error}, status=413)
    page = render_to_string("413.html", {"megabytes": limit // (1024 * 1024)})
    return HttpResponse(page, status=413)
