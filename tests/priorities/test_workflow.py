"""A period's way to publication, the freeze that follows it, amendments, the next quarter,
and the page that lists what a draft still lacks."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from metrics.models import Observation
from priorities import workflow
from priorities.amendments import amend
from priorities.freeze import Frozen
from priorities.models import Amendment, Assessment, ReportingPeriod, Update
from tests.admin_helpers import admin_url
from tests.api_helpers import error_of
from tests.factories import (
    AssessmentFactory,
    CommitmentFactory,
    FootnoteFactory,
    KsiRouteFactory,
    KsiTotalFactory,
    MetricFactory,
    ObservationFactory,
    ReportingPeriodFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db

Status = ReportingPeriod.Status


@pytest.fixture
def draft():
    """2017-18-Q3, a quarter after the published one."""
    return ReportingPeriodFactory(quarter=3, data_to=datetime.date(2017, 11, 30))


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Transitions and who may make them


def test_an_approver_takes_a_draft_through_review_to_publication(draft, approver):
    workflow.submit_for_review(draft, approver)
    assert ReportingPeriod.objects.get().status == Status.IN_REVIEW
    workflow.return_to_draft(draft, approver)
    assert ReportingPeriod.objects.get().status == Status.DRAFT
    workflow.submit_for_review(draft, approver)
    # The draft has no roads tables, so it is published with a reason.
    workflow.publish(draft, approver, on=datetime.date(2017, 10, 2), reason=" Roads follow. ")
    stored = ReportingPeriod.objects.get()
    assert (stored.status, stored.published_on, stored.publish_reason) == (
        Status.PUBLISHED,
        datetime.date(2017, 10, 2),
        "Roads follow.",
    )


def test_an_editor_sends_a_draft_for_review_but_can_neither_return_nor_publish_it(draft, editor):
    workflow.submit_for_review(draft, editor)
    assert ReportingPeriod.objects.get().status == Status.IN_REVIEW
    with pytest.raises(PermissionDenied, match="approver"):
        workflow.return_to_draft(draft, editor)
    with pytest.raises(PermissionDenied, match="approver"):
        workflow.publish(draft, editor, reason="Anyway.")
    assert ReportingPeriod.objects.get().status == Status.IN_REVIEW


def test_a_viewer_cannot_send_a_draft_for_review(draft, viewer):
    with pytest.raises(PermissionDenied, match="editor or an approver"):
        workflow.submit_for_review(draft, viewer)
    assert ReportingPeriod.objects.get().status == Status.DRAFT


def test_a_period_lacking_anything_is_published_only_with_a_reason(draft, approver):
    ReportingPeriod.objects.update(status=Status.IN_REVIEW)
    CommitmentFactory()
    # Missing: the commitment's update and assessment (one item) and both roads tables.
    with pytest.raises(workflow.WorkflowError, match="still lacks 3 items"):
        workflow.publish(draft, approver, reason="   ")
    stored = ReportingPeriod.objects.get()
    assert (stored.status, stored.published_on) == (Status.IN_REVIEW, None)


def test_a_complete_period_is_published_without_a_reason(draft, approver):
    ReportingPeriod.objects.update(status=Status.IN_REVIEW)
    KsiTotalFactory(period=draft)
    KsiRouteFactory(period=draft)
    workflow.publish(draft, approver)
    assert ReportingPeriod.objects.get().is_published


def test_a_draft_cannot_be_published_without_review(draft, approver):
    with pytest.raises(workflow.WorkflowError, match="not in review"):
        workflow.publish(draft, approver)
    assert ReportingPeriod.objects.get().status == Status.DRAFT


def test_the_publish_action_refuses_a_draft_with_a_message(approver_client, draft):
    response = approver_client.post(
        admin_url(ReportingPeriod, "changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert any("only a period in review is published" in m for m in messages_of(response))
    assert ReportingPeriod.objects.get().status == Status.DRAFT


def test_an_editor_is_not_offered_the_approvers_actions(editor_client, draft):
    response = editor_client.get(admin_url(ReportingPeriod, "changelist"))
    offered = {name for name, _ in response.context["action_form"].fields["action"].choices}
    assert "publish" not in offered
    assert "return_to_draft" not in offered
    assert "submit_for_review" in offered
    assert "start_next_quarter" in offered


# The freeze


def test_the_model_refuses_to_change_or_delete_a_published_periods_rows(published):
    rows = [
        UpdateFactory(period=published),
        FootnoteFactory(update__period=published),
        AssessmentFactory(period=published),
        ObservationFactory(reported_in=published),
        KsiRouteFactory(period=published),
    ]
    for row in rows:
        with pytest.raises(Frozen, match="published"):
            row.save()
        with pytest.raises(Frozen), transaction.atomic():
            row.delete()


def test_a_draft_row_cannot_be_moved_into_a_published_period(draft, published):
    update = UpdateFactory(period=draft)
    update.period = published
    with pytest.raises(Frozen):
        update.save()


def test_the_admin_shows_a_published_update_read_only_and_refuses_a_post(editor_client, published):
    update = UpdateFactory(period=published, text="As published.")
    url = admin_url(Update, "change", update.pk)
    response = editor_client.get(url)
    assert response.context["has_change_permission"] is False
    assert any("read-only" in message for message in messages_of(response))
    assert editor_client.post(url, {"text": "Changed."}).status_code == 403
    assert editor_client.post(admin_url(Update, "delete", update.pk)).status_code == 403
    assert Update.objects.get().text == "As published."


def test_bulk_deleting_a_published_periods_rows_is_refused(editor_client, published):
    update = UpdateFactory(period=published)
    response = editor_client.post(
        admin_url(Update, "changelist"),
        {"action": "delete_selected", "_selected_action": [update.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Update.objects.exists()


def test_the_api_refuses_to_change_a_published_figure(editor_client, published):
    observation = ObservationFactory(reported_in=published)
    response = editor_client.patch(
        f"/api/v1/observations/{observation.pk}/", {"value": "5"}, content_type="application/json"
    )
    error = error_of(response, 400)
    assert "published" in str(error["fields"])


# Amendments


def test_an_approver_amends_a_published_update_and_the_change_is_recorded(approver, published):
    update = UpdateFactory(period=published, text="40 Specials recruited.")
    amendment = amend(update, approver, "The force corrected its return.", text="42 recruited.")
    assert Update.objects.get().text == "42 recruited."
    assert (amendment.before, amendment.after) == (
        {"text": "40 Specials recruited."},
        {"text": "42 recruited."},
    )
    assert (amendment.amended_by, amendment.period, amendment.amended) == (
        approver,
        published,
        update,
    )


def test_an_amended_figure_keeps_its_value_exact(approver, published):
    observation = ObservationFactory(reported_in=published)
    amendment = amend(observation, approver, "Late returns.", value="101.5")
    assert str(Observation.objects.get().value) == "101.5000"
    assert Amendment.objects.get(pk=amendment.pk).after == {"value": "101.5"}


@pytest.mark.parametrize(
    ("reason", "changes", "refusal"),
    [
        ("", {"text": "New."}, ValidationError),
        ("Typo.", {"period": None}, ValidationError),
        ("Typo.", {}, ValidationError),
    ],
)
def test_an_amendment_needs_a_reason_and_an_amendable_field(
    approver, published, reason, changes, refusal
):
    update = UpdateFactory(period=published)
    with pytest.raises(refusal):
        amend(update, approver, reason, **changes)
    assert not Amendment.objects.exists()


def test_an_editor_cannot_amend(editor, published):
    update = UpdateFactory(period=published)
    with pytest.raises(PermissionDenied):
        amend(update, editor, "Typo.", text="Fixed.")


def test_a_draft_row_is_changed_directly_not_amended(approver, draft):
    update = UpdateFactory(period=draft)
    with pytest.raises(ValidationError, match="not published"):
        amend(update, approver, "Typo.", text="Fixed.")


def test_the_report_and_the_priority_page_show_an_amended_update_with_its_reason(
    approver, viewer_client, published
):
    update = UpdateFactory(period=published, commitment=CommitmentFactory(priority__number=1))
    amend(update, approver, "The force corrected its return.", text="42 recruited.")
    for address in [f"/reports/{published.code}/", "/priorities/1/"]:
        page = viewer_client.get(address).content.decode()
        assert "Amended" in page
        assert "The force corrected its return." in page


# The next quarter


def test_starting_the_next_quarter_makes_an_empty_draft_of_the_following_quarter(editor, published):
    UpdateFactory(period=published)
    later = workflow.start_next_quarter(published, editor)
    assert (later.code, later.status, later.data_to) == (
        "2017-18-Q3",
        Status.DRAFT,
        datetime.date(2017, 12, 31),
    )
    assert not later.updates.exists()
    assert not later.assessments.exists()


def test_the_quarter_after_the_fourth_is_the_next_years_first(editor):
    year_end = ReportingPeriodFactory(quarter=4, data_to=datetime.date(2018, 3, 31), published=True)
    assert workflow.start_next_quarter(year_end, editor).code == "2018-19-Q1"


def test_a_quarter_is_started_once_and_not_from_a_draft(editor, published):
    workflow.start_next_quarter(published, editor)
    with pytest.raises(workflow.WorkflowError, match="already"):
        workflow.start_next_quarter(published, editor)
    with pytest.raises(workflow.WorkflowError, match="still a draft"):
        workflow.start_next_quarter(ReportingPeriod.objects.get(quarter=3), editor)
    assert ReportingPeriod.objects.count() == 2


def test_a_viewer_cannot_start_a_quarter(viewer, published):
    with pytest.raises(PermissionDenied):
        workflow.start_next_quarter(published, viewer)


# The completion page


def test_the_completion_page_lists_what_the_draft_lacks_with_its_owners(editor_client, draft):
    done = CommitmentFactory(lead="Chief Inspector Done")
    UpdateFactory(commitment=done, period=draft)
    AssessmentFactory(commitment=done, period=draft, status=Assessment.Status.ON_TRACK)
    CommitmentFactory(text="Recruit more Specials.", lead="Supt Specials")
    MetricFactory(name="Special Constable hours", owner="Performance team")
    reported = MetricFactory(name="Volunteer Police Cadets")
    ObservationFactory(metric=reported, reported_in=draft)
    response = editor_client.get(f"/admin/priorities/reportingperiod/{draft.pk}/completion/")
    page = response.content.decode()
    assert "Recruit more Specials." in page
    assert "Supt Specials" in page
    assert "An update and an assessment" in page
    assert "Special Constable hours" in page
    assert "Performance team" in page
    assert "Chief Inspector Done" not in page
    assert "Volunteer Police Cadets" not in page


def test_the_period_list_links_a_draft_to_its_completion_page(editor_client, draft):
    response = editor_client.get(admin_url(ReportingPeriod, "changelist"))
    assert f"/admin/priorities/reportingperiod/{draft.pk}/completion/" in response.content.decode()


def test_the_metric_page_marks_an_amended_figure_with_its_reason(
    approver, viewer_client, published
):
    observation = ObservationFactory(reported_in=published, metric__slug="cadets")
    amend(observation, approver, "Late returns from two districts.", value="101")
    page = viewer_client.get("/metrics/cadets/").content.decode()
    assert "Amended" in page
    assert "Late returns from two districts." in page


def test_a_published_periods_own_page_is_read_only(editor_client, published):
    response = editor_client.get(admin_url(ReportingPeriod, "change", published.pk))
    assert response.context["has_change_permission"] is False
    assert editor_client.post(admin_url(ReportingPeriod, "delete", published.pk)).status_code == 403
