"""Staff without a data feed upload observations as a CSV or Excel file in the admin."""

import datetime
import hashlib
import io
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from metrics import feeds
from metrics.models import DataImport, DataSource, Metric, Observation
from metrics.uploads import COLUMNS
from tests.api_helpers import parse_csv, parse_xlsx
from tests.factories import AreaFactory, MetricFactory, ObservationFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:metrics_observation_upload")
CHANGELIST = reverse("admin:metrics_observation_changelist")
MAY = datetime.date(2017, 5, 31)
AUGUST = datetime.date(2017, 8, 31)
GOOD_ROWS = [
    ["headcount", "essex", "2017-05-31", "2017-05-31", "332", "point_in_time", "", ""],
    [
        "headcount",
        "essex",
        "2017-08-31",
        "2017-08-31",
        "374",
        "point_in_time",
        "2017-05-31",
        "2017-05-31",
    ],
]


@pytest.fixture(autouse=True)
def headcount():
    AreaFactory()
    return MetricFactory(slug="headcount", name="Headcount", measure=Metric.Measure.LEVEL)


def template_url(fmt):
    return reverse("admin:metrics_observation_upload_template", args=[fmt])


def csv_file(rows, header=COLUMNS[:8]):
    lines = [",".join(header), *(",".join(row) for row in rows)]
    return SimpleUploadedFile("figures.csv", "\n".join(lines).encode("utf-8-sig"))


def xlsx_file(rows, header=COLUMNS[:8]):
    workbook = openpyxl.Workbook()
    for row in [header, *rows]:
        workbook.active.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile("figures.xlsx", content.getvalue())


def upload(client, file):
    return client.post(UPLOAD, {"file": file})


def problems_of(response):
    return [(number, column) for number, column, _ in response.context["problems"]]


def confirm(client, payload):
    return client.post(UPLOAD, {"payload": payload})


def test_the_template_downloads_as_csv_and_as_excel_under_the_upload_columns(editor_client):
    csv_rows = parse_csv(editor_client.get(template_url("csv")))
    figures = parse_xlsx(editor_client.get(template_url("xlsx")))["Figures"]

    assert csv_rows == [COLUMNS]
    assert figures == [COLUMNS]
    assert editor_client.get(template_url("pdf")).status_code == 404


def test_the_list_of_observations_links_to_the_upload(editor_client):
    response = editor_client.get(CHANGELIST)

    assert UPLOAD in response.content.decode()


def test_a_csv_upload_is_previewed_with_its_errors_and_nothing_is_written(editor_client):
    rows = [*GOOD_ROWS, ["headcount", "essex", "2017-09-30", "2017-09-30", "-1", "point_in_time"]]
    rows.append(["nothing", "essex", "2017-06-01", "2017-06-02", "many", "weekly"])

    response = upload(editor_client, csv_file(rows))

    assert response.status_code == 200
    assert problems_of(response) == [(4, "value"), (5, "metric"), (5, "value"), (5, "basis")]
    assert response.context["payload"] is None
    assert "There is a problem" in response.content.decode()
    assert 'href="#row-4"' in response.content.decode()
    assert not Observation.objects.exists()


def test_an_excel_upload_reads_dates_and_numbers_and_shows_its_errors(editor_client):
    rows = [
        ["headcount", "essex", MAY, MAY, 332, "point_in_time"],
        ["headcount", "essex", AUGUST, datetime.date(2017, 9, 1), 374.5, "point_in_time"],
    ]

    response = upload(editor_client, xlsx_file(rows))

    [line, bad] = response.context["lines"]
    assert line["cells"][:6] == [
        "headcount",
        "essex",
        "2017-05-31",
        "2017-05-31",
        "332",
        rows[0][5],
    ]
    assert line["outcome"] == "New"
    assert bad["errors"] == [
        ("start_date", "Headcount is a level at a date: start and end are the same day.")
    ]
    assert not Observation.objects.exists()


