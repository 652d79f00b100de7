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
from metrics.models import KsiDistrict, KsiPeakTime, KsiRoute, KsiTotal, KsiVulnerableGroup
from metrics.presentation import ksi_summary
from priorities.api.serializers import AmendedSerializer, PeriodSummarySerializer


class KsiChangeSerializer(serializers.Serializer):
    difference = serializers.IntegerField(help_text="Casualties more (or fewer) than before.")
    percent = PlainDecimalField(
        **PERCENT_DIGITS, allow_null=True, help_text="Null when there were none before."
    )
    direction = serializers.ChoiceField(choices=DIRECTIONS)


class KsiSourceSerializer(serializers.Serializer):
    """The import of road casualty records a computed row was computed from."""

    kind = serializers.CharField(source="source.kind", help_text="The data source's kind.")
    name = serializers.CharField(source="source.name", help_text="The data source's name.")
    file_name = serializers.CharField()
    sha256 = serializers.CharField(help_text="The SHA-256 of the file imported.")
    imported_at = serializers.DateTimeField(source="finished_at", allow_null=True)
    import_id = serializers.IntegerField(source="id")


SOURCE_HELP = (
    "Null for a row typed in; for a row computed from road casualty records, the latest "
    "import of the records it was computed from."
)


class KsiTotalComputedSerializer(serializers.Serializer):
    casualties = serializers.IntegerField(source="computed_casualties")
    casualties_year_before = serializers.IntegerField(source="computed_casualties_year_before")
    basis = serializers.CharField(
        source="ksi_basis", help_text="raw: as recorded by the police; adjusted: the DfT's."
    )


class KsiRouteComputedSerializer(serializers.Serializer):
    collisions_last_3_months = serializers.IntegerField(source="computed_collisions")
    increase_on_5_year_average = PlainDecimalField(source="computed_increase", decimal_places=1)


def computed(serializer_class, row, figure):
    """What was computed, beside the row's figures (which an editor may have changed since);
    None for a row typed in."""
    return None if getattr(row, figure) is None else serializer_class(row).data


class KsiDistrictSerializer(serializers.ModelSerializer):
    """A district among the period's top five by KSI collisions."""

    name = serializers.CharField(
        source="label", read_only=True, help_text="The district's name, or its code if unknown."
    )
    computed_collisions = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = KsiDistrict
        fields = ["order", "district_code", "name", "collisions", "computed_collisions"]


class KsiTotalSerializer(AmendedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:ksi-total-detail")
    period = PeriodSummarySerializer(read_only=True)
    area = AreaSummarySerializer(read_only=True)
    change = KsiChangeSerializer(read_only=True, help_text="Against the same dates a year before.")
    change_significance = serializers.SerializerMethodField()
    source = KsiSourceSerializer(
        source="computed_from", read_only=True, allow_null=True, help_text=SOURCE_HELP
    )
    computed = serializers.SerializerMethodField()
    districts = KsiDistrictSerializer(
        source="period.ksi_districts",
        many=True,
        read_only=True,
        help_text="The period's districts with the most KSI collisions, most first.",
    )

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
            "source",
            "computed",
            "districts",
            "amended",
            "amendments",
        ]

    @extend_schema_field(ChangeSignificanceSchema)
    def get_change_significance(self, total):
        return significance_figures(ksi_summary(total))

    @extend_schema_field(KsiTotalComputedSerializer(allow_null=True))
    def get_computed(self, total):
        return computed(KsiTotalComputedSerializer, total, "computed_casualties")


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
    source = KsiSourceSerializer(
        source="computed_from", read_only=True, allow_null=True, help_text=SOURCE_HELP
    )
    computed = serializers.SerializerMethodField()

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
            "source",
            "computed",
            "amended",
            "amendments",
        ]

    @extend_schema_field(KsiRouteComputedSerializer(allow_null=True))
    def get_computed(self, route):
        return computed(KsiRouteComputedSerializer, route, "computed_collisions")
