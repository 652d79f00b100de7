"""A request whose body is larger than MAX_REQUEST_BODY is refused before anything reads it.

Django bounds a form's fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not its files: a file of any
size is written to a temporary file in full before a view can look at it, so a 1 GB POST to
an upload page would fill the disk and hold a worker for minutes before the upload's own
5 MB check refused it. The declared length is all that is needed: Django reads no more of a
body than its Content-Length, and a body sent without one is read as empty.

The data imports' "Import a file" page takes files up to IMPORT_UPLOAD_MAX_BYTES (a year
of road casualty records is about 100 MB), so its bound is that, with room for the form.

Runs first, before the CSRF check or the session read the body.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse

API_PREFIX = "/api/"
# The form around an imported file: its other fields and the multipart boundaries.
FORM_ROOM = 64 * 1024


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = limit_of(request)
        if declared_length(request) > limit:
            return too_large(request, limit)
        return self.get_response(request)


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def limit_of(request):
    if request.path == reverse("admin:metrics_dataimport_upload"):
        return max(settings.MAX_REQUEST_BODY, settings.IMPORT_UPLOAD_MAX_BYTES + FORM_ROOM)
    return settings.MAX_REQUEST_BODY


def too_large(request, limit):
    if request.path.startswith(API_PREFIX):
        message = f"The body is larger than the {limit} bytes a request may send."
        error = {"status": 413, "code": "too_large", "message": message}
        return JsonResponse({"error": error}, status=413)
    page = render_to_string("413.html", {"megabytes": limit // (1024 * 1024)})
    return HttpResponse(page, status=413)
