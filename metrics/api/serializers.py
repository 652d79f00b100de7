from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.fields import get_attribute

from essexperf.api.serializers import QuickModelSerializer
from metrics.change import Change, change_on_previous
from metrics.latest import latest_observation
from metrics.models import (
    Area,
    Metric,
    Observation,
    Target,
)
from metrics.models.figures import VALUE_DIGITS
from metrics.numbers import plain
from metrics.presentation import summary_on_previous
from metrics.significance import Method
from priorities.api.serializers import CommitmentSummarySerializer

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


class PlainDecimalModelSerializer(QuickModelSerializer):
    serializer_field_mapping = {
        **QuickModelSerializer.serializer_field_mapping,
        models.DecimalField: PlainDecimalField,
    }


# Areas, metrics and targets


class AreaSummarySerializer(QuickModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:area-detail")

    class Meta:
        model = Area
        fields = ["id", "url", "slug", "name"]


class AreaSerializer(QuickModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:area-detail")
    parent = AreaSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Area
        fields = ["id", "url", "slug", "name", "kind", "parent"]


class MetricSummarySerializer(QuickModelSerializer):
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


ChangeSignificanceSchema = inline_serializer(
    "ChangeSignificance",
    {
        "test": serializers.ChoiceField(
            choices=Method.choices,
            help_text="exact_counts or normal_counts: two Poisson counts over the figures' "
            "days (a total counted, or hours); two_proportions: two percentages, each with "
            "its denominator; none: no test applies (a level, an average).",
        ),
        "p_value": serializers.FloatField(
            allow_null=True, help_text="Two-sided, to 4 significant figures; null untested."
        ),
        "significant": serializers.BooleanField(help_text="Whether the p-value is below 0.05."),
        "interval_low": PlainDecimalField(
            **PERCENT_DIGITS,
            allow_null=True,
            help_text="The 95% interval's lower end: percent change of the rate per day for "
            "counts, percentage points for proportions; null untested.",
        ),
        "interval_high": PlainDecimalField(
            **PERCENT_DIGITS,
            allow_null=True,
            help_text="Its upper end; null untested, or unbounded (a rise from zero).",
        ),
        "words": serializers.CharField(
            help_text='The change as the pages say it, such as "up 44.1% (significant)".'
        ),
    },
    allow_null=True,
)


def significance_figures(summary):
    """A change's significance as the API gives it, from its words (ChangeSummary)."""
    significance = summary.significance
    low, high = significance.shown_interval
    return {
        "test": significance.test,
        "p_value": significance.shown_p_value,
        "significant": significance.significant,
        "interval_low": None if low is None else plain(low),
        "interval_high": None if high is None else plain(high),
        "words": summary.words,
    }


class LatestObservationSerializer(QuickModelSerializer):
    """A metric's latest value, with its change against the value it is compared with.

    Reads `previous_value`, the compared value the reader may see, and the dates and
    denominator of that figure (`compared_start`, `compared_end`, `compared_denominator`),
    annotated by the view."""

    url = serializers.HyperlinkedIdentityField(view_name="api:observation-detail")
    area = AreaSummarySerializer(read_only=True)
    value = UnitValueField()
    change = serializers.SerializerMethodField()
    change_significance = serializers.SerializerMethodField()

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
            "change_significance",
        ]

    @extend_schema_field(MetricChangeSchema)
    def get_change(self, observation):
        change = change_on_previous(observation)
        if change is None:
            return None
        metric = observation.metric
        return {
            "difference": in_unit(change.difference, metric.unit),
            "percent": None if change.percent is None else plain(change.percent),
            "direction": change.direction,
            "judgement": change.judgement(metric.up_is),
        }

    @extend_schema_field(ChangeSignificanceSchema)
    def get_change_significance(self, observation):
        summary = summary_on_previous(observation)
        return None if summary is None else significance_figures(summary)


class MetricSerializer(QuickModelSerializer):
    """Reads `latest`, the latest observation's figures annotated by metrics.latest."""

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
        observation = latest_observation(metric)
        if observation is None:
            return None
        return self.latest_serializer.to_representation(observation)

    @cached_property
    def latest_serializer(self):
        # One for every row of a request, so that its plan is made once.
        return LatestObservationSerializer(context=self.context)


class TargetSerializer(QuickModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:target-detail")
    metric = MetricSummarySerializer(read_only=True)
    area = AreaSummarySerializer(read_only=True)
    value = UnitValueField()

    class Meta:
        model = Target
        fields = ["id", "url", "metric", "area", "value", "due_date", "note"]
