"""The admin as PCC office staff use it to enter the plan's figures and the roads tables."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metrics.models import Area, KsiRoute, KsiTotal, Metric, Observation, Target
from tests.admin_helpers import admin_url, listed
from tests.factories import (
    AreaFactory,
    CommitmentFactory,
    KsiPeakTimeFactory,
    KsiRouteFactory,
    KsiTotalFactory,
    KsiVulnerableGroupFactory,
    MetricFactory,
    ObservationFactory,
    ReportingPeriodFactory,
    TargetFactory,
)
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db


def district(name):
    return AreaFactory(name=name, slug=name.lower().replace(" ", "-"), kind=Area.Kind.DISTRICT)


def observation_data(metric, **changes):
    data = {
        "metric": metric.pk,
        "area": AreaFactory().pk,
        "start_date": "2017-06-01",
        "end_date": "2017-08-31",
        "value": "82.5",
        "basis": "three_months",
    }
    return data | changes


def metric_page_data(metric, rows):
    """The metric's change form posted with new observation rows and no targets."""
    data = {
        "name": metric.name,
        "slug": metric.slug,
        "unit": metric.unit,
        "measure": metric.measure,
        "up_is": metric.up_is,
        "observations-TOTAL_FORMS": len(rows),
        "observations-INITIAL_FORMS": 0,
        "targets-TOTAL_FORMS": 0,
        "targets-INITIAL_FORMS": 0,
    }
    for index, row in enumerate(rows):
        data |= {f"observations-{index}-{name}": value for name, value in row.items()}
    return data


def observation_row(**changes):
    row = {
        "area": AreaFactory().pk,
        "start_date": "2017-06-01",
        "end_date": "2017-08-31",
        "value": "82.5",
        "basis": "three_months",
    }
    return row | changes


def comparison(unit, earlier, later):
    metric = MetricFactory(unit=unit)
    before = ObservationFactory(
        metric=metric,
        value=Decimal(earlier),
        start_date=datetime.date(2016, 6, 1),
        end_date=datetime.date(2016, 8, 31),
    )
    return ObservationFactory(metric=metric, value=Decimal(later), compared_with=before)


def route_with_groups_and_times(**fields):
    route = KsiRouteFactory(**fields)
    KsiVulnerableGroupFactory(route=route)
    KsiPeakTimeFactory(route=route)
    return route


@pytest.mark.parametrize(
    "make",
    [
        lambda: district("Chelmsford"),
        lambda: TargetFactory(metric=ObservationFactory().metric).metric,
        lambda: comparison(Metric.Unit.COUNT, "332", "374"),
        TargetFactory,
        KsiTotalFactory,
        route_with_groups_and_times,
    ],
    ids=["area", "metric", "observation", "target", "ksi-total", "ksi-route"],
)
def test_the_editor_opens_the_list_add_and_change_pages_of_every_model(editor_client, make):
    entry = make()
    model = type(entry)
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", entry.pk),
    ]:
        assert editor_client.get(url).status_code == 200, url


