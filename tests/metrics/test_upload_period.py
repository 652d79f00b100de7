"""The edition an upload's figures are reported in: a row leaving reported_in blank takes the
one chosen on the upload page, which offers the quarter being written."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from metrics.models import Observation
from priorities.models import ReportingPeriod
from tests.factories import AreaFactory, MetricFactory, ReportingPeriodFactory
from tests.metrics.test_upload_formats import UPLOAD, confirm, text_of

pytestmark = pytest.mark.django_db

HEADER = "metric,area,start_date,end_date,value,basis,reported_in\r\n"
Status = ReportingPeriod.Status
Q2_PUBLISHED = datetime.date(2017, 9, 20)


@pytest.fixture
def periods():
    """2017-18-Q2 published, Q3 in review, Q4 a draft."""
    return [
        ReportingPeriodFactory(quarter=2, published=True, published_on=Q2_PUBLISHED),
        ReportingPeriodFactory(quarter=3, status=Status.IN_REVIEW),
        ReportingPeriodFactory(quarter=4, status=Status.DRAFT),
    ]


@pytest.fixture
def cadets():
    AreaFactory(slug="essex", name="Essex")
    return MetricFactory(slug="cadets", name="Volunteer Police Cadets")


def figures(*rows):
    return SimpleUploadedFile("figures.csv", (HEADER + "".join(rows)).encode())


def upload(client, file, reported_in):
    return client.post(UPLOAD, {"file": file, "reported_in": reported_in})


def test_the_upload_page_offers_the_periods_not_yet_published_the_newest_chosen(
    editor_client, periods
):
    field = editor_client.get(UPLOAD).context["form"]["reported_in"]

    assert [label for _code, label in field.field.choices] == [
        "2017-18-Q4 (draft)",
        "2017-18-Q3 (in review)",
        "No edition: only the file's reported_in column",
    ]
    assert field.value() == "2017-18-Q4"


def test_a_row_with_no_edition_takes_the_one_chosen_and_a_row_naming_one_keeps_it(
    editor_client, periods, cadets
):
    file = figures(
        "cadets,essex,2017-11-30,2017-11-30,200,point_in_time,\r\n",
        "cadets,essex,2017-08-31,2017-08-31,220,point_in_time,2017-18-Q4\r\n",
    )
    preview = upload(editor_client, file, "2017-18-Q3")
    confirm(editor_client, preview)

    written = dict(
        Observation.objects.values_list("end_date", "reported_in__code").order_by("end_date")
    )
    assert written == {
        datetime.date(2017, 8, 31): "2017-18-Q4",
        datetime.date(2017, 11, 30): "2017-18-Q3",
    }


def test_choosing_no_edition_leaves_a_row_without_one(editor_client, periods, cadets):
    preview = upload(
        editor_client, figures("cadets,essex,2017-11-30,2017-11-30,200,point_in_time,\r\n"), ""
    )
    confirm(editor_client, preview)

    assert Observation.objects.get().reported_in is None


def test_a_published_period_cannot_be_chosen_and_nothing_is_written(editor_client, periods, cadets):
    response = upload(
        editor_client,
        figures("cadets,essex,2017-11-30,2017-11-30,200,point_in_time,\r\n"),
        "2017-18-Q2",
    )

    assert "Select a valid choice. 2017-18-Q2 is not one of the available choices." in text_of(
        response
    )
    assert not Observation.objects.exists()
