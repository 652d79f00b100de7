"""Publishing with a check, through the admin's own pages: editors send a draft for review,
approvers publish through a confirmation page that lists what is still missing and asks for
the reason to publish anyway, and the completion page sends owners their reminders."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from essexperf.audit.models import ObjectChange
from inspections.models import Finding
from metrics.models import Metric
from priorities.models import Assessment, Commitment, ReportingPeriod
from tests.admin_helpers import admin_url
from tests.factories import (
    AssessmentFactory,
    CommitmentFactory,
    FindingFactory,
    InspectionFactory,
    KsiRouteFactory,
    KsiTotalFactory,
    MetricFactory,
    ObservationFactory,
    ReportingPeriodFactory,
    UpdateFactory,
)
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

Status = ReportingPeriod.Status
LONG_AGO = datetime.date(2017, 1, 31)
FAR_AHEAD = datetime.date(2999, 12, 31)


@pytest.fixture
def in_review():
    """2017-18-Q3, sent for review."""
    return ReportingPeriodFactory(
        quarter=3, data_to=datetime.date(2017, 11, 30), status=Status.IN_REVIEW
    )


@pytest.fixture
def draft():
    return ReportingPeriodFactory(quarter=3, data_to=datetime.date(2017, 11, 30))


def six_items_missing(period):
    """Complete and incomplete rows of each kind; what is missing, counted by hand:
    commitments 2 (Specials: no assessment; Stations: nothing), figures 2 (Cadet hours,
    Volunteer hours), KSI tables 1 (the routes table), findings 1 (the one open past its
    due date). Six in all."""
    done = CommitmentFactory(text="Recruit 100 more Specials.", lead="Supt Done")
    UpdateFactory(commitment=done, period=period)
    AssessmentFactory(commitment=done, period=period, status=Assessment.Status.ON_TRACK)
    half = CommitmentFactory(
        text="Double the Specials.", lead="Supt Lee", lead_email="lee@example.org"
    )
    UpdateFactory(commitment=half, period=period)
    CommitmentFactory(text="Open town stations.", lead="Supt Stations")
    ObservationFactory(metric=MetricFactory(name="Cadet numbers"), reported_in=period)
    MetricFactory(name="Cadet hours", owner="Performance team", owner_email="perf@example.org")
    MetricFactory(name="Volunteer hours", owner="Performance team", owner_email="perf@example.org")
    KsiTotalFactory(period=period)
    inspection = InspectionFactory()
    FindingFactory(
        inspection=inspection,
        text="Improve crime recording.",
        owner="DCC Smith",
        due_date=LONG_AGO,
    )
    FindingFactory(
        inspection=inspection,
        text="Review the control room.",
        owner="ACC Jones",
        due_date=FAR_AHEAD,
    )
    FindingFactory(
        inspection=inspection,
        text="Closed already.",
        due_date=LONG_AGO,
        status=Finding.Status.CLOSED,
        closed_on=datetime.date(2017, 1, 1),
    )


def nothing_missing(period):
    done = CommitmentFactory()
    UpdateFactory(commitment=done, period=period)
    AssessmentFactory(commitment=done, period=period)
    ObservationFactory(reported_in=period)
    KsiTotalFactory(period=period)
    KsiRouteFactory(period=period)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def publish_url(period):
    return admin_url(ReportingPeriod, "publish", period.pk)


def section(page, key):
    """The text of one kind's section of a completion or confirmation page."""
    start = page.index(f'id="missing-{key}"')
    return page[start : page.index("</section>", start)]


# Sending for review


def test_an_editor_sends_a_draft_for_review_with_the_button_on_its_page(editor_client, draft):
    page = editor_client.get(admin_url(ReportingPeriod, "change", draft.pk)).content.decode()
    assert 'id="send-for-review"' in page
    assert 'id="publish-link"' not in page

    response = editor_client.post(
        admin_url(ReportingPeriod, "step", draft.pk, "review"), follow=True
    )

    assert ReportingPeriod.objects.get().status == Status.IN_REVIEW
    assert "2017-18-Q3 is in review." in messages_of(response)


def test_an_editor_sends_for_review_from_the_period_list_too(editor_client, draft):
    editor_client.post(
        admin_url(ReportingPeriod, "changelist"),
        {"action": "submit_for_review", "_selected_action": [draft.pk]},
    )
    assert ReportingPeriod.objects.get().status == Status.IN_REVIEW


def test_an_editor_can_neither_publish_nor_return_a_period_to_draft(editor_client, in_review):
    page = editor_client.get(admin_url(ReportingPeriod, "change", in_review.pk)).content.decode()
    assert 'id="publish-link"' not in page
    assert 'id="return-to-draft"' not in page

    assert editor_client.get(publish_url(in_review)).status_code == 403
    assert editor_client.post(publish_url(in_review), {"reason": "Go."}).status_code == 403
    step = admin_url(ReportingPeriod, "step", in_review.pk, "draft")
    assert editor_client.post(step).status_code == 403
    assert ReportingPeriod.objects.get().status == Status.IN_REVIEW


