"""Every way staff add or change PEEL results and their findings in the admin, posted as the
admin's own pages send it: each page's form, the findings' blank row and hidden versions,
read from the page as it was rendered for the GET."""

import datetime

import pytest

from inspections.models import Finding, Inspection
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
from tests.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def test_a_new_inspection_and_its_first_finding_are_saved_from_the_inspection_add_page(
    editor_client,
):
    page = editor_client.get(admin_url(Inspection, "add"))
    response = post_page(
        editor_client,
        page,
        follow=True,
        pillar="efficiency",
        year="2017",
        grade="requires_improvement",
        published_on="2017-11-09",
        areas_for_improvement="1",
        **{
            "findings-0-kind": "area_for_improvement",
            "findings-0-text": "Understand demand better.",
            "findings-0-due_date": "2018-03-31",
        },
    )
    assert says_added(response)
    inspection = Inspection.objects.get()
    assert (inspection.pillar, inspection.year, inspection.grade) == (
        "efficiency",
        2017,
        "requires_improvement",
    )
    assert (inspection.published_on, inspection.areas_for_improvement, inspection.version) == (
        datetime.date(2017, 11, 9),
        1,
        1,
    )
    stored = inspection.findings.values_list("kind", "text", "due_date", "status", "version")
    assert list(stored) == [
        (
            "area_for_improvement",
            "Understand demand better.",
            datetime.date(2018, 3, 31),
            "open",
            1,
        )
    ]


def test_a_new_finding_row_is_saved_from_the_inspection_page(editor_client):
    inspection = InspectionFactory()
    page = editor_client.get(admin_url(Inspection, "change", inspection.pk))
    response = post_page(
        editor_client,
        page,
        follow=True,
        **{
            "findings-0-kind": "recommendation",
            "findings-0-text": "Publish a plan for hate crime.",
            "findings-0-owner": "ACC Crime",
        },
    )
    assert says_changed(response)
    stored = Finding.objects.values_list("inspection", "kind", "text", "owner", "version")
    assert list(stored) == [
        (inspection.pk, "recommendation", "Publish a plan for hate crime.", "ACC Crime", 1)
    ]


def test_a_new_finding_is_saved_from_its_add_page(editor_client):
    inspection = InspectionFactory()
    page = editor_client.get(admin_url(Finding, "add"))
    response = post_page(
        editor_client,
        page,
        follow=True,
        inspection=inspection.pk,
        kind="cause_of_concern",
        text="Child protection referrals are late.",
        status="closed",
        closed_on="2018-01-15",
        evidence="Re-inspected in January.",
    )
    assert says_added(response)
    finding = Finding.objects.get()
    assert (finding.inspection, finding.kind, finding.text) == (
        inspection,
        "cause_of_concern",
        "Child protection referrals are late.",
    )
    assert (finding.status, finding.closed_on, finding.evidence, finding.version) == (
        "closed",
        datetime.date(2018, 1, 15),
        "Re-inspected in January.",
        1,
    )


def inspection_page(row):
    return admin_url(Inspection, "change", row.inspection_id)


EDITS = {
    "inspection": RowEdit(
        InspectionFactory, own_page, "comment", "comment", "Re-graded.", "Draft."
    ),
    "finding row on the inspection page": RowEdit(
        FindingFactory,
        inspection_page,
        "findings-0-owner",
        "owner",
        "Head of Contact Management",
        "ACC Local Policing",
    ),
    "finding": RowEdit(
        FindingFactory, own_page, "evidence", "evidence", "Audit passed.", "Audit due."
    ),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edit_is_saved_and_the_rows_version_moves_on(editor_client, edit):
    check_edit_saved(editor_client, edit)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edit_that_loses_a_race_is_refused_and_writes_nothing(editor_client, edit):
    check_losing_edit_refused(editor_client, edit)
