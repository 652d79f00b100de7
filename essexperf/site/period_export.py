"""A reporting period's report as one download: its updates, assessments, figures and the
targets of those figures, the inspection results known by its end, and its roads tables.

JSON ({"period": {...}, "updates": [...], ...}), CSV (one section per table) or Excel (one
sheet per table), all streamed: rows are read in chunks, and each chunk leaves as soon as it
is written, so memory stays bounded however large the period.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer

from essexperf.api.renderers import CSVRenderer, XLSXRenderer
from essexperf.api.viewsets import EXPORT_CHUNK_ROWS
from essexperf.exports import CHUNK_ROWS, XLSX_CONTENT_TYPE, Sheet, streaming_download
from inspections.api.views import FindingViewSet, InspectionViewSet
from metrics.api.observations import ObservationViewSet, with_comparison
from metrics.api.roads import KsiRouteViewSet, KsiTotalViewSet
from metrics.api.views import TargetViewSet
from priorities.api import serializers
from priorities.api.views import (
    PERIOD_REFERENCE,
    AssessmentViewSet,
    ReportingPeriodViewSet,
    UpdateViewSet,
)

SECTIONS = [
    "Updates",
    "Assessments",
    "Observations",
    "Targets",
    "Inspections",
    "Findings",
    "KSI routes",
    "KSI totals",
]


def json_key(name):
    """A section's or column's name as a JSON key: "KSI routes" is ksi_routes."""
    return slugify(name).replace("-", "_")


SECTION_KEYS = [json_key(name) for name in SECTIONS]


def period_tables(period, user):
    """(name, viewset, queryset) of each section, in the order of SECTIONS: each section
    has the columns of its resource's downloads."""
    # The report's own figures: peer forces' are compared with, not reported.
    reported = ObservationViewSet.queryset.without_peers().filter(reported_in=period)
    known = InspectionViewSet.queryset.known_by(period.end_date)
    return [
        ("Updates", UpdateViewSet, UpdateViewSet.queryset.filter(period=period)),
        ("Assessments", AssessmentViewSet, AssessmentViewSet.queryset.filter(period=period)),
        ("Observations", ObservationViewSet, with_comparison(reported, user)),
        (
            "Targets",
            TargetViewSet,
            TargetViewSet.queryset.filter(metric__in=reported.values("metric_id")),
        ),
        ("Inspections", InspectionViewSet, known),
        (
            "Findings",
            FindingViewSet,
            FindingViewSet.queryset.filter(inspection__in=known.values("id")),
        ),
        ("KSI routes", KsiRouteViewSet, KsiRouteViewSet.queryset.filter(period=period)),
        ("KSI totals", KsiTotalViewSet, KsiTotalViewSet.queryset.filter(period=period)),
    ]


def period_sheets(period, user):
    sheets = []
    for name, viewset, queryset in period_tables(period, user):
        rows = viewset.export_rows(queryset.visible_to(user)).iterator(chunk_size=EXPORT_CHUNK_ROWS)
        sheets.append(Sheet(name, viewset.download_columns(), rows))
    return sheets


def stream_json(head, sheets):
    """Yield the bytes of one JSON object: the head's keys, then each sheet as a list of
    objects keyed by its columns' names."""
    encode = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    yield encode(head)[:-1].encode()  # Left open: the sections follow.
    for sheet in sheets:
        keys = [json_key(column.header) for column in sheet.columns]
        parts = [f",{encode(json_key(sheet.name))}:["]
        for number, row in enumerate(sheet.rows):
            values = (column.value(row) for column in sheet.columns)
            parts.append(("," if number else "") + encode(dict(zip(keys, values, strict=True))))
            if len(parts) >= CHUNK_ROWS:
                yield "".join(parts).encode()
                parts = []
        parts.append("]")
        yield "".join(parts).encode()
    yield b"}"


def period_download(fmt, period, period_data, user):
    """The period's report streamed as "json", "csv" or "xlsx", saved as essexperf-<code>."""
    sheets = period_sheets(period, user)
    filename = f"essexperf-{period.code}"
    if fmt != "json":
        return streaming_download(fmt, sheets, filename)
    response = StreamingHttpResponse(
        stream_json({"period": period_data}, sheets), content_type="application/json"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.json")
    return response


PERIOD_EXPORT = inline_serializer(
    "PeriodExport",
    {
        "period": serializers.ReportingPeriodSerializer(),
        **{
            key: drf_serializers.ListField(child=drf_serializers.DictField())
            for key in SECTION_KEYS
        },
    },
)


class PeriodExportViewSet(ReportingPeriodViewSet):
    """The periods, each with its whole report as one download (export/)."""

    @extend_schema(
        summary="The period's whole report, as one download",
        description="Every update and assessment of the period, the figures its report states "
        "(observations) with the targets of their metrics, the inspection results published "
        "by the period's end with their findings, and the period's KSI routes and totals. "
        "JSON holds one list per table; CSV one section per table, each under its name with "
        "a blank row between; Excel one sheet per table. The answer is streamed.",
        parameters=[PERIOD_REFERENCE],
        responses={
            (200, "application/json"): PERIOD_EXPORT,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        },
    )
    @action(
        detail=True,
        url_path="export",
        url_name="export",
        renderer_classes=[JSONRenderer, CSVRenderer, XLSXRenderer],
        filter_backends=[],
        pagination_class=None,
    )
    def export_report(self, request, *args, **kwargs):
        period = self.get_object()
        # Without the view's format, the period's link is to the period, not to a download.
        data = serializers.ReportingPeriodSerializer(period, context={"request": request}).data
        return period_download(request.accepted_renderer.format, period, data, request.user)
