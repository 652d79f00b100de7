"""The LSOA lookup, uploaded as a CSV file in the admin (metrics.lsoa_uploads): each LSOA
placed in an area, so that police.uk's street-level crimes count in it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essexperf.audit.models import ObjectChange
from metrics.models import LsoaArea
from tests.admin_helpers import shown_messages
from tests.metrics.policeuk_helpers import LOOKUP, STREET, figures, run
from tests.metrics.policeuk_helpers import ground as ground  # a fixture

pytestmark = pytest.mark.usefixtures("ground")

UPLOAD = reverse("admin:metrics_lsoaarea_upload")
CHANGELIST = reverse("admin:metrics_lsoaarea_changelist")


def upload(client, text, name="lsoa-areas.csv"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(UPLOAD, {"file": file}, follow=True)


def problems_of(response):
    return [
        f"Row {n}, column {c}: {r}" if c else f"Row {n}: {r}"
        for n, c, r in response.context["problems"]
    ]


def test_an_editor_uploads_the_lookup_and_sees_what_was_written(editor_client):
    LsoaArea.objects.all().delete()
    before = ObjectChange.objects.count()
    text = LOOKUP.read_text() + "e01021236,Southend,\n"

    page = upload(editor_client, text)

    assert page.redirect_chain == [(CHANGELIST, 302)]
    assert shown_messages(page) == ["Wrote lsoa-areas.csv: 3 new and 0 changed LSOA areas."]
    placed = dict(LsoaArea.objects.values_list("lsoa_code", "area__slug"))
    assert placed == {"E01021234": "basildon", "E01021235": "southend", "E01021236": "southend"}
    assert ObjectChange.objects.count() == before + 3


def test_a_row_for_an_lsoa_held_moves_it_to_the_area_given(editor_client):
    page = upload(editor_client, "lsoa_code,area\nE01021234,southend\nE01021235,southend\n")

    assert shown_messages(page) == ["Wrote lsoa-areas.csv: 0 new and 1 changed LSOA areas."]
    assert LsoaArea.objects.get(lsoa_code="E01021234").area.slug == "southend"


def test_every_mistake_is_named_by_row_and_nothing_is_written(editor_client):
    text = "lsoa_code,area\nE02000001,basildon\nE01000002,nowhere\nE01000003,\nE01000002,basildon\n"

    page = upload(editor_client, text)

    assert page.status_code == 400
    problems = problems_of(page)
    assert problems[0] == (
        "Row 2, column lsoa_code: 'E02000001' is not an LSOA code: E01 or W01 and six digits."
    )
    assert problems[1].startswith(
        "Row 3, column area: 'nowhere' is not an area; use one of: basildon"
    )
    assert problems[2] == "Row 4, column area: Give the area."
    assert len(problems) == 3
    assert LsoaArea.objects.count() == 2


def test_a_board_member_may_not_upload_the_lookup(viewer_client):
    # Not staff: the admin sends them to its sign-in, and nothing is written.
    sign_in = f"{reverse('admin:login')}?next={UPLOAD}"
    assert viewer_client.get(UPLOAD).url == sign_in
    file = SimpleUploadedFile("lsoa-areas.csv", b"lsoa_code,area\nE01000001,southend\n")
    assert viewer_client.post(UPLOAD, {"file": file}).url == sign_in
    assert LsoaArea.objects.count() == 2


def test_crimes_count_in_the_areas_the_uploaded_lookup_places_them(editor_client):
    LsoaArea.objects.all().delete()
    upload(editor_client, "lsoa_code,area\nE01021234,southend\n")

    run(STREET)

    held = figures()
    # Basildon's burglary now counts in Southend; Southend's own LSOA is no longer placed.
    assert held["Burglary (police.uk)", "southend"] == 1
    assert held["Vehicle crime (police.uk)", "southend"] == 0
    assert ("Burglary (police.uk)", "basildon") not in held
