"""Every way staff add or change the plan and a quarter's progress in the admin, posted as
the admin's own pages send it: each page's form, each inline's blank row and its hidden
version, read from the page as it was rendered for the GET."""

import pytest

from priorities.models import Assessment, Commitment, Footnote, Plan, Priority, Update
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
    AssessmentFactory,
    CommitmentFactory,
    FootnoteFactory,
    PlanFactory,
    PriorityFactory,
    ReportingPeriodFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db


def test_a_new_plan_and_its_first_priority_are_saved_from_the_plan_add_page(editor_client):
    page = editor_client.get(admin_url(Plan, "add"))
    response = post_page(
        editor_client,
        page,
        follow=True,
        title="Police and Crime Plan 2021-2024",
        organisation="Essex PFCC",
        start_date="2021-04-01",
        end_date="2024-03-31",
        **{"priorities-0-number": "1", "priorities-0-title": "Further investment in policing"},
    )
    assert says_added(response)
    plan = Plan.objects.get()
    assert (plan.title, str(plan.start_date), plan.version) == (
        "Police and Crime Plan 2021-2024",
        "2021-04-01",
        1,
    )
    assert list(plan.priorities.values_list("number", "title", "version")) == [
        (1, "Further investment in policing", 1)
    ]


def test_a_new_priority_row_is_saved_from_the_plan_page(editor_client):
    plan = PlanFactory()
    page = editor_client.get(admin_url(Plan, "change", plan.pk))
    response = post_page(
        editor_client,
        page,
        follow=True,
        **{"priorities-0-number": "2", "priorities-0-title": "Cracking down on violence"},
    )
    assert says_changed(response)
    assert list(plan.priorities.values_list("number", "title", "version")) == [
        (2, "Cracking down on violence", 1)
    ]


def test_a_new_priority_and_its_first_commitment_are_saved_from_the_priority_add_page(
    editor_client,
):
    plan = PlanFactory()
    page = editor_client.get(admin_url(Priority, "add"))
    response = post_page(
        editor_client,
        page,
        follow=True,
        plan=plan.pk,
        number="3",
        title="Supporting victims",
        **{"commitments-0-order": "1", "commitments-0-text": "Open a victims' hub."},
    )
    assert says_added(response)
    priority = Priority.objects.get()
    assert (priority.plan, priority.number, priority.title) == (plan, 3, "Supporting victims")
    assert list(priority.commitments.values_list("order", "text", "version")) == [
        (1, "Open a victims' hub.", 1)
    ]


def test_a_new_commitment_row_is_saved_from_the_priority_page(editor_client):
    priority = PriorityFactory()
    page = editor_client.get(admin_url(Priority, "change", priority.pk))
    response = post_page(
        editor_client,
        page,
        follow=True,
        **{"commitments-0-order": "4", "commitments-0-text": "Recruit 150 more officers."},
    )
    assert says_changed(response)
    assert list(priority.commitments.values_list("order", "text", "retired_on", "version")) == [
        (4, "Recruit 150 more officers.", None, 1)
    ]


def test_a_new_commitment_is_saved_from_its_add_page(editor_client):
    priority = PriorityFactory()
    page = editor_client.get(admin_url(Commitment, "add"))
    response = post_page(
        editor_client,
        page,
        follow=True,
        priority=priority.pk,
        order="2",
        text="Increase the Special Constabulary.",
        lead="Chief Inspector Smith",
    )
    assert says_added(response)
    assert list(Commitment.objects.values_list("priority", "order", "text", "lead", "version")) == [
        (priority.pk, 2, "Increase the Special Constabulary.", "Chief Inspector Smith", 1)
    ]


