"""One shape for every API error, so a consumer handles them all with the same code:

{"error": {"status": 400, "code": "invalid", "message": "...", "fields": {...}}}
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    exc = as_api_exception(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    if request is not None:
        # An error asked for as CSV or Excel still reads as JSON.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    response.data = {"error": error_body(exc, response)}
    return response


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(
            f"The body is larger than the {limit} bytes a request may send: send fewer "
            "observations at a time."
        )


def as_api_exception(exc):
    """Django's own 404 and 403 as REST framework's, so they carry a code and a message;
    a body over Django's limit as 413, where Django alone would answer an HTML page."""
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, RequestDataTooBig):
        return BodyTooLarge()
    return exc


def error_body(exc, response):
    body = {"status": response.status_code, "code": error_code(exc), "message": ""}
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    if isinstance(detail, (dict, list)):
        body["message"] = "The request is not valid: see fields."
        body["fields"] = detail if isinstance(detail, dict) else {"items": detail}
    else:
        body["message"] = str(detail)
    return body


def error_code(exc):
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        return codes if isinstance(codes, str) else exc.default_code
    return "error"
