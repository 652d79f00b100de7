from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.fields import get_attribute

from metrics import feeds
from metrics.change import Change
from metrics.models import (
    Area,
    KsiPeakTime,
    KsiRoute,
    KsiTotal,
    KsiVulnerableGroup,
    Metric,
    Observation,
    Target,
)
from metrics.models.figures import VALUE_DIGITS
from metrics.numbers import plain
from priorities.serializers import CommitmentSummarySerializer, PeriodSummarySerializer

PENCE = Decimal("0.01")
DIRECTIONS = [Change.INCREASE, Change.DECREASE, Change.NO_CHANGE]
JUDGEMENTS = ["good", "bad", "neutral"]
PERCENT_DIGITS = {"max_digits": 20, "decimal_places": 1}


def in_unit(value, unit):
    """A value as its unit is written: pounds with pence ("21216.00"), others plain ("16.1")."""
    if unit == Metric.Unit.POUNDS:
        return f"{value.quantize(PENCE, rounding=ROUND_HALF_UP):f}"
    return plain(value)


class PlainDecimalField(serializers.DecimalField):
    """An exact decimal as a string without trailing zeros: "114", not "114.0"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", VALUE_DIGITS["max_digits"])
        kwargs.setdefault("decimal_places", VALUE_DIGITS["decimal_places"])
        super().__init__(**kwargs)

    def to_representation(self, value):
        return plain(value)


class UnitValueField(PlainDecimalField):
    """A value of a metric, written as its unit is (see in_unit); the unit is found on the
    serialized object through `unit_path`."""

    def __init__(self, unit_path="metric.unit", **kwargs):
        self.unit_path = unit_path.split(".")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return None if value is None else (value, get_attribute(instance, self.unit_path))

    def to_representation(self, value_and_unit):
        return in_unit(*value_and_unit)


class PlainDecimalModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: PlainDecimalField,
    }


# Areas, metrics and targets


class AreaSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:area-detail")

    class Meta:
        model = Area
        fields = ["id", "url", "slug", "name"]


class AreaSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:area-detail")
    parent = AreaSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Area
        fields = ["id", "url", "slug", "name", "kind", "parent"]


class MetricSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:metric-detail")

    class Meta:
        model = Metric
        fields = ["id", "url", "slug", "name", "unit"]


MetricChangeSchema = inline_serializer(
    "MetricChange",
    {
        "difference": PlainDecimalField(help_text="In the metric's unit."),
        "percent": PlainDecimalField(
            **PERCENT_DIGITS, allow_null=True, help_text="Null when compared with zero."
        ),
        "direction": serializers.ChoiceField(choices=DIRECTIONS),
        "judgement": serializers.ChoiceField(
            choices=JUDGEMENTS, help_text="What the direction means, given the metric's up_is."
        ),
    },
    allow_null=True,
)


class LatestObservationSerializer(serializers.ModelSerializer):
    """A metric's latest value, with its change against the value it is compared with.

    Reads `previous_value`, the compared value the reader may see, annotated by the view."""

    url = serializers.HyperlinkedIdentityField(view_name="api:observation-detail")
    area = AreaSummarySerializer(read_only=True)
    value = UnitValueField()
    change = serializers.SerializerMethodField()

    class Meta:
        model = Observation
        fields = [
            "id",
            "url",
            "value",
            "start_date",
            "end_date",
            "area",
            "basis",
            "data_to",
            "change",
        ]

    @extend_schema_field(MetricChangeSchema)
    def get_change(self, observation):
        if observation.previous_value is None:
            return None
        change = Change(current=observation.value, previous=observation.previous_value)
        metric = observation.metric
        return {
            "difference": in_unit(change.difference, metric.unit),
            "percent": None if change.percent is None else plain(change.percent),
            "direction": change.direction,
            "judgement": change.judgement(metric.up_is),
        }


class MetricSerializer(serializers.ModelSerializer):
    """Reads `latest_observations`, the list of at most one observation the view prefetches."""

    url = serializers.HyperlinkedIdentityField(view_name="api:metric-detail")
    priority_number = serializers.IntegerField(
        source="priority.number", read_only=True, allow_null=True
    )
    commitment = CommitmentSummarySerializer(read_only=True, allow_null=True)
    minimum = UnitValueField(unit_path="unit", allow_null=True)
    maximum = UnitValueField(unit_path="unit", allow_null=True)
    latest_observation = serializers.SerializerMethodField()

    class Meta:
        model = Metric
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "description",
            "unit",
            "up_is",
            "measure",
            "priority_number",
            "commitment",
            "minimum",
            "maximum",
            "latest_observation",
        ]

    @extend_schema_field(LatestObservationSerializer(allow_null=True))
    def get_latest_observation(self, metric):
        latest = metric.latest_observations
        if not latest:
            return None
        return LatestObservationSerializer(latest[0], context=self.context).data


class TargetSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:target-detail")
    metric = MetricSummarySerializer(read_only=True)
    area = AreaSummarySerializer(read_only=True)
    value = UnitValueField()

    class Meta:
        model = Target
        fields = ["id", "url", "metric", "area", "value", "due_date", "note"]


# Roads safety: people killed or seriously injured (KSI)


class KsiChangeSerializer(serializers.Serializer):
    difference = serializers.IntegerField(help_text="Casualties more (or fewer) than before.")
    percent = PlainDecimalField(
        **PERCENT_DIGITS, allow_null=True, help_text="Null when there were none before."
    )
    direction = serializers.ChoiceField(choices=DIRECTIONS)


class KsiTotalSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:ksi-total-detail")
    period = PeriodSummarySerializer(read_only=True)
    area = AreaSummarySerializer(read_only=True)
    change = KsiChangeSerializer(read_only=True, help_text="Against the same dates a year before.")

    class Meta:
        model = KsiTotal
        fields = [
            "id",
            "url",
            "period",
            "area",
            "start_date",
            "end_date",
            "casualties",
            "casualties_year_before",
            "change",
            "note",
        ]


class KsiVulnerableGroupSerializer(PlainDecimalModelSerializer):
    label = serializers.CharField(source="get_group_display", read_only=True)

    class Meta:
        model = KsiVulnerableGroup
        fields = ["group", "label", "percent"]


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "11:00"})
class ClockTimeField(serializers.TimeField):
    """A time of day as "11:00": peak hours carry no time zone, which ISO times would need."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class KsiPeakTimeSerializer(serializers.ModelSerializer):
    start_time = ClockTimeField(read_only=True, allow_null=True)
    end_time = ClockTimeField(read_only=True, allow_null=True)

    class Meta:
        model = KsiPeakTime
        fields = ["days", "start_time", "end_time"]


