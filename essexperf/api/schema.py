"""What the OpenAPI schema says beyond what drf-spectacular finds on its own: the token
scheme, the download formats and the one shape of every error."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

FORMAT_HELP = {
    "json": "json (the default): pages of `page_size` rows, with links to the next page",
    "csv": "csv: a download (UTF-8 with a byte-order mark) of every row the filters select, "
    "unpaginated",
    "xlsx": "xlsx: the same as an Excel workbook, numbers and dates as Excel's own",
}
FORMAT_SUFFIX_HELP = "A suffix such as .csv on the path does the same; either wins over Accept."


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes per-system tokens in the OpenAPI schema."""

    target_class = "essexperf.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A per-system token, sent as "Authorization: Token <token>" '
            '("Bearer" is accepted too). Office staff issue tokens in the admin or with '
            '"manage.py apitoken create NAME [--write] [--read-drafts]"; the token is shown '
            "once, only its hash is kept, and it works until revoked. A read token may read "
            "whatever is published; a write token may also send figures. A token granted "
            "drafts (for the office's own systems) also reads draft and in-review periods, "
            "as office staff do; any other token is answered 404 for them. A missing, "
            "unknown or revoked token is answered 401; a read-only token that writes, 403, "
            "saying it is read-only.",
        }


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(help_text="A stable word to test, such as not_found or invalid.")
    message = serializers.CharField(help_text="A sentence to show a person.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For an invalid request: each parameter or field, with what is wrong with it.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERRORS = {
    "400": "The request is not valid: an unknown filter value, such as a period code.",
    "401": "No token or session, or the token is unknown or revoked.",
    "403": "The token or person may not do this.",
    "404": "No such object, or it is not visible to this reader (a draft period).",
    "413": "The body is larger than the server accepts (DATA_UPLOAD_MAX_MEMORY_SIZE bytes).",
}


def error_response(status):
    return OpenApiResponse(ErrorSerializer, description=ERRORS[status])


def format_parameter(formats, listing):
    if listing:
        choices = "; ".join(FORMAT_HELP.get(name, name) for name in formats)
    else:
        choices = f"{', '.join(formats)}; json by default"
    return OpenApiParameter(
        "format",
        str,
        OpenApiParameter.QUERY,
        enum=formats,
        description=f"The format of the answer: {choices}. {FORMAT_SUFFIX_HELP}",
    )


class ApiAutoSchema(AutoSchema):
    """Adds the formats' description and the error responses to every operation."""

    def get_override_parameters(self):
        formats = self.map_renderers("format")
        if len(formats) < 2:
            return super().get_override_parameters()
        described = format_parameter(formats, self._is_list_view())
        return [described, *super().get_override_parameters()]

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        for status in self.error_statuses():
            body = self._get_response_for_code(error_response(status), status, ["application/json"])
            bodies.setdefault(status, body)
        return bodies

    def error_statuses(self):
        statuses = ["401", "403"]
        if self.method != "GET" or self._is_list_view():
            statuses.insert(0, "400")
        if "{" in self.path:
            statuses.append("404")
        if self.method != "GET":
            statuses.append("413")
        return statuses
