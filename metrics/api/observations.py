"""Observations through the API: read in cursor pages or downloads, written by data feeds."""

import hashlib
import json
from contextlib import contextmanager
from dataclasses import asdict

from django.db.models import OuterRef, Subquery
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.reverse import reverse

from essexperf.api.keyset import KeysetPagination
from essexperf.api.permissions import is_token
from essexperf.api.viewsets import ReadOnlyViewSet
from essexperf.exports import Column
from metrics import feeds, filtersets
from metrics.api import observation_serializers as serializers
from metrics.api.views import change_column, significance_columns
from metrics.change import change_on_previous
from metrics.feed_updates import update_observation
from metrics.import_runs import API_FEED, data_source, record_delivery
from metrics.models import DataSource, Observation
from metrics.presentation import summary_on_previous
from metrics.source_files import Source
from priorities.amendments import AMENDMENT_COLUMNS, with_amendment, with_amendment_list


def with_comparison(queryset, user):
    """Annotates `compared_id` and `previous_value`: the observation compared with, where
    the user may see it, so a draft figure never shows through a published one's change;
    and its `compared_start`, `compared_end` and `compared_denominator`, which the change's
    significance is worked out from (metrics.significance.significance_on_previous)."""
    compared = Observation.objects.visible_to(user).filter(pk=OuterRef("compared_with")).order_by()
    return queryset.annotate(
        compared_id=Subquery(compared.values("pk")[:1]),
        previous_value=Subquery(compared.values("value")[:1]),
        compared_start=Subquery(compared.values("start_date")[:1]),
        compared_end=Subquery(compared.values("end_date")[:1]),
        compared_denominator=Subquery(compared.values("denominator")[:1]),
    )


