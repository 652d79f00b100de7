"""Roads safety through the API: people killed or seriously injured (KSI), in totals by area
and by route."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from metrics.api.serializers import (
    DIRECTIONS,
    PERCENT_DIGITS,
    AreaSummarySerializer,
    ChangeSignificanceSchema,
    PlainDecimalField,
    PlainDecimalModelSerializer,
    significance_figures,
)
from metrics.models import KsiPeakTime, KsiRoute, KsiTotal, KsiVulnerableGroup
from metrics.presentation import ksi_summary
from priorities.api.serializers import AmendedSerializer, PeriodSummarySerializer


class KsiChangeSerializer(serializers.Serializer):
    difference = serializers.IntegerField(help_text="Casualties more (or fewer) than before.")
    percent = PlainDecimalField(
        **PERCENT_DIGITS, allow_null=True, help_text="Null when there were none before."
    )
    direction = serializers.ChoiceField(choices=DIRECTIONS)


class KsiTotalSerializer(AmendedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:ksi-total-detail")
    period = PeriodSummarySerializer(read_only=True)
    area = AreaSummarySerializer(read_only=True)
    change = KsiChangeSerializer(read_only=True, help_text="Against the same dates a year before.")
    change_significance = serializers.SerializerMethodField()

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
            "change_significance",
            "note",
            "amended",
            "amendments",
        ]

    @extend_schema_field(ChangeSignificanceSchema)
    def get_change_significance(self, total):
        return significance_figures(ksi_summary(total))


class KsiVulnerableGroupSerializer(AmendedSerializer, PlainDecimalModelSerializer):
    label = serializers.CharField(source="get_group_display", read_only=True)

    class Meta:
        model = KsiVulnerableGroup
        fields = ["group", "label", "percent", "amended", "amendments"]


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "11:00"})
class ClockTimeField(serializers.TimeField):
    """A time of day as "11:00": peak hours carry no time zone, which ISO times would need."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class KsiPeakTimeSerializer(AmendedSerializer):
    start_time = ClockTimeField(read_only=True, allow_null=True)
    end_time = ClockTimeField(read_only=True, allow_null=True)

    class Meta:
        model = KsiPeakTime
        fields = ["days", "start_time", "end_time", "amended", "amendments"]


class KsiRouteSerializer(AmendedSerializer, PlainDecimalModelSerializer):
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
            "amended",
            "amendments",
        ]
