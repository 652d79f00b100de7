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

from essexperf.api.viewsets import EXPORT_CHUNK_ROWS
from essexperf.exports import CHUNK_ROWS, Sheet, streaming_download

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
    # Imported when called, since priorities.api imports this module.
    from inspections.api import FindingViewSet, InspectionViewSet
    from metrics.api import TargetViewSet
    from metrics.api_ksi import KsiRouteViewSet, KsiTotalViewSet
    from metrics.api_observations import ObservationViewSet, with_comparison
    from priorities.api import AssessmentViewSet, UpdateViewSet

    reported = ObservationViewSet.queryset.filter(reported_in=period)
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
