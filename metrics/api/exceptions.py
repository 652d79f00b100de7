"""What needs the board's attention in a period, through the API: the same reasons, in
the same order and words, as the page (metrics.exceptions.attention_list), each with the
facts its sentence was made of."""

from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from essexperf.pagecache.pages import remember
from metrics.api.peer_serializers import period_asked
from metrics.exceptions import attention_list
from priorities.selection import choose_period
from priorities.visibility import audience


def attention_data(request, attention, period):
    metric, area = attention.metric, attention.area
    page = reverse("metrics:metric_detail", args=[metric.slug])
    return {
        "metric": {
            "slug": metric.slug,
            "name": metric.name,
            "url": request.build_absolute_uri(f"{page}?{urlencode({'period': period.code})}"),
        },
        "area": None if area is None else {"slug": area.slug, "name": area.name},
        "kind": attention.kind,
        "kind_label": attention.kind_label,
        "severity": attention.severity,
        "sentence": attention.sentence,
        "facts": attention.facts,
    }


class ExceptionViewSet(viewsets.ViewSet):
    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="What needs the board's attention in a period",
        description="The measures with a reason for attention (special cause concern, a "
        "target failed or hit and miss, a significant deterioration, a figure missing or "
        "older than the period's data, a rank in the bottom half of the peer group), most "
        "severe first, each with its sentence and the facts it was made of.",
        parameters=[
            OpenApiParameter("period", str, required=True, description="Such as 2017-18-Q2.")
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request):
        period = period_asked(request)
        # Worked out from every metric of the period, so kept for the data version as the
        # page is; the links name the host asked for, so it is part of the key.
        return Response(
            remember(
                "api-exceptions",
                audience(request.user),
                [period.code, request.get_host()],
                lambda: answer(request, period),
            )
        )


def answer(request, period):
    items = attention_list(request.user, choose_period(request))
    return {
        "period": period.code,
        "count": len(items),
        "results": [attention_data(request, item, period) for item in items],
    }
