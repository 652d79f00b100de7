"""A percentage's denominator, the count it is of: written by feeds and uploads, bounded,
and every bad one refused with its row and field named, nothing written."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metrics.feeds import FeedRejected, write_observations
from metrics.models import Area, Metric, Observation
from metrics.uploads import COLUMNS
from tests.admin_helpers import admin_url
from tests.factories import AreaFactory, MetricFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:metrics_observation_upload")
# The upload's required columns, then the denominator: the last of the template's.
HEADER = [*COLUMNS[:6], "denominator"]


@pytest.fixture(autouse=True)
def answered():
    AreaFactory()
    MetricFactory(slug="headcount", name="Headcount", measure=Metric.Measure.LEVEL)
    return MetricFactory(
        slug="answered-in-time",
        name="Calls answered in time",
        unit=Metric.Unit.PERCENT,
        measure=Metric.Measure.AVERAGE,
    )


def item(**changes):
    base = {
        "metric": "answered-in-time",
        "area": "essex",
        "start_date": "2017-08-01",
        "end_date": "2017-08-31",
        "value": "82.5",
        "basis": "month",
    }
    return base | changes


def reasons(items):
    with pytest.raises(FeedRejected) as rejected:
        write_observations(items)
    return [(error.index, error.field, error.reason) for error in rejected.value.errors]


def test_a_feed_writes_a_percentage_with_its_denominator():
    write_observations(
        [
            item(denominator=1200),
            item(start_date="2017-07-01", end_date="2017-07-31", denominator="1000"),
        ]
    )

    stored = Observation.objects.order_by("end_date").values_list("denominator", flat=True)
    assert list(stored) == [1000, 1200]


@pytest.mark.parametrize("sent", [0, -3, "12.5", 12.5, "twelve", True, 2_147_483_648])
def test_a_feed_refuses_a_denominator_that_is_not_a_whole_number_above_0(sent):
    found = reasons(
        [item(), item(start_date="2017-07-01", end_date="2017-07-31", denominator=sent)]
    )

    assert [(index, field) for index, field, _ in found] == [(1, "denominator")]
    assert "is not a denominator: give a whole number from 1 to 2,147,483,647" in found[0][2]
    assert not Observation.objects.exists()


def test_only_a_percentage_has_a_denominator():
    found = reasons([item(metric="headcount", start_date="2017-08-31", denominator=374)])

    assert found == [
        (0, "denominator", "Headcount is not a percentage: only a percentage has a denominator.")
    ]


def csv_file(rows):
    lines = [",".join(HEADER), *(",".join(row) for row in rows)]
    return SimpleUploadedFile("figures.csv", "\n".join(lines).encode("utf-8-sig"))


def test_an_upload_names_the_row_and_column_of_a_bad_denominator_and_writes_nothing(
    editor_client,
):
    rows = [
        ["answered-in-time", "essex", "2017-07-01", "2017-07-31", "80", "month", "1000"],
        ["answered-in-time", "essex", "2017-08-01", "2017-08-31", "82.5", "month", "twelve"],
    ]

    response = editor_client.post(UPLOAD, {"file": csv_file(rows)})

    assert response.status_code == 200
    problems = response.context["problems"]
    assert [(number, column) for number, column, _ in problems] == [(3, "denominator")]
    assert "'twelve' is not a denominator" in problems[0][2]
    assert response.context["payload"] is None
    assert not Observation.objects.exists()


def test_an_upload_reads_a_denominator_as_a_spreadsheet_shows_it(editor_client):
    rows = [["answered-in-time", "essex", "2017-08-01", "2017-08-31", "82.5", "month", '"1,200"']]

    preview = editor_client.post(UPLOAD, {"file": csv_file(rows)})
    assert preview.context["problems"] == []
    editor_client.post(UPLOAD, {"payload": preview.context["payload"]})

    stored = Observation.objects.get()
    assert (stored.end_date, stored.denominator) == (datetime.date(2017, 8, 31), 1200)


def test_staff_give_a_percentage_s_denominator_on_its_admin_page(editor_client, answered):
    figure = Observation.objects.create(
        metric=answered,
        area=Area.objects.get(),
        start_date=datetime.date(2017, 8, 1),
        end_date=datetime.date(2017, 8, 31),
        value=Decimal("82.5"),
        basis=Observation.Basis.MONTH,
        denominator=1200,
    )

    page = editor_client.get(admin_url(Observation, "change", figure.pk)).content.decode()

    assert 'name="denominator" value="1200"' in page
    assert "The count the percentage is of, e.g. the number of calls answered." in page