def test_an_approver_returns_a_period_in_review_to_draft(approver_client, in_review):
    page = approver_client.get(admin_url(ReportingPeriod, "change", in_review.pk)).content.decode()
    assert 'id="return-to-draft"' in page
    assert 'id="send-for-review"' not in page
    approver_client.post(admin_url(ReportingPeriod, "step", in_review.pk, "draft"))
    assert ReportingPeriod.objects.get().status == Status.DRAFT


def test_a_step_is_only_posted(editor_client, draft):
    response = editor_client.get(admin_url(ReportingPeriod, "step", draft.pk, "review"))
    assert response.status_code == 405
    assert ReportingPeriod.objects.get().status == Status.DRAFT


# The confirmation page


def test_the_period_page_leads_an_approver_to_the_confirmation(approver_client, in_review):
    page = approver_client.get(admin_url(ReportingPeriod, "change", in_review.pk)).content.decode()
    assert f'href="{publish_url(in_review)}"' in page


def test_the_publish_action_leads_to_the_confirmation_and_publishes_nothing(
    approver_client, in_review
):
    response = approver_client.post(
        admin_url(ReportingPeriod, "changelist"),
        {"action": "publish", "_selected_action": [in_review.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == publish_url(in_review)
    assert ReportingPeriod.objects.get().status == Status.IN_REVIEW


def test_the_publish_action_asks_for_one_period_at_a_time(approver_client, in_review):
    later = ReportingPeriodFactory(quarter=4, status=Status.IN_REVIEW)
    response = approver_client.post(
        admin_url(ReportingPeriod, "changelist"),
        {"action": "publish", "_selected_action": [in_review.pk, later.pk]},
        follow=True,
    )
    assert any("Choose one period" in message for message in messages_of(response))
    assert not ReportingPeriod.objects.filter(status=Status.PUBLISHED).exists()


def test_the_confirmation_lists_each_kind_of_missing_item_with_its_count(
    approver_client, in_review
):
    six_items_missing(in_review)
    page = approver_client.get(publish_url(in_review)).content.decode()

    assert "6 items still missing." in page
    commitments = section(page, "commitments")
    assert "(2)" in commitments
    assert "Double the Specials." in commitments
    assert "An assessment" in commitments
    assert "Open town stations." in commitments
    assert "An update and an assessment" in commitments
    assert "Recruit 100 more Specials." not in commitments
    figures = section(page, "metrics")
    assert "(2)" in figures
    assert "Cadet hours" in figures
    assert "Volunteer hours" in figures
    assert "Cadet numbers" not in figures
    ksi = section(page, "ksi_tables")
    assert "(1)" in ksi
    assert "KSI routes table" in ksi
    assert "KSI totals" not in ksi
    findings = section(page, "findings")
    assert "(1)" in findings
    assert "Improve crime recording." in findings
    assert "due 31 January 2017" in findings
    assert "Review the control room." not in findings
    assert "Closed already." not in findings
    assert 'name="reason"' in page
    assert "Publish 2017-18-Q3 anyway" in page


def test_the_confirmation_reads_a_fixed_number_of_queries(approver_client, in_review):
    six_items_missing(in_review)
    approver_client.get(publish_url(in_review))  # the session and permissions settle
    with CaptureQueriesContext(connection) as queries:
        approver_client.get(publish_url(in_review))
    # The session, the user, the period, commitments, figures, two KSI tables, findings.
    assert len(queries) == 2 + PERMISSION_QUERIES + 1 + 1 + 1 + 2 + 1


def test_with_items_missing_publishing_without_a_reason_is_refused(approver_client, in_review):
    six_items_missing(in_review)
    response = approver_client.post(publish_url(in_review), {"reason": "   "})

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Give the reason to publish with items missing" in page
    assert "6 items still missing." in page
    stored = ReportingPeriod.objects.get()
    assert (stored.status, stored.published_on, stored.publish_reason) == (
        Status.IN_REVIEW,
        None,
        "",
    )


def test_an_approver_publishes_with_a_reason_that_is_kept_shown_and_audited(
    approver_client, approver, in_review
):
    six_items_missing(in_review)
    reason = "The board meets tomorrow; the missing figures follow as amendments."

    response = approver_client.post(publish_url(in_review), {"reason": reason}, follow=True)

    stored = ReportingPeriod.objects.get()
    assert stored.status == Status.PUBLISHED
    assert stored.published_on is not None
    assert stored.publish_reason == reason
    assert any("2017-18-Q3 is published on" in message for message in messages_of(response))
    assert reason in response.content.decode()  # the period's own page, where it leads
    change = ObjectChange.objects.filter(object_id=str(in_review.pk), user=approver).get()
    assert change.after["publish_reason"] == reason
    assert change.after["status"] == Status.PUBLISHED


def test_a_reason_too_long_is_refused_at_its_field(approver_client, in_review):
    six_items_missing(in_review)
    response = approver_client.post(publish_url(in_review), {"reason": "x" * 2001})
    assert "at most 2000 characters" in response.content.decode()
    assert ReportingPeriod.objects.get().status == Status.IN_REVIEW


def test_with_nothing_missing_the_confirmation_is_plain(approver_client, in_review):
    nothing_missing(in_review)
    page = approver_client.get(publish_url(in_review)).content.decode()
    assert "Nothing is missing" in page
    assert 'name="reason"' not in page
    assert "anyway" not in page

    approver_client.post(publish_url(in_review))

    stored = ReportingPeriod.objects.get()
    assert (stored.status, stored.publish_reason) == (Status.PUBLISHED, "")


def test_something_missing_since_the_page_was_read_stops_the_publication(
    approver_client, in_review
):
    nothing_missing(in_review)
    approver_client.get(publish_url(in_review))
    CommitmentFactory(text="Added while the page was open.")

    response = approver_client.post(publish_url(in_review))

    page = response.content.decode()
    assert "1 item still missing." in page
    assert "Give the reason to publish with items missing" in page
    assert "Added while the page was open." in page
    assert 'name="reason"' in page
    assert ReportingPeriod.objects.get().status == Status.IN_REVIEW


def test_a_draft_is_not_offered_for_publication(approver_client, draft):
    response = approver_client.get(publish_url(draft), follow=True)
    assert any("only a period in review is published" in m for m in messages_of(response))
    approver_client.post(publish_url(draft), {"reason": "Anyway."})
    assert ReportingPeriod.objects.get().status == Status.DRAFT


# What is missing, and the reminders


def test_the_completion_page_lists_the_same_four_kinds(editor_client, draft):
    six_items_missing(draft)
    page = editor_client.get(admin_url(ReportingPeriod, "completion", draft.pk)).content.decode()
    assert "6 items still missing." in page
    assert "(2)" in section(page, "commitments")
    assert "(2)" in section(page, "metrics")
    assert "KSI routes table" in section(page, "ksi_tables")
    assert "Improve crime recording." in section(page, "findings")
    assert "DCC Smith: no email held" in section(page, "findings")


def test_the_completion_page_reads_a_fixed_number_of_queries(editor_client, draft):
    six_items_missing(draft)
    url = admin_url(ReportingPeriod, "completion", draft.pk)
    editor_client.get(url)  # the session and permissions settle
    with CaptureQueriesContext(connection) as queries:
        editor_client.get(url)
    # The session, the user, the period, commitments, figures, two KSI tables, findings.
    assert len(queries) == 2 + PERMISSION_QUERIES + 1 + 1 + 1 + 2 + 1


def test_the_completion_page_links_each_item_where_it_is_completed(editor_client, draft):
    six_items_missing(draft)
    page = editor_client.get(admin_url(ReportingPeriod, "completion", draft.pk)).content.decode()
    stations = Commitment.objects.get(text="Open town stations.")
    assert f"/admin/priorities/commitment/{stations.pk}/quarter/2017-18-Q3/" in page
    assert f"/admin/metrics/metric/{Metric.objects.get(name='Cadet hours').pk}/change/" in page
    assert f"/admin/metrics/ksiroute/add/?period={draft.pk}" in page
    finding = Finding.objects.get(text="Improve crime recording.")
    assert f"/admin/inspections/finding/{finding.pk}/change/" in page


def test_send_reminders_emails_each_owner_their_items_and_names_those_without_email(
    editor_client, draft
):
    six_items_missing(draft)
    url = admin_url(ReportingPeriod, "completion", draft.pk)
    assert 'id="send-reminders"' in editor_client.get(url).content.decode()

    response = editor_client.post(admin_url(ReportingPeriod, "reminders", draft.pk), follow=True)

    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert set(by_address) == {"lee@example.org", "perf@example.org"}
    assert "Double the Specials.: needs an assessment" in by_address["lee@example.org"]
    assert "Open town stations." not in by_address["lee@example.org"]
    assert "Figure: Cadet hours: needs a figure" in by_address["perf@example.org"]
    assert "Figure: Volunteer hours: needs a figure" in by_address["perf@example.org"]
    assert messages_of(response) == [
        "Sent 2 reminders for 2017-18-Q3 (6 missing items). Not sent, as no email is held "
        "for: Supt Stations (1 item); no owner named (1 item); DCC Smith (1 item)."
    ]


def test_reminders_are_only_posted_and_not_for_a_published_period(editor_client, draft):
    six_items_missing(draft)
    url = admin_url(ReportingPeriod, "reminders", draft.pk)
    assert editor_client.get(url).status_code == 405
    ReportingPeriod.objects.update(status=Status.PUBLISHED, published_on=datetime.date.today())
    assert editor_client.post(url).status_code == 403
    assert mail.outbox == []