class FeedInvalid(exceptions.APIException):
    """A rejected batch, in the error shape, its fields listing each item's problems."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, errors):
        super().__init__()
        # Set after the base class, which would turn the indexes into text.
        self.detail = {"items": [asdict(error) for error in errors]}

    def get_codes(self):
        return self.default_code


# Counted as told: an item written unseen (feeds.WRITTEN) is counted in none of them.
TOLD_COUNTS = (feeds.CREATED, feeds.UPDATED, feeds.UNCHANGED)
DRAFT_NOTE = (
    "Reported in a period that is not yet published: reading it needs a token that may read drafts."
)


def written_entry(entry, readable, request):
    """An item's outcome with the address to read its observation, or, where the writer
    may not read it (a draft period's figure), a note saying why there is none.

    A writer that could read the figure neither before nor after its write is told only
    that it is written: "unchanged" would tell that a draft figure exists and its value,
    "updated" or the id of an older row that it exists. A new figure is answered so too,
    or "created" would tell the others apart."""
    pk = entry.observation.pk
    if pk not in readable and (entry.outcome == feeds.CREATED or entry.hidden):
        return {
            "index": entry.index,
            "id": None,
            "url": None,
            "outcome": feeds.WRITTEN,
            "note": DRAFT_NOTE,
        }
    found = {"index": entry.index, "id": pk, "url": None, "outcome": entry.outcome}
    if pk in readable:
        found["url"] = reverse("api:observation-detail", args=[pk], request=request)
    else:
        found["note"] = DRAFT_NOTE
    return found


def written(result, request):
    """What a write did, in counts and item by item."""
    ids = [entry.observation.pk for entry in result.entries]
    # The one rule of who reads what, asked of the rows just written.
    visible = Observation.objects.visible_to(request.user).filter(pk__in=ids)
    readable = set(visible.values_list("pk", flat=True))
    entries = [written_entry(entry, readable, request) for entry in result.entries]
    told = [entry["outcome"] for entry in entries]
    counts = {outcome: told.count(outcome) for outcome in TOLD_COUNTS}
    return counts | {"observations": entries}


class FeedConflict(FeedInvalid):
    """A write from an observation's version that someone has changed since."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


@contextmanager
def feed_errors():
    """A rejected batch, answered in the API's error shape."""
    try:
        yield
    except feeds.FeedRejected as rejected:
        refused = FeedConflict if rejected.conflict else FeedInvalid
        raise refused(rejected.errors) from None


OBSERVATIONS_WRITE = PolymorphicProxySerializer(
    component_name="ObservationWrite",
    serializers=[
        serializers.ObservationItemSerializer,
        serializers.ObservationItemSerializer(many=True),
    ],
    resource_type_field_name=None,
    many=False,
)
REJECTED = OpenApiResponse(
    serializers.FeedErrorSerializer,
    description="Nothing was written: fields.items names each invalid item's index, field "
    "and reason. A published report edition's figures cannot be changed.",
)
HEADCOUNT = {
    "metric": "special-constable-headcount",
    "area": "essex",
    "date": "2017-11-30",
    "value": "380",
    "basis": "point_in_time",
    "compared_with": {"date": "2017-08-31"},
    "source": "Essex Police performance report",
    "data_to": "2017-11-30",
}
APPLICATIONS = {
    "metric": "special-constable-applications",
    "area": "essex",
    "start_date": "2017-09-01",
    "end_date": "2017-11-30",
    "value": "455",
    "basis": "three_months",
    "compared_with": {"start_date": "2017-06-01", "end_date": "2017-08-31"},
    "caveat": "Applications received, not applicants.",
}
CONFLICT = OpenApiResponse(
    serializers.FeedErrorSerializer,
    description="Nothing was written: the version sent is not the observation's version, "
    "because someone changed it since it was read.",
)
WRITE_EXAMPLES = [
    OpenApiExample("A level at a date", value=HEADCOUNT, request_only=True),
    OpenApiExample("A batch", value=[HEADCOUNT, APPLICATIONS], request_only=True),
]
REPLACE_EXAMPLES = [
    OpenApiExample(
        "A corrected figure",
        value={"value": "381", "basis": "point_in_time", "source": "Corrected return"},
        request_only=True,
    ),
]
CHANGE_EXAMPLES = [
    OpenApiExample("A corrected value", value={"value": "381"}, request_only=True),
]
WRITE_HELP = (
    "Needs a write token, or a signed-in person who may add and change observations. "
    "A figure reported in a period not yet published can be read back only by a token that "
    "may also read drafts (or staff who see drafts): for any other writer, an item written to "
    "such a figure is answered with the outcome written, no id and no url, and a note says "
    "why, whether the figure was new, changed or already so, and a version sent for it is "
    "refused as for a figure that is not there: a writer learns nothing of a figure it may "
    "not read. A figure it could read, changed into such a period, keeps its id and outcome "
    "with a null url. "
    "A metric, an area and the start and end dates identify an observation, so sending one "
    "again updates it, or leaves it as it is, and never adds a second. Every item is checked "
    "before anything is written: if one is invalid, none is written."
)


class ObservationViewSet(ReadOnlyViewSet):
    """The values of the metrics, each for an area at a date or over a period; data feeds
    create and update them."""

    queryset = Observation.objects.select_related(
        "metric", "area", "reported_in", "data_import__source"
    )
    serializer_class = serializers.ObservationSerializer
    filterset_class = filtersets.ObservationFilterSet
    ordering_fields = ["end_date", "start_date", "value", "metric__name", "area__name", "id"]
    # Near a million rows: counting them would cost more than reading any page.
    pagination_class = KeysetPagination
    export_columns = [
        Column("Id", "id"),
        Column("Metric", "metric.slug"),
        Column("Metric name", "metric.name"),
        Column("Unit", "metric.unit"),
        Column("Area", "area.slug"),
        Column("Area name", "area.name"),
        Column("Start date", "start_date"),
        Column("End date", "end_date"),
        Column("Value", "value"),
        Column("Denominator", "denominator"),
        Column("Basis", "basis"),
        Column("Source", "source"),
        Column("Imported from", "data_import.file_name"),
        Column("Data to", "data_to"),
        Column("Caveat", "caveat"),
        Column("Reported in", "reported_in.code"),
        Column("Compared with", "compared_id"),
        Column("Compared value", "previous_value"),
        change_column("Difference", lambda change, row: change.difference, change_on_previous),
        change_column("Change (%)", lambda change, row: change.percent, change_on_previous),
        change_column("Direction", lambda change, row: change.direction, change_on_previous),
        change_column(
            "Judgement", lambda change, row: change.judgement(row.metric.up_is), change_on_previous
        ),
        *significance_columns(summary_on_previous),
        *AMENDMENT_COLUMNS,
    ]

    export_rows = staticmethod(with_amendment)

    def get_queryset(self):
        queryset = with_comparison(super().get_queryset(), self.request.user)
        # A download reads the latest amendment's reason instead (export_rows).
        return queryset if self.exporting else with_amendment_list(queryset)

    @extend_schema(
        summary="Create or update observations",
        description="One observation, or a list of them. " + WRITE_HELP,
        request=OBSERVATIONS_WRITE,
        examples=WRITE_EXAMPLES,
        responses={
            201: OpenApiResponse(
                serializers.FeedResultSerializer, description="Written; some were new."
            ),
            200: OpenApiResponse(
                serializers.FeedResultSerializer, description="Written; none was new."
            ),
            (400, "application/json"): REJECTED,
            (409, "application/json"): CONFLICT,
        },
    )
    def create(self, request, *args, **kwargs):
        items = request.data if isinstance(request.data, list) else [request.data]
        with feed_errors():
            result = record_delivery(
                delivered_batch(request.path, items),
                data_source(API_FEED.format(self.sender()), DataSource.Kind.API_FEED),
                self.sender(),
                lambda record: feeds.write_observations(
                    items, source=self.source(), reader=request.user, data_import=record
                ),
            )
        answer = written(result, request)
        # An item written unseen may have been new: 201 either way, or the status would tell.
        told = {entry["outcome"] for entry in answer["observations"]}
        new = (
            status.HTTP_201_CREATED if told & {feeds.CREATED, feeds.WRITTEN} else status.HTTP_200_OK
        )
        return Response(answer, status=new)

    @extend_schema(
        summary="Replace an observation's figures",
        description="Its value, basis, comparison, period, source, data-to date and caveat; "
        "a field left out is cleared. " + WRITE_HELP,
        request=serializers.ObservationChangesSerializer,
        examples=REPLACE_EXAMPLES,
        responses={
            200: serializers.ObservationSerializer,
            (400, "application/json"): REJECTED,
            (409, "application/json"): CONFLICT,
        },
    )
    def update(self, request, *args, partial=False, **kwargs):
        observation = self.get_object()
        with feed_errors():
            update_observation(
                observation,
                request.data,
                partial=partial,
                source=self.source(),
                reader=request.user,
            )
        # Read back whole, even where the change put it in a period the writer may not
        # read (the writer sent it); its comparison stays narrowed to what the writer sees.
        written = with_comparison(self.queryset.filter(pk=observation.pk), request.user)
        written = with_amendment_list(written)
        return Response(self.get_serializer(written.get()).data)

    @extend_schema(
        summary="Change some of an observation's figures",
        description="The fields given; the others stay as they are. " + WRITE_HELP,
        request=serializers.ObservationChangesSerializer,
        examples=CHANGE_EXAMPLES,
        responses={
            200: serializers.ObservationSerializer,
            (400, "application/json"): REJECTED,
            (409, "application/json"): CONFLICT,
        },
    )
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def source(self):
        """A system's figures are sourced to it unless they say otherwise."""
        return self.request.auth.name if is_token(self.request) else None

    def sender(self):
        """Who sends a batch: the token's name, or the person signed in."""
        return self.source() or self.request.user.get_username()


def delivered_batch(path, items):
    """A POSTed batch as the file its import records: named by its path and items, sized
    and digested as its canonical JSON (keys sorted, no spaces), so the same batch sent
    again has the same SHA-256."""
    text = json.dumps(items, sort_keys=True, separators=(",", ":"), default=str).encode()
    name = f"POST {path} ({len(items)} item{'s' if len(items) != 1 else ''})"
    return Source(name, len(text), hashlib.sha256(text).hexdigest(), None)
