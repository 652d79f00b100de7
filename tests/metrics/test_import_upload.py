"""Importing a file from the admin: Data imports' "Import a file" page previews what importing
would do and writes nothing; pressing Import then imports it, as importstats19 would.

The hand-made collision file (stats19_files/) holds 5 collisions: 4 of police force 42
(Essex), which are kept, and 1 of force 1, skipped."""

import hashlib
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from metrics.models import Collision, DataImport, KsiTotal
from metrics.stats19.saving import save
from metrics.stats19.table import compute
from tests.admin_helpers import shown_messages
from tests.factories import AreaFactory, ReportingPeriodFactory

FILES = Path(__file__).parent / "stats19_files"
COLLISIONS = FILES / "dft-road-casualty-statistics-collision-2024.csv"
CASUALTIES = FILES / "dft-road-casualty-statistics-casualty-2024.csv"
UPLOAD = reverse("admin:metrics_dataimport_upload")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staging(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    return settings.IMPORT_STAGING_DIR


def upload_of(path=COLLISIONS, content=None, name=None):
    content = path.read_bytes() if content is None else content
    return SimpleUploadedFile(name or path.name, content, content_type="text/csv")


def preview(client, **upload):
    return client.post(UPLOAD, {"kind": "stats19", "file": upload_of(**upload)})


def test_the_preview_states_what_importing_would_do_and_writes_nothing(editor_client):
    response = preview(editor_client)
    assert response.status_code == 200
    ((name, counts),) = response.context["files"]
    assert name == COLLISIONS.name
    # 5 read: 4 of force 42 would be written, force 1's skipped.
    assert (counts.kind, counts.read, counts.written, counts.unchanged) == ("collisions", 5, 4, 0)
    assert (counts.skipped, counts.rejected) == (1, 0)
    assert response.context["summary"] == (
        "Would write 4 rows of police force 42 from 1 files: 5 read, 0 unchanged, "
        "1 skipped, 0 rejected."
    )
    assert "Nothing has been written" in response.content.decode()
    assert Collision.objects.count() == 0
    assert not DataImport.objects.filter(state=DataImport.State.DONE).exists()


def test_confirming_imports_the_file_and_records_its_name_and_digest(editor_client, staging):
    token = preview(editor_client).context["token"]
    response = editor_client.post(UPLOAD, {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:metrics_dataimport_changelist")
    assert shown_messages(response) == [
        f"Imported {COLLISIONS.name}. Wrote 4 rows of police force 42 from 1 files: 5 read, "
        "0 unchanged, 1 skipped, 0 rejected."
    ]
    assert Collision.objects.count() == 4
    record = DataImport.objects.get()
    assert (record.file_name, record.state) == (COLLISIONS.name, DataImport.State.DONE)
    assert record.sha256 == hashlib.sha256(COLLISIONS.read_bytes()).hexdigest()
    assert record.run_by == "edith"
    # The staged file is gone once imported.
    assert list(staging.iterdir()) == []


def test_a_token_used_once_imports_nothing_the_second_time(editor_client):
    token = preview(editor_client).context["token"]
    editor_client.post(UPLOAD, {"token": token})
    response = editor_client.post(UPLOAD, {"token": token})
    assert response.status_code == 400
    assert response.context["problems"] == [
        f"{COLLISIONS.name} is no longer waiting to be imported: upload it again."
    ]
    assert DataImport.objects.count() == 1


def test_a_tampered_token_imports_nothing(editor_client):
    token = preview(editor_client).context["token"]
    response = editor_client.post(UPLOAD, {"token": token[:-2] + "xx"})
    assert response.status_code == 400
    assert response.context["problems"] == [
        "The preview was altered or is over an hour old: upload again."
    ]
    assert (Collision.objects.count(), DataImport.objects.count()) == (0, 0)


def test_another_persons_token_imports_nothing(editor_client, approver_client):
    token = preview(editor_client).context["token"]
    response = approver_client.post(UPLOAD, {"token": token})
    assert response.status_code == 400
    assert response.context["problems"] == [
        "This preview was not yours to confirm: upload the file again."
    ]
    assert Collision.objects.count() == 0


def test_a_staged_file_changed_since_its_preview_is_not_imported(editor_client, staging):
    token = preview(editor_client).context["token"]
    (staged,) = staging.iterdir()
    staged.write_bytes(COLLISIONS.read_bytes().replace(b",42,2,", b",42,1,"))
    response = editor_client.post(UPLOAD, {"token": token})
    assert response.status_code == 400
    assert response.context["problems"] == [
        f"{COLLISIONS.name} changed since its preview: upload it again."
    ]
    assert Collision.objects.count() == 0


def test_a_board_member_is_refused_the_page_and_its_post(viewer_client):
    assert viewer_client.get(UPLOAD).status_code == 403
    assert preview(viewer_client).status_code == 403
    assert Collision.objects.count() == 0


def test_someone_not_signed_in_is_sent_to_the_admins_sign_in(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_file_over_the_limit_is_refused_naming_the_limit(editor_client, settings):
    settings.IMPORT_UPLOAD_MAX_BYTES = 500
    response = preview(editor_client)
    assert response.status_code == 400
    size = COLLISIONS.stat().st_size
    assert response.context["form"].errors["file"] == [
        f"{COLLISIONS.name}: {size:,} bytes, over the limit of 500 bytes "
        "(IMPORT_UPLOAD_MAX_BYTES) on a file imported here: import it with the command."
    ]
    assert "over the limit of 500 bytes" in response.content.decode()


def test_a_file_that_is_not_csv_or_zip_is_refused(editor_client):
    response = preview(editor_client, content=b"%PDF-1.4", name="collisions.pdf")
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["collisions.pdf: not a .csv or .zip file."]


def test_a_csv_lacking_a_column_is_refused_naming_the_file_and_column(editor_client, staging):
    text = COLLISIONS.read_text().replace(",date,", ",day,", 1)
    response = preview(editor_client, content=text.encode(), name="collisions.csv")
    assert response.status_code == 400
    assert response.context["problems"] == ["collisions.csv: no column for date"]
    assert "collisions.csv: no column for date" in response.content.decode()
    assert (Collision.objects.count(), DataImport.objects.count()) == (0, 0)
    assert list(staging.iterdir()) == []


def test_a_row_of_the_wrong_width_is_refused_naming_its_row(editor_client):
    lines = COLLISIONS.read_text().splitlines()
    lines[2] += ",extra"
    content = "\n".join(lines).encode()
    response = preview(editor_client, content=content, name="collisions.csv")
    assert response.status_code == 400
    assert response.context["problems"] == ["collisions.csv, row 3: 24 cells, not 23"]
    assert Collision.objects.count() == 0


def test_rejected_rows_are_listed_with_why(editor_client):
    text = COLLISIONS.read_text().replace("20/02/2024", "31/02/2024")
    response = preview(editor_client, content=text.encode(), name="collisions.csv")
    assert response.status_code == 200
    ((_, counts),) = response.context["files"]
    assert (counts.read, counts.written, counts.rejected) == (5, 3, 1)
    assert counts.rejections[0]["row"] == 3
    assert "Row 3:" in response.content.decode()


def test_the_data_imports_list_offers_the_page_to_staff_who_may_import(editor_client):
    response = editor_client.get(reverse("admin:metrics_dataimport_changelist"))
    assert response.status_code == 200
    assert UPLOAD in response.content.decode()
    assert editor_client.get(UPLOAD).status_code == 200


def test_what_a_published_periods_computed_figures_would_become_is_told(editor_client):
    routes = [FILES / "routes-collision.csv", FILES / "routes-casualty.csv"]
    call_command("importstats19", *map(str, routes), verbosity=0)
    AreaFactory()
    period = ReportingPeriodFactory(financial_year=2024, quarter=2, data_to=date(2024, 8, 31))
    save(period, compute(period))
    period.status, period.published_on = "published", date(2024, 9, 30)
    period.save()
    # R00's casualty (31 May 2024, on the M11) corrected from serious to slight: of the year to
    # date's 24 KSI casualties (see test_stats19_routes), 23 are left; R00 is before the route
    # table's 3 months, so the table stays as it is.
    text = routes[1].read_text().replace("42R00,1,1,1,1,25,-1,2,", "42R00,1,1,1,1,25,-1,3,")
    response = preview(editor_client, content=text.encode(), name="routes-casualty.csv")
    assert response.context["published"] == [
        "2024-25-Q2 (published) would read: KSI total for Essex: 23 v 4 a year before"
    ]
    assert KsiTotal.objects.get(period=period).casualties == 24


def test_with_no_published_period_computed_the_preview_says_none_would_change(editor_client):
    response = preview(editor_client)
    assert response.context["published"] == []
    assert "No figure of a published period would change" in response.content.decode()


def test_a_zip_of_the_dfts_files_is_previewed_file_by_file_collisions_first(editor_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(CASUALTIES, CASUALTIES.name)
        archive.write(COLLISIONS, COLLISIONS.name)
    response = preview(editor_client, content=buffer.getvalue(), name="stats19-2024.zip")
    assert response.status_code == 200
    # Collisions: 5 read, 4 written, 1 skipped. Casualties: 6 read, 5 written, 1 skipped
    # (its collision is force 1's).
    assert [(name, c.read, c.written, c.skipped) for name, c in response.context["files"]] == [
        (f"stats19-2024.zip:{COLLISIONS.name}", 5, 4, 1),
        (f"stats19-2024.zip:{CASUALTIES.name}", 6, 5, 1),
    ]
    editor_client.post(UPLOAD, {"token": response.context["token"]})
    assert sorted(DataImport.objects.values_list("file_name", flat=True)) == [
        f"stats19-2024.zip:{CASUALTIES.name}",
        f"stats19-2024.zip:{COLLISIONS.name}",
    ]
