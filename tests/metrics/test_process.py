"""Which figures make a metric's process chart (metrics.process), the recalculation points
that split it, and the chart on the metric's page."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from essexperf.audit.models import ObjectChange
from metrics.models import Metric, Observation, Recalculation
from metrics.process import headline_processes, process_of, span_of
from metrics.spc import Assurance, Variation
from tests.admin_helpers import SAVED, admin_url
from tests.factories import AreaFactory, MetricFactory, ObservationFactory, TargetFactory
from tests.page_helpers import text_of
from tests.process_helpers import month_starts, monthly_series
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

# 10, 14 in turn for a year, then 20, 24 in turn: from the 13th month (Oct 2016) a new
# process. With a recalculation there: means (6 x 10 + 6 x 14) / 12 = 12 and
# (6 x 20 + 6 x 24) / 12 = 22, each with moving ranges of 4, so limits 2.66 x 4 = 10.64
# either side: 1.4 to 22.6, and 11.4 to 32.6.
STEP = [10, 14] * 6 + [20, 24] * 6
NEW_PROCESS = month_starts(24)[12]


@pytest.fixture
def metric():
    return MetricFactory(name="Volunteer hours", slug="volunteer-hours", up_is=Metric.UpIs.GOOD)


@pytest.fixture
def essex():
    return AreaFactory()


def test_a_span_is_said_in_whole_months_or_days():
    assert span_of(datetime.date(2017, 9, 30), datetime.date(2017, 9, 30)) == "at a date"
    assert span_of(datetime.date(2017, 2, 1), datetime.date(2017, 2, 28)) == "1 month"
    assert span_of(datetime.date(2016, 10, 1), datetime.date(2017, 9, 30)) == "12 months"
    assert span_of(datetime.date(2017, 9, 4), datetime.date(2017, 9, 10)) == "7 days"


def test_a_series_keeps_to_one_area_basis_and_span(metric, essex, viewer, published):
    monthly_series(metric, essex, STEP)
    # Another area, another basis and a figure of another span on the same basis: apart.
    monthly_series(metric, AreaFactory(slug="braintree", name="Braintree"), [99] * 12)
    ObservationFactory(metric=metric, area=essex, basis=Observation.Basis.THREE_MONTHS)
    ObservationFactory(
        metric=metric,
        area=essex,
        basis=Observation.Basis.MONTH,
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2015, 3, 31),
        value=Decimal(500),
    )

    process = process_of(viewer, published, metric, essex)

    assert (process.basis, process.span) == (Observation.Basis.MONTH, "1 month")
    assert [p.value for p in process.chart.points] == [Decimal(v) for v in STEP]
    assert process.bases == (Observation.Basis.MONTH, Observation.Basis.THREE_MONTHS)


def test_a_basis_asked_for_is_charted_even_with_too_few_points(metric, essex, viewer, published):
    monthly_series(metric, essex, STEP)
    ObservationFactory(metric=metric, area=essex, basis=Observation.Basis.THREE_MONTHS)

    process = process_of(viewer, published, metric, essex, Observation.Basis.THREE_MONTHS)

    assert process.span == "3 months"
    assert process.chart.shortfall == "Not enough points for a process chart: 1 of the 12 needed."


def test_figures_not_yet_known_by_the_period_are_left_out(metric, essex, viewer, published):
    # The last month, October 2017, is after the period's end (30 September 2017).
    monthly_series(metric, essex, STEP, last=datetime.date(2017, 10, 1))

    process = process_of(viewer, published, metric, essex)

    assert len(process.chart.points) == 23


def test_a_recalculation_for_the_area_or_every_area_splits_the_chart(
    metric, essex, viewer, published
):
    monthly_series(metric, essex, STEP)
    other = AreaFactory(slug="braintree", name="Braintree")
    Recalculation.objects.create(metric=metric, date=NEW_PROCESS, reason="New crime recording.")
    Recalculation.objects.create(metric=metric, area=other, date=month_starts(24)[6], reason="x")

    process = process_of(viewer, published, metric, essex)

    first, second = process.chart.segments
    assert (first.mean, first.lower, first.upper) == (
        Decimal("12.0"),
        Decimal("1.4"),
        Decimal("22.6"),
    )
    assert (second.mean, second.lower, second.upper) == (
        Decimal("22.0"),
        Decimal("11.4"),
        Decimal("32.6"),
    )
    assert [reason for _, reason in process.segment_rows] == ["", "New crime recording."]


def test_the_target_for_the_area_gives_the_assurance(metric, essex, viewer, published):
    monthly_series(metric, essex, STEP)
    Recalculation.objects.create(metric=metric, date=NEW_PROCESS, reason="New crime recording.")
    # Up is good and 10 lies below the latest segment's lower limit, 11.4.
    TargetFactory(metric=metric, area=essex, value=Decimal(10), due_date=datetime.date(2018, 3, 31))
    TargetFactory(
        metric=metric,
        area=AreaFactory(slug="braintree", name="Braintree"),
        value=Decimal(50),
        due_date=datetime.date(2018, 3, 31),
    )

    process = process_of(viewer, published, metric, essex)

    assert process.target.value == Decimal(10)
    assert process.chart.assurance == Assurance.PASSING


def test_a_chart_costs_two_queries_with_its_targets_at_hand(
    metric, essex, viewer, published, django_assert_num_queries
):
    monthly_series(metric, essex, STEP)

    # The viewer's permissions (whether they see drafts), then 1 the area's figures, every
    # basis, 2 the recalculation points.
    with django_assert_num_queries(PERMISSION_QUERIES + 2):
        process_of(viewer, published, metric, essex, targets=[])


def test_headline_processes_cost_three_queries_however_many_metrics(
    essex, viewer, published, django_assert_num_queries
):
    latest = []
    for _ in range(3):
        metric = MetricFactory()
        latest.append(monthly_series(metric, essex, STEP)[-1])
        Recalculation.objects.create(metric=metric, date=NEW_PROCESS, reason="New recording.")
    latest = list(
        Observation.objects.filter(pk__in=[o.pk for o in latest]).select_related("metric")
    )

    # The viewer's permissions, then 1 the figures of every line, 2 the recalculation
    # points, 3 the targets.
    with django_assert_num_queries(PERMISSION_QUERIES + 3):
        charts = headline_processes(viewer, published, latest)

    assert {chart.segments[1].mean for chart in charts.values()} == {Decimal("22.0")}
    assert {chart.variation for chart in charts.values()} == {Variation.COMMON}


def test_a_recalculation_needs_its_reason_and_a_date_within_range(metric):
    recalculation = Recalculation(metric=metric, date=datetime.date(9999, 1, 1), reason="")

    with pytest.raises(ValidationError) as refused:
        recalculation.full_clean()

    assert set(refused.value.message_dict) == {"date", "reason"}


def test_a_recalculation_is_versioned_and_audited(metric):
    recalculation = Recalculation.objects.create(metric=metric, date=NEW_PROCESS, reason="A.")
    recalculation.reason = "New crime recording standard."
    recalculation.save()

    assert recalculation.version == 2
    kind = ContentType.objects.get_for_model(Recalculation)
    changes = ObjectChange.objects.filter(content_type=kind, object_id=recalculation.pk)
    assert [c.action for c in changes.order_by("pk")] == ["create", "update"]


def test_a_second_recalculation_for_every_area_on_the_same_date_is_refused(metric):
    Recalculation.objects.create(metric=metric, date=NEW_PROCESS, reason="A.")

    with pytest.raises(ValidationError) as refused:
        Recalculation(metric=metric, date=NEW_PROCESS, reason="B.").full_clean()

    assert "for every area on this date" in str(refused.value)


def test_the_metric_page_draws_the_process_chart_and_tables_its_segments(
    metric, essex, viewer_client, published
):
    monthly_series(metric, essex, STEP)
    Recalculation.objects.create(metric=metric, date=NEW_PROCESS, reason="New crime recording.")

    response = viewer_client.get(reverse("metrics:metric_detail", args=[metric.slug]))

    page = text_of(response)
    assert 'id="chart-process"' in response.text
    assert "Variation Common cause variation" in page
    # Each figure is charted at its last day: October 2016 to September 2017.
    assert "31 Oct 2016 30 Sep 2017 12 22 11.4 32.6 New crime recording." in page
    assert "No target for Essex" in page


def test_the_metric_page_says_when_there_are_too_few_points(
    metric, essex, viewer_client, published
):
    monthly_series(metric, essex, STEP[:5])

    response = viewer_client.get(reverse("metrics:metric_detail", args=[metric.slug]))

    assert "Not enough points for a process chart: 5 of the 12 needed." in text_of(response)
    assert 'id="chart-process"' not in response.text


def test_the_metric_page_charts_the_basis_asked_for_and_offers_the_others(
    metric, essex, viewer_client, published
):
    monthly_series(metric, essex, STEP)
    ObservationFactory(metric=metric, area=essex, basis=Observation.Basis.THREE_MONTHS)
    url = reverse("metrics:metric_detail", args=[metric.slug])

    chosen = text_of(viewer_client.get(url, {"basis": "three_months"}))
    made_up = text_of(viewer_client.get(url, {"basis": "fortnight"}))

    assert "each covering 3 months (basis: Three months)" in chosen
    assert "Not enough points for a process chart: 1 of the 12 needed." in chosen
    assert "Basis Month Three months Show basis" in chosen
    # A basis that does not exist shows the basis with the most figures.
    assert "each covering 1 month (basis: Month)" in made_up


def test_an_editor_adds_a_recalculation_on_its_own_admin_page(editor_client, metric):
    response = editor_client.post(
        admin_url(Recalculation, "add"),
        {"metric": metric.pk, "date": "2016-10-01", "reason": "New crime recording.", "version": 1},
        follow=True,
    )

    assert SAVED in response.text
    saved = Recalculation.objects.get()
    assert (saved.metric, saved.area, saved.date) == (metric, None, NEW_PROCESS)


def test_a_recalculation_without_a_reason_is_refused_at_its_field(editor_client, metric):
    response = editor_client.post(
        admin_url(Recalculation, "add"),
        {"metric": metric.pk, "date": "2016-10-01", "reason": "", "version": 1},
    )

    assert response.context["adminform"].form.errors == {"reason": ["This field is required."]}
    assert not Recalculation.objects.exists()


def test_a_board_member_may_not_reach_the_recalculations_admin(viewer_client):
    response = viewer_client.get(admin_url(Recalculation, "changelist"))

    # Not staff: sent to the admin's sign-in, never shown the list.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_reason_typed_as_markup_is_shown_as_text(metric, essex, viewer_client, published):
    monthly_series(metric, essex, STEP)
    Recalculation.objects.create(
        metric=metric, date=NEW_PROCESS, reason="<script>alert(1)</script>"
    )

    response = viewer_client.get(reverse("metrics:metric_detail", args=[metric.slug]))

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<script>alert(1)" not in response.text


def test_a_recalculation_added_after_the_page_was_cached_shows_at_once(
    metric, essex, viewer_client, published
):
    monthly_series(metric, essex, STEP)
    url = reverse("metrics:metric_detail", args=[metric.slug])
    assert "New crime recording." not in viewer_client.get(url).text

    Recalculation.objects.create(metric=metric, date=NEW_PROCESS, reason="New crime recording.")

    assert "New crime recording." in viewer_client.get(url).text
