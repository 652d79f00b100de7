"""Amending a published row in the admin: the Amend page of each kind of frozen row, for
approvers only, writing through priorities.amendments.amend."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from essexperf.audit.models import ObjectChange
from metrics.models import KsiRoute, Observation
from priorities.models import Amendment, Update
from tests.admin_helpers import admin_url
from tests.factories import (
    AssessmentFactory,
    CommitmentFactory,
    FootnoteFactory,
    KsiPeakTimeFactory,
    KsiRouteFactory,
    KsiTotalFactory,
    KsiVulnerableGroupFactory,
    MetricFactory,
    ObservationFactory,
    UpdateFactory,
)
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

REASON = "The force corrected its return."


@pytest.fixture
def update(published):
    return UpdateFactory(
        period=published,
        commitment=CommitmentFactory(priority__number=1),
        text="40 Specials recruited.\n\n- 12 in the north.",
    )


def amend_url(row):
    """An inline's row (an update's footnote, say) is amended from its parent's admin."""
    return reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_amend", args=[row.pk])


def form_data(response, **changes):
    """What the browser posts back from the amend form, with these values changed."""
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields} | changes
    return {name: "" if value is None else value for name, value in data.items()}


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_approver_amends_a_published_updates_text_and_the_report_shows_it(
    approver_client, approver, viewer_client, update
):
    page = approver_client.get(amend_url(update))
    assert page.status_code == 200
    assert page.context["adminform"].form["text"].value() == update.text

    data = form_data(page, text="42 Specials recruited.", amendment_reason=REASON)
    response = approver_client.post(amend_url(update), data)

    assert response.status_code == 302
    assert response["Location"] == admin_url(Update, "change", update.pk)
    assert messages_of(response) == [f"Amended: {Update.objects.get()} (text)."]
    assert Update.objects.get().text == "42 Specials recruited."
    amendment = Amendment.objects.get()
    assert (amendment.amended, amendment.amended_by, amendment.reason) == (
        update,
        approver,
        REASON,
    )
    assert amendment.after == {"text": "42 Specials recruited."}
    report = viewer_client.get(f"/reports/{update.period.code}/").content.decode()
    assert "Amended" in report
    assert REASON in report


def test_the_audit_trail_records_the_amendment_as_the_approvers_change(approver_client, update):
    page = approver_client.get(amend_url(update))
    approver_client.post(
        amend_url(update), form_data(page, text="42 recruited.", amendment_reason=REASON)
    )

    change = ObjectChange.objects.filter(action="update", object_id=update.pk).get()
    assert change.user_name == "amir"
    assert (change.before["text"], change.after["text"]) == (update.text, "42 recruited.")


def test_an_approver_amends_an_observations_value_in_the_metrics_admin(approver_client, published):
    observation = ObservationFactory(reported_in=published)
    page = approver_client.get(amend_url(observation))
    response = approver_client.post(
        amend_url(observation), form_data(page, value="101.5", amendment_reason="Late returns.")
    )

    assert response["Location"] == admin_url(Observation, "change", observation.pk)
    assert str(Observation.objects.get().value) == "101.5000"
    assert Amendment.objects.get().after == {"value": "101.5"}


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (lambda p: AssessmentFactory(period=p), "status", "some_concerns"),
        (lambda p: FootnoteFactory(update__period=p), "text", "Call handling."),
        (lambda p: KsiTotalFactory(period=p), "casualties", "404"),
        (lambda p: KsiRouteFactory(period=p), "road", "A127"),
        (lambda p: KsiVulnerableGroupFactory(route__period=p), "percent", "23.5"),
        (lambda p: KsiPeakTimeFactory(route__period=p), "days", "weekends"),
    ],
    ids=["assessment", "footnote", "KSI total", "KSI route", "vulnerable group", "peak time"],
)
def test_every_other_kind_of_published_row_is_amended_in_the_admin(
    approver_client, published, make, field, value
):
    row = make(published)
    url = amend_url(row)
    page = approver_client.get(url)
    # An assessment not on track needs its own reason, which the form shows beside the
    # amendment's.
    changes = {field: value, "reason": "Recruitment paused."} if field == "status" else {}
    response = approver_client.post(
        url, form_data(page, **{field: value, **changes, "amendment_reason": REASON})
    )

    assert response.status_code == 302, page.context["adminform"].form.errors
    row.refresh_from_db()
    assert row._meta.get_field(field).value_to_string(row) == value
    assert Amendment.objects.get().amended == row


