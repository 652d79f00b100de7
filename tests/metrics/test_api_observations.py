"""Observations through the API: read by other systems, written by the force's data feeds."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essexperf.api import keyset
from essexperf.api.models import ApiToken
from metrics.models import Area, Metric, Observation
from tests.api_helpers import as_dicts, error_of, parse_csv, parse_xlsx, token_client
from tests.factories import AreaFactory, MetricFactory, ObservationFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db

MAY = datetime.date(2017, 5, 31)
JUNE = datetime.date(2017, 6, 1)
JUNE_END = datetime.date(2017, 6, 30)
AUGUST = datetime.date(2017, 8, 31)
LIST = reverse("api:observation-list")


def detail(pk):
    return reverse("api:observation-detail", args=[pk])


def results(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def ids(client, **params):
    return sorted(row["id"] for row in results(client, **params))


def draft():
    return ReportingPeriodFactory(
        financial_year=2017, quarter=3, data_to=datetime.date(2017, 11, 30)
    )


@pytest.fixture
def headcount():
    """The Special Constable headcount: 374 at the end of August, against 332 in May."""
    metric = MetricFactory(
        slug="special-constable-headcount",
        name="Special Constable headcount",
        measure=Metric.Measure.LEVEL,
        up_is=Metric.UpIs.GOOD,
    )
    may = ObservationFactory(
        metric=metric, start_date=MAY, end_date=MAY, value=332, basis="point_in_time"
    )
    ObservationFactory(
        metric=metric,
        start_date=AUGUST,
        end_date=AUGUST,
        value=374,
        basis="point_in_time",
        compared_with=may,
        reported_in=ReportingPeriodFactory(published=True),
        source="Essex Police",
        data_to=AUGUST,
        caveat="Headcount, not full-time equivalent.",
    )
    return metric


@pytest.fixture
def writer():
    return token_client(can_write=True)


def item(**changes):
    base = {
        "metric": "special-constable-headcount",
        "area": "essex",
        "date": "2017-09-30",
        "value": "380",
        "basis": "point_in_time",
    }
    return base | changes


# Reading


def test_an_observation_carries_its_metric_area_dates_value_source_and_change(
    viewer_client, headcount
):
    august = headcount.observations.get(end_date=AUGUST)

    row = viewer_client.get(detail(august.pk)).json()

    assert row["id"] == august.pk
    assert row["url"] == f"http://testserver{detail(august.pk)}"
    assert row["metric"] == {
        "id": headcount.pk,
        "url": f"http://testserver{reverse('api:metric-detail', args=[headcount.pk])}",
        "slug": "special-constable-headcount",
        "name": "Special Constable headcount",
        "unit": "count",
    }
    assert (row["area"]["slug"], row["area"]["name"]) == ("essex", "Essex")
    assert (row["start_date"], row["end_date"]) == ("2017-08-31", "2017-08-31")
    assert row["value"] == "374"
    assert row["basis"] == "point_in_time"
    assert row["source"] == {"name": "Essex Police", "data_import": None}
    assert row["data_to"] == "2017-08-31"
    assert row["caveat"] == "Headcount, not full-time equivalent."
    assert row["reported_in"] == "2017-18-Q2"
    assert row["compared_with"] == august.compared_with_id
    assert row["change"] == {
        "difference": "42",
        "percent": "12.7",
        "direction": "increase",
        "judgement": "good",
    }


def test_pounds_keep_their_pence(viewer_client):
    metric = MetricFactory(unit=Metric.Unit.POUNDS, up_is=Metric.UpIs.BAD)
    earlier = ObservationFactory(metric=metric, end_date=MAY, start_date=MAY, value=20000)
    ObservationFactory(metric=metric, value=Decimal("21216.5"), compared_with=earlier)

    [row, _] = results(viewer_client, ordering="-end_date")

    assert row["value"] == "21216.50"
    assert row["change"]["difference"] == "1216.50"
    assert row["change"]["judgement"] == "bad"


def test_a_reader_sees_no_draft_figure_nor_a_change_worked_out_from_one(viewer, editor, headcount):
    may = headcount.observations.get(end_date=MAY)
    # Put in a draft past the model, which keeps the figure a published one is compared with
    # as it is (priorities.freeze): a draft's figure may be compared with before it is.
    Observation._base_manager.filter(pk=may.pk).update(reported_in=draft())
    reader, staff = Client(), Client()
    reader.force_login(viewer)
    staff.force_login(editor)

    [row] = results(reader)
    assert (row["compared_with"], row["change"]) == (None, None)
    assert reader.get(detail(may.pk)).status_code == 404
    assert len(results(staff)) == 2
    assert results(staff, ordering="-end_date")[0]["change"]["difference"] == "42"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"metric": "special-constable-headcount"}, ["may", "august"]),
        ({"metric": "other"}, ["other"]),
        ({"area": "basildon"}, ["other"]),
        ({"period": "2017-18-Q2"}, ["august"]),
        ({"from": "2017-06-01"}, ["august", "other"]),
        ({"to": "2017-06-30"}, ["may"]),
        ({"from": "2017-06-01", "to": "2017-08-31"}, ["august", "other"]),
        ({"basis": "three_months"}, ["other"]),
        ({"unit": "hours"}, ["other"]),
        ({"q": "full-time"}, ["august"]),
        ({"q": "Basildon"}, ["other"]),
    ],
)
def test_each_filter_selects_its_observations(viewer_client, headcount, params, expected):
    other = ObservationFactory(
        metric=MetricFactory(slug="other", unit=Metric.Unit.HOURS),
        area=AreaFactory(slug="basildon", name="Basildon", kind=Area.Kind.DISTRICT),
    )
    named = {
        "may": headcount.observations.get(end_date=MAY).pk,
        "august": headcount.observations.get(end_date=AUGUST).pk,
        "other": other.pk,
    }

    assert ids(viewer_client, **params) == sorted(named[name] for name in expected)


def test_a_metric_and_a_period_may_be_named_by_id(viewer_client, headcount):
    august = headcount.observations.get(end_date=AUGUST)

    assert ids(viewer_client, metric=headcount.pk, period=august.reported_in_id) == [august.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"from": "last week"},
        {"to": "2017-02-30"},
        {"basis": "fortnight"},
        {"unit": "miles"},
        {"period": "2017-Q2"},
    ],
)
def test_a_filter_value_that_cannot_be_meant_is_refused(viewer_client, params):
    error = error_of(viewer_client.get(LIST, params), 400)

    assert list(error["fields"]) == list(params)


def test_observations_are_ordered_as_asked(viewer_client, headcount):
    ObservationFactory(metric=headcount, start_date=JUNE, end_date=JUNE, value=350)

    values = [row["value"] for row in results(viewer_client, ordering="-value")]
    ends = [row["end_date"] for row in results(viewer_client, ordering="end_date")]

    assert values == ["374", "350", "332"]
    assert ends == ["2017-05-31", "2017-06-01", "2017-08-31"]


def pages(client, **params):
    """Every page of the list, following the next links from the first."""
    body = client.get(LIST, params).json()
    found = [body]
    while body["next"]:
        body = client.get(body["next"]).json()
        found.append(body)
    return found


@pytest.fixture
def many():
    """Seven observations of three metrics and two areas, their names sorting apart from
    the order in which they were written."""
    metrics = [MetricFactory(name=name) for name in ("Cadets", "Arrests", "Burglaries")]
    areas = [AreaFactory(name=name, slug=name.lower()) for name in ("Uttlesford", "Basildon")]
    days = [MAY, JUNE]
    for number, (metric, area, day) in enumerate(itertools.product(metrics, areas, days)):
        if number < 7:
            ObservationFactory(metric=metric, area=area, start_date=day, end_date=day, value=number)


def test_observations_come_in_cursor_pages_holding_every_row_once_in_order(viewer_client, many):
    whole = results(viewer_client, page_size=100)
    paged = pages(viewer_client, page_size=2)

    assert [row["id"] for page in paged for row in page["results"]] == [row["id"] for row in whole]
    assert [len(page["results"]) for page in paged] == [2, 2, 2, 1]
    assert "count" not in paged[0]
    assert paged[0]["previous"] is None
    # By metric, then area, then the newest first.
    assert [(row["metric"]["name"], row["area"]["name"], row["end_date"]) for row in whole[:3]] == [
        ("Arrests", "Basildon", "2017-05-31"),
        ("Arrests", "Uttlesford", "2017-06-01"),
        ("Arrests", "Uttlesford", "2017-05-31"),
    ]


def test_the_previous_link_leads_back_to_the_page_before(viewer_client, many):
    first, second, third, _ = pages(viewer_client, page_size=2)

    back = viewer_client.get(third["previous"]).json()
    again = viewer_client.get(back["previous"]).json()

    assert back["results"] == second["results"]
    assert again["results"] == first["results"]
    assert again["previous"] is None
    assert viewer_client.get(back["next"]).json()["results"] == third["results"]


def test_a_row_written_before_the_cursor_neither_repeats_nor_hides_a_row(viewer_client, many):
    first = viewer_client.get(LIST, {"page_size": 3}).json()
    # Among the arrests, in Essex: the second row now.
    ObservationFactory(metric=Metric.objects.get(name="Arrests"), value=99)

    following = viewer_client.get(first["next"]).json()

    assert following["results"] == results(viewer_client, page_size=100)[4:7]


def test_cursor_pages_follow_the_order_asked_for(viewer_client, many):
    paged = pages(viewer_client, page_size=3, ordering="-value")

    values = [row["value"] for page in paged for row in page["results"]]
    assert values == ["6", "5", "4", "3", "2", "1", "0"]
    assert "ordering=-value" in paged[0]["next"]


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        keyset.encode([("pk", False)], [1], False),
        keyset.encode(keyset.order_keys(Observation.objects.all()), [None] * 5, False),
        keyset.encode(keyset.order_keys(Observation.objects.all()), ["a", "b", "c", "d", 1], True),
    ],
)
def test_a_cursor_that_is_not_one_of_the_list_is_refused(viewer_client, many, cursor):
    error = error_of(viewer_client.get(LIST, {"cursor": cursor}), 400)

    assert list(error["fields"]) == ["cursor"]


def test_a_cursor_of_another_order_is_refused(viewer_client, many):
    by_value = viewer_client.get(LIST, {"page_size": 2, "ordering": "value"}).json()["next"]
    cursor = by_value.split("cursor=")[1].split("&")[0]

    error = error_of(viewer_client.get(LIST, {"cursor": cursor}), 400)

    assert list(error["fields"]) == ["cursor"]


def test_the_csv_download_holds_every_observation_with_its_change(viewer_client, headcount):
    rows = as_dicts(parse_csv(viewer_client.get(LIST, {"format": "csv", "ordering": "end_date"})))

    assert [row["Value"] for row in rows] == ["332", "374"]
    assert rows[1]["Metric"] == "special-constable-headcount"
    assert rows[1]["Reported in"] == "2017-18-Q2"
    assert rows[1]["Compared value"] == "332"
    assert rows[1]["Difference"] == "42"
    assert rows[1]["Change (%)"] == "12.7"
    assert rows[1]["Judgement"] == "good"
    assert rows[0]["Difference"] == ""


def test_the_excel_download_keeps_numbers_and_dates_as_excels_own(viewer_client, headcount):
    response = viewer_client.get(LIST, {"format": "xlsx", "ordering": "end_date"})
    [sheet] = parse_xlsx(response).values()
    rows = as_dicts(sheet)

    assert rows[1]["Value"] == 374
    assert rows[1]["Change (%)"] == pytest.approx(12.7)
    assert rows[1]["End date"] == datetime.datetime(2017, 8, 31)
    assert (rows[1]["Unit"], rows[1]["Unit label"]) == ("count", "Count")


def observations_with_comparisons(count):
    metric = MetricFactory(measure=Metric.Measure.LEVEL)
    area = AreaFactory()
    days = [MAY + datetime.timedelta(days=n) for n in range(count)]
    rows = Observation.objects.bulk_create(
        Observation(metric=metric, area=area, start_date=d, end_date=d, value=1, basis="month")
        for d in days
    )
    for earlier, later in itertools.pairwise(rows):
        later.compared_with = earlier
    Observation.objects.bulk_update(rows, ["compared_with"])


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_reading_5_or_500_observations_takes_as_many_queries(viewer_client, fmt):
    counts = []
    for count in (5, 500):
        Observation.objects.all().delete()
        observations_with_comparisons(count)
        with CaptureQueriesContext(connection) as queries:
            response = viewer_client.get(LIST, {"format": fmt, "page_size": 500})
            b"".join(response.streaming_content) if response.streaming else response.content
        counts.append(len(queries))

    assert counts[0] == counts[1]


# Writing


def test_a_write_token_creates_one_observation_and_gets_its_address(writer, headcount):
    response = writer.post(LIST, item(), content_type="application/json")

    assert response.status_code == 201, response.content
    created = Observation.objects.get(end_date=datetime.date(2017, 9, 30))
    assert response.json() == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "observations": [
            {
                "index": 0,
                "id": created.pk,
                "url": f"http://testserver{detail(created.pk)}",
                "outcome": "created",
            }
        ],
    }
    assert created.value == 380
    assert created.source == ApiToken.objects.get(can_write=True).name


def test_a_list_is_written_whole_and_sent_again_changes_nothing(writer, headcount):
    batch = [item(), item(date="2017-10-31", value="390", compared_with={"date": "2017-09-30"})]

    first = writer.post(LIST, batch, content_type="application/json")
    again = writer.post(LIST, batch, content_type="application/json")

    assert first.status_code == 201
    assert again.status_code == 200
    assert [again.json()[key] for key in ("created", "updated", "unchanged")] == [0, 0, 2]
    assert Observation.objects.count() == 4


def test_an_invalid_batch_is_refused_item_by_item_and_nothing_is_written(writer, headcount):
    batch = [item(), item(date="2017-10-31", value="-1"), item(metric="nope", date="2017-11-30")]

    error = error_of(writer.post(LIST, batch, content_type="application/json"), 400)

    assert error["code"] == "invalid"
    assert error["fields"]["items"] == [
        {"index": 1, "field": "value", "reason": "Special Constable headcount cannot be below 0."},
        {"index": 2, "field": "metric", "reason": "There is no metric 'nope'."},
    ]
    assert Observation.objects.count() == 2


def test_a_body_that_is_not_json_is_refused(writer):
    response = writer.post(LIST, "metric,area", content_type="application/json")

    assert error_of(response, 400)["code"] == "parse_error"


def test_a_published_periods_figure_cannot_be_changed_through_the_api(writer, headcount):
    august = headcount.observations.get(end_date=AUGUST)

    response = writer.patch(detail(august.pk), {"value": "375"}, content_type="application/json")

    [problem] = error_of(response, 400)["fields"]["items"]
    assert problem["field"] == "reported_in"
    assert "2017-18-Q2, which is published" in problem["reason"]
    assert Observation.objects.get(pk=august.pk).value == 374


def unreported(headcount, caveat):
    """The headcount at the end of June, 340: in no period, and compared with by none."""
    return ObservationFactory(
        metric=headcount,
        start_date=JUNE_END,
        end_date=JUNE_END,
        value=340,
        basis="point_in_time",
        caveat=caveat,
    )


def test_patch_changes_the_fields_given_and_keeps_the_others(writer, headcount):
    june = unreported(headcount, caveat="Kept.")

    response = writer.patch(detail(june.pk), {"value": "333"}, content_type="application/json")

    assert response.status_code == 200, response.content
    assert (response.json()["value"], response.json()["caveat"]) == ("333", "Kept.")


def test_put_replaces_the_figures_and_clears_what_it_leaves_out(writer, headcount):
    june = unreported(headcount, caveat="Old.")

    body = {"value": "331", "basis": "point_in_time", "source": "Corrected"}
    response = writer.put(detail(june.pk), body, content_type="application/json")

    june.refresh_from_db()
    assert response.status_code == 200, response.content
    assert (june.value, june.source, june.caveat) == (331, "Corrected", "")


def test_an_update_cannot_move_an_observation_to_another_metric_or_date(writer, headcount):
    may = headcount.observations.get(end_date=MAY)
    body = {"value": "1", "basis": "month", "date": "2017-05-30", "area": "essex"}

    error = error_of(writer.put(detail(may.pk), body, content_type="application/json"), 400)

    assert [problem["field"] for problem in error["fields"]["items"]] == ["date"]


# Who may read and write


def test_someone_not_signed_in_may_neither_read_nor_write(client, headcount):
    assert error_of(client.get(LIST), 401)["code"] == "not_authenticated"
    assert error_of(client.post(LIST, item(), content_type="application/json"), 401)


def test_a_read_token_reads_but_may_not_write(headcount):
    reader = token_client()

    assert reader.get(LIST).status_code == 200
    assert error_of(reader.post(LIST, item(), content_type="application/json"), 403)
    assert Observation.objects.count() == 2


def test_a_revoked_token_is_refused(headcount):
    token, secret = ApiToken.issue("Old feed", can_write=True)
    token.revoke()
    client = Client(HTTP_AUTHORIZATION=f"Token {secret}")

    assert error_of(client.post(LIST, item(), content_type="application/json"), 401)


def test_a_viewer_without_permission_may_not_write(viewer_client, headcount):
    response = viewer_client.post(LIST, item(), content_type="application/json")

    assert error_of(response, 403)


def staff_client(django_user_model, *permissions):
    user = django_user_model.objects.create_user("clerk", password="clerk-password-1")
    user.is_staff = True
    user.save()
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="metrics",
            codename__in=[f"{p}_observation" for p in permissions],
        )
    )
    client = Client(enforce_csrf_checks=True)
    # The sign-in page sets the CSRF cookie, which signing in (forced here) leaves in place.
    client.get(reverse("admin:login"))
    client.force_login(user)
    return client, client.cookies["csrftoken"].value


def test_staff_who_may_add_and_change_observations_write_with_their_csrf_token(
    django_user_model, headcount
):
    client, csrf = staff_client(django_user_model, "add", "change", "view")

    without = client.post(LIST, item(), content_type="application/json")
    response = client.post(LIST, item(), content_type="application/json", HTTP_X_CSRFTOKEN=csrf)

    assert error_of(without, 403)
    assert response.status_code == 201, response.content


def test_staff_who_may_only_view_observations_may_not_write(django_user_model, headcount):
    client, csrf = staff_client(django_user_model, "view")

    response = client.post(LIST, item(), content_type="application/json", HTTP_X_CSRFTOKEN=csrf)

    assert error_of(response, 403)
