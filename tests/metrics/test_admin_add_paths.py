"""Every way staff add or change figures and the roads tables in the admin, posted as the
admin's own pages send it: each page's form, each inline's blank row and its hidden version,
read from the page as it was rendered for the GET."""

import datetime
from decimal import Decimal

import pytest

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
from tests.admin_helpers import (
    RowEdit,
    admin_url,
    check_edit_saved,
    check_losing_edit_refused,
    own_page,
    post_page,
    says_added,
    says_changed,
)
from tests.factories import (
    AreaFactory,
    KsiPeakTimeFactory,
    KsiRouteFactory,
    KsiTotalFactory,
    KsiVulnerableGroupFactory,
    MetricFactory,
    ObservationFactory,
    ReportingPeriodFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def test_a_new_area_is_saved_from_its_add_page(editor_client):
    essex = AreaFactory()
    page = editor_client.get(admin_url(Area, "add"))
    response = post_page(
        editor_client,
        page,
        follow=True,
        name="Basildon",
        slug="basildon",
        kind="district",
        parent=essex.pk,
    )
    assert says_added(response)
    stored = Area.objects.filter(slug="basildon").values_list("name", "kind", "parent", "version")
    assert list(stored) == [("Basildon", "district", essex.pk, 1)]


def test_a_new_metric_is_saved_from_its_add_page(editor_client):
    page = editor_client.get(admin_url(Metric, "add"))
    response = post_page(
        editor_client,
        page,
        follow=True,
        name="999 calls answered in 10 seconds",
        slug="999-in-10-seconds",
        unit="percent",
        measure="average",
        up_is="good",
        owner="Contact management",
    )
    assert says_added(response)
    stored = Metric.objects.values_list("slug", "unit", "measure", "up_is", "owner", "version")
    assert list(stored) == [
        ("999-in-10-seconds", "percent", "average", "good", "Contact management", 1)
    ]


def test_a_new_observation_is_saved_from_its_add_page(editor_client):
    metric = MetricFactory()
    area = AreaFactory()
    period = ReportingPeriodFactory()
    page = editor_client.get(admin_url(Observation, "add"))
    assert "version" not in page.context["adminform"].form.initial
    response = post_page(
        editor_client,
        page,
        follow=True,
        metric=metric.pk,
        area=area.pk,
        start_date="2017-04-01",
        end_date="2017-08-31",
        basis="financial_year_to_date",
        value="1234",
        reported_in=period.pk,
        source="Athena",
    )
    assert says_added(response)
    row = Observation.objects.get()
    assert (row.metric, row.area, row.start_date, row.end_date) == (
        metric,
        area,
        datetime.date(2017, 4, 1),
        datetime.date(2017, 8, 31),
    )
    assert (row.value, row.basis, row.reported_in, row.source, row.version) == (
        Decimal("1234"),
        "financial_year_to_date",
        period,
        "Athena",
        1,
    )


def test_a_new_observation_row_is_saved_from_the_metric_page(editor_client):
    metric = MetricFactory()
    area = AreaFactory()
    page = editor_client.get(admin_url(Metric, "change", metric.pk))
    response = post_page(
        editor_client,
        page,
        follow=True,
        **{
            "observations-0-area": area.pk,
            "observations-0-start_date": "2017-06-01",
            "observations-0-end_date": "2017-08-31",
            "observations-0-value": "82.5",
            "observations-0-basis": "three_months",
        },
    )
    assert says_changed(response)
    stored = Observation.objects.values_list("metric", "area", "value", "basis", "version")
    assert list(stored) == [(metric.pk, area.pk, Decimal("82.5"), "three_months", 1)]
    assert not Target.objects.exists()


def test_a_new_target_is_saved_from_its_add_page(editor_client):
    metric = MetricFactory()
    area = AreaFactory()
    page = editor_client.get(admin_url(Target, "add"))
    response = post_page(
        editor_client,
        page,
        follow=True,
        metric=metric.pk,
        area=area.pk,
        value="300",
        due_date="2018-12-31",
        note="300 cadets by the end of 2018.",
    )
    assert says_added(response)
    target = Target.objects.get()
    assert (target.metric, target.area, target.value, target.due_date) == (
        metric,
        area,
        Decimal("300"),
        datetime.date(2018, 12, 31),
    )
    assert (target.note, target.version) == ("300 cadets by the end of 2018.", 1)


def test_a_new_target_row_is_saved_from_the_metric_page(editor_client):
    metric = MetricFactory()
    area = AreaFactory()
    page = editor_client.get(admin_url(Metric, "change", metric.pk))
    response = post_page(
        editor_client,
        page,
        follow=True,
        **{
            "targets-0-area": area.pk,
            "targets-0-value": "150",
            "targets-0-due_date": "2019-03-31",
        },
    )
    assert says_changed(response)
    stored = Target.objects.values_list("metric", "area", "value", "due_date", "version")
    assert list(stored) == [(metric.pk, area.pk, Decimal("150"), datetime.date(2019, 3, 31), 1)]
    assert not Observation.objects.exists()


def test_a_new_ksi_total_is_saved_from_its_add_page(editor_client):
    period = ReportingPeriodFactory()
    area = AreaFactory()
    page = editor_client.get(admin_url(KsiTotal, "add"))
    response = post_page(
        editor_client,
        page,
        follow=True,
        period=period.pk,
        area=area.pk,
        start_date="2017-01-01",
        end_date="2017-07-31",
        casualties="403",
        casualties_year_before="450",
    )
    assert says_added(response)
    stored = KsiTotal.objects.values_list(
        "period", "area", "casualties", "casualties_year_before", "version"
    )
    assert list(stored) == [(period.pk, area.pk, 403, 450, 1)]


def test_a_new_ksi_route_with_a_group_and_a_peak_time_is_saved_from_its_add_page(editor_client):
    period = ReportingPeriodFactory()
    page = editor_client.get(admin_url(KsiRoute, "add"))
    response = post_page(
        editor_client,
        page,
        follow=True,
        period=period.pk,
        road="A127",
        order="1",
        collisions_last_3_months="9",
        increase_on_5_year_average="50",
        **{
            "vulnerable_groups-0-order": "1",
            "vulnerable_groups-0-group": "motorcycle",
            "vulnerable_groups-0-percent": "33.3",
            "peak_times-0-days": "weekends",
            "peak_times-0-start_time": "14:00",
            "peak_times-0-end_time": "18:00",
        },
    )
    assert says_added(response)
    route = KsiRoute.objects.get()
    assert (route.period, route.road, route.order, route.collisions_last_3_months) == (
        period,
        "A127",
        1,
        9,
    )
    assert (route.increase_on_5_year_average, route.version) == (Decimal("50"), 1)
    assert list(route.vulnerable_groups.values_list("group", "percent", "version")) == [
        ("motorcycle", Decimal("33.3"), 1)
    ]
    assert list(route.peak_times.values_list("days", "start_time", "end_time", "version")) == [
        ("weekends", datetime.time(14, 0), datetime.time(18, 0), 1)
    ]


def test_a_new_group_and_peak_time_row_are_saved_from_the_ksi_route_page(editor_client):
    route = KsiRouteFactory()
    page = editor_client.get(admin_url(KsiRoute, "change", route.pk))
    response = post_page(
        editor_client,
        page,
        follow=True,
        **{
            "vulnerable_groups-0-order": "2",
            "vulnerable_groups-0-group": "child",
            "vulnerable_groups-0-percent": "12.5",
            "peak_times-0-days": "friday",
        },
    )
    assert says_changed(response)
    assert list(KsiVulnerableGroup.objects.values_list("route", "order", "group", "percent")) == [
        (route.pk, 2, "child", Decimal("12.5"))
    ]
    assert list(KsiPeakTime.objects.values_list("route", "days", "start_time", "end_time")) == [
        (route.pk, "friday", None, None)
    ]


def metric_page(row):
    return admin_url(Metric, "change", row.metric_id)


def route_page(row):
    return admin_url(KsiRoute, "change", row.route_id)


EDITS = {
    "area": RowEdit(AreaFactory, own_page, "name", "name", "Essex Police area", "Essex county"),
    "metric": RowEdit(MetricFactory, own_page, "name", "name", "Crime recorded", "Crimes"),
    "observation": RowEdit(ObservationFactory, own_page, "source", "source", "Athena", "Niche"),
    "observation row on the metric page": RowEdit(
        ObservationFactory,
        metric_page,
        "observations-0-source",
        "source",
        "ONS",
        "Home Office",
    ),
    "target": RowEdit(TargetFactory, own_page, "note", "note", "Plan target.", "Revised target."),
    "target row on the metric page": RowEdit(
        TargetFactory,
        metric_page,
        "targets-0-note",
        "note",
        "Agreed with the board.",
        "Draft.",
    ),
    "KSI total": RowEdit(KsiTotalFactory, own_page, "note", "note", "Provisional.", "Final."),
    "KSI route": RowEdit(KsiRouteFactory, own_page, "road", "road", "A130", "A13"),
    "group row on the KSI route page": RowEdit(
        KsiVulnerableGroupFactory,
        route_page,
        "vulnerable_groups-0-group",
        "group",
        "child",
        "older",
    ),
    "peak time row on the KSI route page": RowEdit(
        lambda: KsiPeakTimeFactory(start_time=None, end_time=None),
        route_page,
        "peak_times-0-days",
        "days",
        "weekends",
        "friday",
    ),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edit_is_saved_and_the_rows_version_moves_on(editor_client, edit):
    check_edit_saved(editor_client, edit)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edit_that_loses_a_race_is_refused_and_writes_nothing(editor_client, edit):
    check_losing_edit_refused(editor_client, edit)