def test_a_published_rows_change_page_offers_approvers_the_amend_page(
    approver_client, editor_client, published
):
    route = KsiRouteFactory(period=published)
    group = KsiVulnerableGroupFactory(route=route)
    change_page = admin_url(KsiRoute, "change", route.pk)

    seen = approver_client.get(change_page).content.decode()
    assert amend_url(route) in seen
    assert amend_url(group) in seen
    assert amend_url(route) not in editor_client.get(change_page).content.decode()


def test_a_draft_rows_change_page_offers_no_amend_page(approver_client):
    draft_update = UpdateFactory()
    page = approver_client.get(admin_url(Update, "change", draft_update.pk))
    assert amend_url(draft_update) not in page.content.decode()


def test_an_editor_is_refused_the_amend_page(editor_client, update):
    page = editor_client.get(amend_url(update))
    posted = editor_client.post(amend_url(update), {"text": "Fixed.", "amendment_reason": REASON})

    assert (page.status_code, posted.status_code) == (403, 403)
    assert not Amendment.objects.exists()


def test_an_amendment_without_a_reason_is_refused_at_the_reason(approver_client, update):
    page = approver_client.get(amend_url(update))
    response = approver_client.post(
        amend_url(update), form_data(page, text="42 recruited.", amendment_reason="  ")
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"amendment_reason": ["Give the reason for the amendment."]}
    assert 'class="errornote"' in response.content.decode()
    assert Update.objects.get().text == update.text
    assert not Amendment.objects.exists()


def test_a_value_the_row_may_not_hold_is_refused_at_its_field(approver_client, published):
    assessment = AssessmentFactory(period=published)
    page = approver_client.get(amend_url(assessment))
    response = approver_client.post(
        amend_url(assessment),
        form_data(page, status="off_track", reason="", amendment_reason=REASON),
    )

    assert response.context["adminform"].form.errors == {
        "reason": ["Give the reason unless the commitment is on track."]
    }
    assert not Amendment.objects.exists()


def test_an_amendment_that_changes_nothing_is_refused(approver_client, update):
    page = approver_client.get(amend_url(update))
    # Browsers send a text box's line breaks as CRLF: the text is still as stored.
    as_sent = update.text.replace("\n", "\r\n")
    response = approver_client.post(
        amend_url(update), form_data(page, text=as_sent, amendment_reason=REASON)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Nothing changed: correct at least one value, or leave the page."
    ]
    assert 'class="errornote"' in response.content.decode()
    assert not Amendment.objects.exists()


def test_a_draft_rows_amend_page_sends_the_approver_to_change_it_directly(approver_client):
    draft_update = UpdateFactory(text="40 recruited.")
    page = approver_client.get(amend_url(draft_update))
    posted = approver_client.post(
        amend_url(draft_update), {"text": "42 recruited.", "amendment_reason": REASON}
    )

    for response in (page, posted):
        assert response.status_code == 302
        assert response["Location"] == admin_url(Update, "change", draft_update.pk)
    assert "This update's period is not published: change it here." in messages_of(page)
    assert Update.objects.get().text == "40 recruited."
    assert not Amendment.objects.exists()


def test_an_unknown_rows_amend_page_is_not_found(approver_client, published):
    assert approver_client.get(amend_url(Update(pk=999))).status_code == 404


def test_the_amend_page_makes_a_fixed_number_of_queries(
    approver_client, django_assert_num_queries, update
):
    UpdateFactory.create_batch(3, period=update.period)
    # The session, the user, and the update with its commitment, priority and period.
    with django_assert_num_queries(3 + PERMISSION_QUERIES):
        response = approver_client.get(amend_url(update))
    assert response.status_code == 200


def test_an_observation_outside_its_metrics_range_is_refused_at_its_value(
    approver_client, published
):
    observation = ObservationFactory(reported_in=published, metric=MetricFactory(maximum=500))
    page = approver_client.get(amend_url(observation))
    response = approver_client.post(
        amend_url(observation), form_data(page, value="501", amendment_reason=REASON)
    )

    assert response.context["adminform"].form.errors == {
        "value": [f"{observation.metric.name} cannot be above 500."]
    }
    assert Observation.objects.get().value == observation.value