def test_a_board_member_without_staff_access_is_sent_to_the_admin_login(viewer_client):
    response = viewer_client.get(admin_url(Observation, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Lists: readable columns, searched and filtered, as many queries for 20 rows as for 2.


@pytest.mark.parametrize(
    ("unit", "earlier", "later", "value", "change"),
    [
        # Totals over 92 days each. 374 against 332: z = (|374 - 353| - 0.5) / sqrt(706 / 4)
        # = 20.5 / 13.29 = 1.54, p = 0.12.
        (Metric.Unit.COUNT, "332", "374", "374", "+42 (+12.7%), within normal variation"),
        # A percentage without its denominators, a change in percent, money: no test.
        (Metric.Unit.PERCENT, "80", "82.5", "82.5%", "+2.5 points (+3.1%), no test applies"),
        (
            Metric.Unit.PERCENT_CHANGE,
            "12.4",
            "-4",
            "-4%",
            "-16.4 points (-132.3%), no test applies",
        ),
        (
            Metric.Unit.POUNDS,
            "500000",
            "450000",
            "£450,000",
            "-£50,000 (-10.0%), no test applies",
        ),
        # 27,292 hours against none: P(X = 27,292 | n = 27,292, 1/2) = 2^-27,292, doubled.
        (
            Metric.Unit.HOURS,
            "0",
            "27292",
            "27,292 hours",
            "+27,292 hours (from zero), significant",
        ),
    ],
)
def test_the_observation_list_shows_the_value_with_its_unit_and_the_computed_change(
    editor_client, unit, earlier, later, value, change
):
    observation = comparison(unit, earlier, later)
    params = {"metric__id__exact": observation.metric_id}
    response = editor_client.get(admin_url(Observation, "changelist"), params)
    assert f'<td class="field-value_with_unit">{value}</td>' in response.text
    assert f'<td class="field-change_on_comparison">{change}</td>' in response.text


def test_the_ksi_total_list_shows_the_change_on_a_year_before(editor_client):
    KsiTotalFactory(casualties=403, casualties_year_before=450)
    response = editor_client.get(admin_url(KsiTotal, "changelist"))
    # z = (|403 - 426.5| - 0.5) / sqrt(853 / 4) = 23 / 14.603 = 1.575, p = 0.115.
    expected = "-47 (-10.4%), within normal variation"
    assert f'<td class="field-change_on_year_before">{expected}</td>' in response.text


def test_the_area_list_is_searched_and_filtered_by_kind(editor_client):
    wanted = district("Chelmsford")
    AreaFactory(name="Chelmsford LPA", slug="chelmsford-lpa", kind=Area.Kind.LPA)
    district("Colchester")
    assert listed(editor_client, Area, q="chelm", kind__exact="district") == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_area_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    essex = AreaFactory()
    for index in range(rows):
        AreaFactory(name=f"District {index}", slug=f"district-{index}", parent=essex)
    # The session, the user, the count of areas listed, the count of all areas, and the
    # areas with their parent.
    with django_assert_num_queries(5 + PERMISSION_QUERIES):
        editor_client.get(admin_url(Area, "changelist"))


def test_the_metric_list_is_searched_and_filtered_by_unit(editor_client):
    wanted = MetricFactory(name="Special Constable headcount")
    MetricFactory(name="Special Constable hours", unit=Metric.Unit.HOURS)
    MetricFactory(name="Volunteer Police Cadets")
    assert listed(editor_client, Metric, q="special", unit__exact="count") == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_metric_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    for _ in range(rows):
        commitment = CommitmentFactory()
        MetricFactory(priority=commitment.priority, commitment=commitment)
    # The session, the user, the plans and the priorities to filter by, the count of
    # metrics listed, the count of all metrics, and the metrics with their priority and
    # commitment.
    with django_assert_num_queries(7 + PERMISSION_QUERIES):
        editor_client.get(admin_url(Metric, "changelist"))


def test_the_observation_list_is_searched_and_filtered_by_area(editor_client):
    chelmsford = district("Chelmsford")
    wanted = ObservationFactory(metric__name="Special Constable hours", area=chelmsford)
    ObservationFactory(metric__name="Special Constable headcount")
    ObservationFactory(metric__name="Volunteer Police Cadets", area=chelmsford)
    found = listed(editor_client, Observation, q="special", area__id__exact=chelmsford.pk)
    assert found == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_observation_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    period = ReportingPeriodFactory()
    for _ in range(rows):
        observation = comparison(Metric.Unit.COUNT, "332", "374")
        Observation.objects.filter(pk=observation.pk).update(reported_in=period)
    # The session, the user, the periods, the areas and the metrics to filter by, the
    # count of observations listed, the count of all observations, the observations with
    # their metric, area, comparison and period, and the first and last end dates and the
    # dates between them to drill down by.
    with django_assert_num_queries(10 + PERMISSION_QUERIES):
        editor_client.get(admin_url(Observation, "changelist"))


def test_the_target_list_is_searched_and_filtered_by_area(editor_client):
    chelmsford = district("Chelmsford")
    wanted = TargetFactory(metric__name="Volunteer Police Cadets", area=chelmsford)
    TargetFactory(metric__name="Volunteer Police Cadets in Essex")
    TargetFactory(metric__name="Special Constable headcount", area=chelmsford)
    found = listed(editor_client, Target, q="cadets", area__id__exact=chelmsford.pk)
    assert found == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_target_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    TargetFactory.create_batch(rows)
    # The session, the user, the areas and the metrics to filter by, the count of targets
    # listed, the count of all targets, the targets with their metric and area, and the
    # first and last due dates and the dates between them to drill down by.
    with django_assert_num_queries(9 + PERMISSION_QUERIES):
        editor_client.get(admin_url(Target, "changelist"))


def test_the_ksi_total_list_is_searched_and_filtered_by_period(editor_client):
    period = ReportingPeriodFactory()
    wanted = KsiTotalFactory(period=period, area=district("Chelmsford"))
    KsiTotalFactory(period=period, area=district("Colchester"))
    KsiTotalFactory(period=ReportingPeriodFactory(quarter=1), area=wanted.area)
    found = listed(editor_client, KsiTotal, q="chelmsford", period__id__exact=period.pk)
    assert found == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_ksi_total_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    period = ReportingPeriodFactory()
    for index in range(rows):
        KsiTotalFactory(period=period, area=district(f"District {index}"))
    # The session, the user, the periods, the financial years and the areas to filter by,
    # the count of totals listed, the count of all totals, and the totals with their period
    # and area.
    with django_assert_num_queries(8 + PERMISSION_QUERIES):
        editor_client.get(admin_url(KsiTotal, "changelist"))


def test_the_ksi_route_list_is_searched_and_filtered_by_period(editor_client):
    period = ReportingPeriodFactory()
    wanted = KsiRouteFactory(period=period, road="B1414")
    KsiRouteFactory(period=period, road="A12")
    KsiRouteFactory(period=ReportingPeriodFactory(quarter=1), road="B1414")
    found = listed(editor_client, KsiRoute, q="B14", period__id__exact=period.pk)
    assert found == [wanted]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_ksi_route_list_makes_as_many_queries_for_20_rows_as_for_2(
    editor_client, django_assert_num_queries, rows
):
    period = ReportingPeriodFactory()
    for _ in range(rows):
        route_with_groups_and_times(period=period)
    # The session, the user, the periods and the financial years to filter by, the count of
    # routes listed, the count of all routes, the routes with their period, and their
    # vulnerable groups and their peak times.
    with django_assert_num_queries(9 + PERMISSION_QUERIES):
        editor_client.get(admin_url(KsiRoute, "changelist"))


# Bad input is refused at the field, and nothing is saved.


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        (Metric.Unit.PERCENT, "100.5", "cannot be above 100."),
        (Metric.Unit.COUNT, "-1", "cannot be below 0."),
    ],
)
def test_an_observation_outside_its_metrics_range_is_refused_at_its_value(
    editor_client, unit, value, message
):
    metric = MetricFactory(unit=unit)
    data = observation_data(metric, value=value)
    response = editor_client.post(admin_url(Observation, "add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["value"] == [f"{metric.name} {message}"]
    assert not Observation.objects.exists()


def test_a_second_observation_for_a_metric_area_and_period_is_refused_at_its_end_date(
    editor_client,
):
    existing = ObservationFactory()
    data = observation_data(existing.metric, area=existing.area_id)
    response = editor_client.post(admin_url(Observation, "add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["end_date"] == ["This metric already has a value for this area and period."]
    assert Observation.objects.count() == 1


def test_a_metric_is_not_saved_when_one_of_its_observations_is_out_of_range(editor_client):
    metric = MetricFactory(unit=Metric.Unit.PERCENT, name="Calls answered in time")
    rows = [observation_row(value="82.5"), observation_row(value="182.5")]
    data = metric_page_data(metric, rows) | {"description": "Changed."}
    response = editor_client.post(admin_url(Metric, "change", metric.pk), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {}
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors[0] == {}
    assert formset.errors[1]["value"] == ["Calls answered in time cannot be above 100."]
    metric.refresh_from_db()
    assert metric.description == ""
    assert not Observation.objects.exists()


def test_a_second_observation_in_the_metrics_rows_is_refused_at_its_end_date(editor_client):
    existing = ObservationFactory()
    rows = [observation_row(area=existing.area_id, value="90")]
    data = metric_page_data(existing.metric, rows)
    response = editor_client.post(admin_url(Metric, "change", existing.metric_id), data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors[0]["end_date"] == [
        "This metric already has a value for this area and period."
    ]
    assert Observation.objects.count() == 1


def test_a_new_metric_takes_its_figures_once_it_is_saved(editor_client):
    response = editor_client.get(admin_url(Metric, "add"))
    assert response.context["inline_admin_formsets"] == []
    metric = MetricFactory()
    response = editor_client.get(admin_url(Metric, "change", metric.pk))
    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == ["observations", "targets", "recalculations"]


def test_the_metrics_observations_are_listed_newest_first(editor_client):
    older = ObservationFactory(start_date="2017-03-01", end_date="2017-05-31")
    newer = ObservationFactory(metric=older.metric)
    response = editor_client.get(admin_url(Metric, "change", older.metric_id))
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance for form in formset.initial_forms] == [newer, older]