def test_confirming_a_clean_preview_writes_it_through_the_feeds_write_path(editor_client, editor):
    preview = upload(editor_client, csv_file(GOOD_ROWS))
    assert problems_of(preview) == []
    assert not Observation.objects.exists()

    with mock.patch(
        "metrics.uploads.write_observations", wraps=feeds.write_observations
    ) as write_observations:
        response = confirm(editor_client, preview.context["payload"])

    assert response.status_code == 302
    write_observations.assert_called_once()
    august = Observation.objects.get(end_date=AUGUST)
    assert august.value == Decimal("374")
    assert august.compared_with.end_date == MAY
    assert LogEntry.objects.filter(user=editor, action_flag=ADDITION).count() == 2


def test_a_confirmed_upload_is_recorded_as_an_import_its_figures_name(editor_client, editor):
    preview = upload(editor_client, csv_file(GOOD_ROWS))
    confirm(editor_client, preview.context["payload"])

    record = DataImport.objects.get()
    assert record.source.kind == DataSource.Kind.MANUAL_UPLOAD
    assert (record.file_name, record.user, record.state) == ("figures.csv", editor, "done")
    sent = csv_file(GOOD_ROWS).read()
    assert record.sha256 == hashlib.sha256(sent).hexdigest()
    assert record.file_size == len(sent)
    assert (record.rows_read, record.rows_written, record.rows_unchanged) == (2, 2, 0)
    assert set(Observation.objects.values_list("data_import", flat=True)) == {record.pk}


def test_a_row_matching_a_stored_observation_changes_it(editor_client, headcount):
    ObservationFactory(metric=headcount, start_date=MAY, end_date=MAY, value=330)

    preview = upload(editor_client, csv_file(GOOD_ROWS[:1]))
    [line] = preview.context["lines"]
    confirm(editor_client, preview.context["payload"])

    assert line["outcome"] == "Changed"
    assert Observation.objects.get().value == Decimal("332")
    assert LogEntry.objects.get().action_flag == CHANGE


def test_a_tampered_or_borrowed_payload_is_refused(editor_client, django_user_model):
    payload = upload(editor_client, csv_file(GOOD_ROWS)).context["payload"]
    forged = signing.dumps(["figures.csv", [[2, {"metric": "headcount"}]]], salt="guess")
    colleague = django_user_model.objects.create_superuser("colleague", password="pw-12345678")
    other = Client()
    other.force_login(colleague)

    assert confirm(editor_client, payload[:-2] + "xx").status_code == 400
    assert confirm(editor_client, forged).status_code == 400
    assert confirm(other, payload).status_code == 400
    assert not Observation.objects.exists()


def test_a_preview_gone_stale_shows_the_rows_as_they_now_check(editor_client, headcount):
    preview = upload(editor_client, csv_file(GOOD_ROWS))
    headcount.maximum = 300
    headcount.save()

    response = confirm(editor_client, preview.context["payload"])

    assert response.status_code == 409
    assert problems_of(response) == [(2, "value"), (3, "value")]
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("figures.txt", b"metric"), "Choose a CSV"),
        (SimpleUploadedFile("figures.xlsx", b"not a zip"), "not an Excel workbook"),
        (SimpleUploadedFile("figures.csv", "metric\n".encode("cp1252")), "lacks the column"),
        (SimpleUploadedFile("figures.csv", "métrique".encode("cp1252")), "lacks the column"),
        (SimpleUploadedFile("figures.csv", b"metric\x81\x8d"), "not text"),
        (csv_file([], header=[*COLUMNS[:6], "colour"]), "Unknown column colour"),
        (csv_file([], header=[*COLUMNS[:6], "value"]), "The column value comes more than once"),
        (csv_file([]), "no observations"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_what_to_do(editor_client, file, message):
    response = upload(editor_client, file)

    assert message in response.context["form"].errors["file"][0]


def test_someone_who_may_not_change_observations_cannot_reach_the_upload(
    viewer_client, django_user_model
):
    clerk = django_user_model.objects.create_user("clerk", password="clerk-password-1")
    clerk.is_staff = True
    clerk.save()
    clerk.user_permissions.set(Permission.objects.filter(codename="view_observation"))
    staff = Client()
    staff.force_login(clerk)

    assert viewer_client.get(UPLOAD).status_code == 302
    assert staff.get(UPLOAD).status_code == 403
    assert staff.get(template_url("csv")).status_code == 403
    assert UPLOAD not in staff.get(CHANGELIST).content.decode()