def test_a_new_assessment_is_saved_from_its_add_page(editor_client):
    commitment = CommitmentFactory()
    period = ReportingPeriodFactory()
    page = editor_client.get(admin_url(Assessment, "add"))
    response = post_page(
        editor_client,
        page,
        follow=True,
        commitment=commitment.pk,
        period=period.pk,
        status="some_concerns",
        reason="Recruitment is behind plan.",
    )
    assert says_added(response)
    stored = Assessment.objects.values_list("commitment", "period", "status", "reason", "version")
    assert list(stored) == [
        (commitment.pk, period.pk, "some_concerns", "Recruitment is behind plan.", 1)
    ]


def test_a_new_update_and_its_first_footnote_are_saved_from_the_update_add_page(editor_client):
    commitment = CommitmentFactory()
    period = ReportingPeriodFactory()
    page = editor_client.get(admin_url(Update, "add"))
    assert "version" not in page.context["adminform"].form.initial
    response = post_page(
        editor_client,
        page,
        follow=True,
        commitment=commitment.pk,
        period=period.pk,
        section="LPA North",
        order="1",
        text="Call handling[^1] improved.",
        **{"footnotes-0-number": "1", "footnotes-0-text": "Primary call handling."},
    )
    assert says_added(response)
    update = Update.objects.get()
    assert (update.commitment, update.period, update.section, update.order) == (
        commitment,
        period,
        "LPA North",
        1,
    )
    assert (update.text, update.style, update.version) == (
        "Call handling[^1] improved.",
        "bullet",
        1,
    )
    assert list(update.footnotes.values_list("number", "text", "version")) == [
        (1, "Primary call handling.", 1)
    ]


def test_a_new_footnote_row_is_saved_from_the_update_page(editor_client):
    update = UpdateFactory(text="Figures[^2] rose.")
    page = editor_client.get(admin_url(Update, "change", update.pk))
    response = post_page(
        editor_client,
        page,
        follow=True,
        **{"footnotes-0-number": "2", "footnotes-0-text": "Provisional figures."},
    )
    assert says_changed(response)
    assert list(Footnote.objects.values_list("update", "number", "text", "version")) == [
        (update.pk, 2, "Provisional figures.", 1)
    ]
    update.refresh_from_db()
    # The update's own form was left as it was, so the update was not saved again.
    assert update.version == 1


def plan_page(row):
    return admin_url(Plan, "change", row.plan_id)


def priority_page(row):
    return admin_url(Priority, "change", row.priority_id)


def update_page(row):
    return admin_url(Update, "change", row.update_id)


EDITS = {
    "plan": RowEdit(PlanFactory, own_page, "title", "title", "Plan 2016-2021", "Plan (draft)"),
    "priority row on the plan page": RowEdit(
        PriorityFactory,
        plan_page,
        "priorities-0-title",
        "title",
        "More local policing",
        "Local policing",
    ),
    "priority": RowEdit(PriorityFactory, own_page, "title", "title", "Safer roads", "Roads"),
    "commitment row on the priority page": RowEdit(
        CommitmentFactory,
        priority_page,
        "commitments-0-text",
        "text",
        "Double the cadets.",
        "More cadets.",
    ),
    "commitment": RowEdit(CommitmentFactory, own_page, "lead", "lead", "ACC Jones", "DCC Brown"),
    "assessment": RowEdit(
        lambda: AssessmentFactory(status="off_track", reason="Late."),
        own_page,
        "reason",
        "reason",
        "Delayed by the new IT system.",
        "Waiting for funding.",
    ),
    "update": RowEdit(UpdateFactory, own_page, "text", "text", "Hubs opened.", "Hubs planned."),
    "footnote row on the update page": RowEdit(
        FootnoteFactory,
        update_page,
        "footnotes-0-text",
        "text",
        "Figures to 31 August.",
        "Figures to 31 July.",
    ),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edit_is_saved_and_the_rows_version_moves_on(editor_client, edit):
    check_edit_saved(editor_client, edit)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edit_that_loses_a_race_is_refused_and_writes_nothing(editor_client, edit):
    check_losing_edit_refused(editor_client, edit)