class KsiRouteSerializer(PlainDecimalModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:ksi-route-detail")
    period = PeriodSummarySerializer(read_only=True)
    vulnerable_groups = KsiVulnerableGroupSerializer(many=True, read_only=True)
    peak_times = KsiPeakTimeSerializer(many=True, read_only=True)

    class Meta:
        model = KsiRoute
        fields = [
            "id",
            "url",
            "period",
            "order",
            "road",
            "collisions_last_3_months",
            "increase_on_5_year_average",
            "vulnerable_groups",
            "peak_times",
        ]


# Observations


# Reads `compared_id` and `previous_value`, the id and value of the observation compared
# with where the reader may see it, annotated by the view.
class ObservationSerializer(LatestObservationSerializer):
    """A value of a metric for an area, with its change against the earlier observation it
    is compared with (where the reader may see that one too)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:observation-detail")
    metric = MetricSummarySerializer(read_only=True)
    reported_in = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The code of the report edition that states it, such as 2017-18-Q2.",
    )
    compared_with = serializers.IntegerField(
        source="compared_id",
        read_only=True,
        allow_null=True,
        help_text="The id of the earlier observation the change is worked out against.",
    )

    class Meta:
        model = Observation
        fields = [
            "id",
            "url",
            "metric",
            "area",
            "start_date",
            "end_date",
            "value",
            "basis",
            "source",
            "data_to",
            "caveat",
            "reported_in",
            "compared_with",
            "change",
            "version",
        ]


# What a feed sends: these describe the request in the schema; metrics.feeds checks it.

DATE_HELP = "YYYY-MM-DD. Give date alone for a level, or start_date and end_date."


class ComparisonSerializer(serializers.Serializer):
    start_date = serializers.DateField(required=False, help_text=DATE_HELP)
    end_date = serializers.DateField(required=False)
    date = serializers.DateField(required=False)
    area = serializers.SlugField(
        required=False, help_text="The earlier observation's area, where it is another's."
    )


class ObservationItemSerializer(serializers.Serializer):
    metric = serializers.SlugField(help_text="The metric's slug.")
    area = serializers.SlugField(help_text="The area's slug.")
    start_date = serializers.DateField(required=False, help_text=DATE_HELP)
    end_date = serializers.DateField(required=False)
    date = serializers.DateField(required=False, help_text="The day a level stands at.")
    value = serializers.DecimalField(
        **VALUE_DIGITS, coerce_to_string=True, help_text="Exact, as text (a number is accepted)."
    )
    basis = serializers.ChoiceField(choices=Observation.Basis.choices)
    compared_with = ComparisonSerializer(
        required=False,
        allow_null=True,
        help_text="The earlier observation of the same metric this one is reported against.",
    )
    reported_in = serializers.CharField(
        required=False, allow_null=True, help_text="A report edition's code, such as 2017-18-Q2."
    )
    source = serializers.CharField(
        required=False, allow_blank=True, help_text="Where it comes from; the token's by default."
    )
    data_to = serializers.DateField(required=False, allow_null=True)
    caveat = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version of the observation you read: if it has changed since, "
        "nothing is written and the answer is 409 Conflict.",
    )


class ObservationChangesSerializer(ObservationItemSerializer):
    """An update of one observation: its metric, area and dates, if given, must be its own."""

    metric = serializers.SlugField(required=False)
    area = serializers.SlugField(required=False)
    value = serializers.DecimalField(**VALUE_DIGITS, coerce_to_string=True, required=False)
    basis = serializers.ChoiceField(choices=Observation.Basis.choices, required=False)


class WrittenSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The item's place in the batch, from 0.")
    id = serializers.IntegerField()
    url = serializers.URLField()
    outcome = serializers.ChoiceField(choices=[feeds.CREATED, feeds.UPDATED, feeds.UNCHANGED])


class FeedResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    observations = WrittenSerializer(many=True)


class FeedErrorItemSerializer(serializers.Serializer):
    index = serializers.IntegerField(allow_null=True, help_text="Null for the whole batch.")
    field = serializers.CharField(allow_null=True, help_text="Null for the whole item.")
    reason = serializers.CharField()


class FeedErrorFieldsSerializer(serializers.Serializer):
    items = FeedErrorItemSerializer(many=True)


class FeedErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = FeedErrorFieldsSerializer(required=False)


class FeedErrorSerializer(serializers.Serializer):
    error = FeedErrorDetailSerializer()
