"""Observations through the API: as read, and as data feeds send them."""

from rest_framework import serializers

from metrics import feeds
from metrics.api.serializers import LatestObservationSerializer, MetricSummarySerializer
from metrics.feed_items import MAX_DENOMINATOR
from metrics.models import DataImport, Observation
from metrics.models.figures import VALUE_DIGITS
from priorities.api.serializers import AmendedSerializer


class DataImportSummarySerializer(serializers.ModelSerializer):
    """The import of a published data set's file that wrote a figure."""

    kind = serializers.CharField(source="source.kind", help_text="The kind of data set.")
    data_set = serializers.CharField(source="source.name", help_text="Such as police.uk outcomes.")
    imported_at = serializers.DateTimeField(source="finished_at", allow_null=True)

    class Meta:
        model = DataImport
        fields = ["id", "kind", "data_set", "file_name", "sha256", "imported_at"]


class ObservationSourceSerializer(serializers.Serializer):
    """Where a figure comes from: as its writer named it, and, for a figure imported from a
    published data set (police.uk's crime, say), the import and file that wrote it."""

    name = serializers.CharField(source="source", help_text="As its writer named it.")
    data_import = DataImportSummarySerializer(
        read_only=True, allow_null=True, help_text="Null for a figure typed in or sent by a feed."
    )


# Reads `compared_id` and `previous_value`, the id and value of the observation compared
# with where the reader may see it, annotated by the view.
class ObservationSerializer(AmendedSerializer, LatestObservationSerializer):
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
    source = ObservationSourceSerializer(source="*", read_only=True)
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
            "denominator",
            "basis",
            "source",
            "data_to",
            "caveat",
            "reported_in",
            "compared_with",
            "change",
            "change_significance",
            "version",
            "amended",
            "amendments",
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
    denominator = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_DENOMINATOR,
        help_text="For a percentage: the count it is of, such as the calls answered.",
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
        required=False,
        allow_blank=True,
        help_text="Where it comes from; the token's by default. Read back as the name of the "
        "observation's source object.",
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
    id = serializers.IntegerField(
        allow_null=True, help_text="Null where the outcome is written (see outcome)."
    )
    url = serializers.URLField(
        allow_null=True,
        help_text="Where to read it; null when the writer may not read it (see note).",
    )
    note = serializers.CharField(
        required=False,
        help_text="Why there is no url: the figure is reported in a period not yet "
        "published, and reading drafts needs a token that may read them.",
    )
    outcome = serializers.ChoiceField(
        choices=[feeds.CREATED, feeds.UPDATED, feeds.UNCHANGED, feeds.WRITTEN],
        help_text="written: the figure is stored as sent, in a period the writer may not read, "
        "so whether it was new, changed or already so is not told.",
    )


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
