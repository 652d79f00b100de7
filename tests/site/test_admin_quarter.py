"""The page where office staff write a commitment's quarter, driven through its real views."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essexperf.audit.models import ObjectChange
from essexperf.pagecache.versions import data_version
from metrics.models import Observation
from priorities.models import Assessment, Commitment, Footnote, Update
from priorities.quarter import next_needing_update, quarter_url
from tests.admin_helpers import admin_url, posted_value, shown_messages
from tests.factories import (
    AreaFactory,
    AssessmentFactory,
    CommitmentFactory,
    FootnoteFactory,
    MetricFactory,
    ObservationFactory,
    PriorityFactory,
    ReportingPeriodFactory,
    UpdateFactory,
)
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

LAST_QUARTER_TEXT = "Special Constable numbers rose to 412."


@pytest.fixture
def quarter():
    """Priority 1 with commitments 1.1 to 1.3; Q2 published with 1.1's status and update,
    Q3 a draft in which 1.2 alone is done; a figure of 1.1 reported in Q2."""
    q2 = ReportingPeriodFactory(published=True, published_on="2017-10-20")
    q3 = ReportingPeriodFactory(quarter=3, data_to=datetime.date(2017, 11, 30))
    priority = PriorityFactory(number=1, title="More local policing")
    first, second, third = (
        CommitmentFactory(priority=priority, order=order, lead="Chief Inspector Special")
        for order in (1, 2, 3)
    )
    AssessmentFactory(commitment=first, period=q2, status="some_concerns", reason="Slow intake.")
    UpdateFactory(commitment=first, period=q2, order=1, text=LAST_QUARTER_TEXT)
    AssessmentFactory(commitment=second, period=q3)
    UpdateFactory(commitment=second, period=q3, order=1, text="Done.")
    metric = MetricFactory(
        name="Special Constable headcount", priority=priority, commitment=first, measure="level"
    )
    area = AreaFactory()
    ObservationFactory(
        metric=metric,
        area=area,
        start_date=datetime.date(2017, 8, 31),
        end_date=datetime.date(2017, 8, 31),
        value=Decimal("412"),
        basis="point_in_time",
        reported_in=q2,
    )
    return {"q2": q2, "q3": q3, "commitments": (first, second, third), "metric": metric}


def page_data(response, **changes):
    """What the browser posts back from the quarter page as rendered, with changes."""
    page = response.context["page"]
    forms = [page.assessment_form, page.formset.management_form, *page.formset.forms]
    forms += page.figure_forms
    data = {}
    for form in forms:
        for name in form.fields:
            value = posted_value(form[name].value())
            if value is not None:
                data[form.add_prefix(name)] = value
    return data | {name: posted_value(value) for name, value in changes.items()}


def written_quarter(**changes):
    """A whole quarter written for 1.1: off track with its reason, one update under a
    section with a nested bullet and a footnote."""
    return {
        "assessment-status": "off_track",
        "assessment-reason": "Recruitment is paused until April.",
        "updates-0-order": "1",
        "updates-0-section": "LPA North",
        "updates-0-style": "bullet",
        "updates-0-text": "Specials patrolled the night-time economy.[^1]\n"
        "- 40 patrols in Colchester",
        "updates-0-footnotes": "1. Friday and Saturday nights.",
        "_save": "Save",
    } | changes


def test_the_page_shows_the_plan_wording_and_last_quarters_status_and_text(editor_client, quarter):
    first = quarter["commitments"][0]
    response = editor_client.get(quarter_url(first, quarter["q3"]))
    assert response.status_code == 200
    last = response.text.split('id="last-quarter"')[1].split("</section>\n\n    <section")[0]
    assert "Last quarter: 2017-18-Q2" in last
    assert "Some concerns" in last
    assert "Slow intake." in last
    assert LAST_QUARTER_TEXT in last
    assert first.text in response.text
    assert "Chief Inspector Special" in response.text
    # The wording is shown, never a box to change it.
    assert 'name="text"' not in response.text
    assert "Special Constable headcount" in response.text
    assert "412" in response.text


def test_the_way_to_write_sections_bullets_and_footnotes_is_on_the_page(editor_client, quarter):
    response = editor_client.get(quarter_url(quarter["commitments"][0], quarter["q3"]))
    howto = response.text.split('id="how-to-write"')[1].split("</div>")[0]
    assert '"- "' in howto
    assert "[^1]" in howto
    assert "LPA North" in howto


def test_an_editor_saves_the_assessment_and_updates_and_the_report_prints_them(
    editor_client, quarter
):
    first, q3 = quarter["commitments"][0], quarter["q3"]
    page = editor_client.get(quarter_url(first, q3))
    version_before = data_version()
    response = editor_client.post(quarter_url(first, q3), page_data(page, **written_quarter()))
    assert response.status_code == 302
    assert response["Location"] == quarter_url(first, q3)
    assert data_version() != version_before
    assessment = Assessment.objects.get(commitment=first, period=q3)
    assert assessment.status == "off_track"
    assert assessment.reason == "Recruitment is paused until April."
    update = Update.objects.get(commitment=first, period=q3)
    assert update.section == "LPA North"
    assert Footnote.objects.get(update=update).text == "Friday and Saturday nights."
    recorded = ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Update), object_id=update.pk
    )
    assert list(recorded.values_list("action", "user_name")) == [("create", "edith")]
    report = editor_client.get(reverse("reports:report", args=[q3.code]))
    block = report.text.split(f'id="commitment-{first.pk}-heading"')[1].split("</section>")[0]
    assert '<h4 class="update-section">LPA North</h4>' in block
    assert '<ul class="sub-bullets"><li>40 patrols in Colchester</li></ul>' in block
    assert f'href="#update-{update.pk}-footnote-1"' in block
    assert "Friday and Saturday nights." in block


def test_the_saved_page_previews_the_updates_as_the_report_prints_them(editor_client, quarter):
    first, q3 = quarter["commitments"][0], quarter["q3"]
    page = editor_client.get(quarter_url(first, q3))
    editor_client.post(quarter_url(first, q3), page_data(page, **written_quarter()))
    response = editor_client.get(quarter_url(first, q3))
    preview = response.text.split('id="preview"')[1].split("</section>\n\n")[0]
    assert '<ul class="sub-bullets"><li>40 patrols in Colchester</li></ul>' in preview
    assert "Friday and Saturday nights." in preview


def test_preview_shows_the_updates_as_printed_and_saves_nothing(editor_client, quarter):
    first, q3 = quarter["commitments"][0], quarter["q3"]
    page = editor_client.get(quarter_url(first, q3))
    data = page_data(page, **written_quarter(_save=None, _preview="Preview"))
    data.pop("_save")
    response = editor_client.post(quarter_url(first, q3), data)
    assert response.status_code == 200
    preview = response.text.split('id="preview"')[1].split("</section>\n\n")[0]
    assert "not saved yet" in preview
    assert '<h4 class="update-section">LPA North</h4>' in preview
    assert "40 patrols in Colchester" in preview
    assert not Update.objects.filter(commitment=first, period=q3).exists()
    assert not Assessment.objects.filter(commitment=first, period=q3).exists()


def test_a_status_not_on_track_without_a_reason_is_refused_at_the_reason_with_nothing_saved(
    editor_client, quarter
):
    first, q3 = quarter["commitments"][0], quarter["q3"]
    page = editor_client.get(quarter_url(first, q3))
    data = page_data(page, **written_quarter(**{"assessment-reason": ""}))
    response = editor_client.post(quarter_url(first, q3), data)
    assert response.status_code == 200
    form = response.context["page"].assessment_form
    assert form.errors["reason"] == ["Give the reason unless the commitment is on track."]
    assert "There is a problem" in response.text
    assert not Assessment.objects.filter(commitment=first, period=q3).exists()
    assert not Update.objects.filter(commitment=first, period=q3).exists()


def test_a_reference_to_a_footnote_not_written_is_refused_at_the_footnotes(editor_client, quarter):
    first, q3 = quarter["commitments"][0], quarter["q3"]
    page = editor_client.get(quarter_url(first, q3))
    data = page_data(page, **written_quarter(**{"updates-0-footnotes": ""}))
    response = editor_client.post(quarter_url(first, q3), data)
    assert response.status_code == 200
    errors = response.context["page"].formset.forms[0].errors
    assert errors["footnotes"] == [
        'The text refers to footnote 1: write it below, as "1. Its text".'
    ]
    assert not Update.objects.filter(commitment=first, period=q3).exists()


def test_an_update_saved_by_someone_else_meanwhile_is_refused_and_nothing_written(
    editor_client, approver_client, quarter
):
    second, q3 = quarter["commitments"][1], quarter["q3"]
    mine = editor_client.get(quarter_url(second, q3))
    theirs = approver_client.get(quarter_url(second, q3))
    approver_client.post(
        quarter_url(second, q3), page_data(theirs, **{"updates-0-text": "Their words."})
    )
    data = page_data(mine, **{"updates-0-text": "My words.", "assessment-status": "off_track"})
    data["assessment-reason"] = "Mine."
    response = editor_client.post(quarter_url(second, q3), data)
    assert response.status_code == 200
    assert "Someone else saved this update" in response.text
    assert Update.objects.get(commitment=second, period=q3).text == "Their words."
    assert Assessment.objects.get(commitment=second, period=q3).status == "on_track"


def test_an_assessment_saved_by_someone_else_meanwhile_is_refused_and_nothing_written(
    editor_client, approver_client, quarter
):
    second, q3 = quarter["commitments"][1], quarter["q3"]
    mine = editor_client.get(quarter_url(second, q3))
    theirs = approver_client.get(quarter_url(second, q3))
    changes = {"assessment-status": "off_track", "assessment-reason": "Their reason."}
    approver_client.post(quarter_url(second, q3), page_data(theirs, **changes))
    changes = {"assessment-status": "some_concerns", "assessment-reason": "My reason."}
    response = editor_client.post(
        quarter_url(second, q3), page_data(mine, **changes, **{"updates-0-text": "Mine."})
    )
    assert response.status_code == 200
    assert "Someone else saved this assessment" in response.text
    assert Assessment.objects.get(commitment=second, period=q3).reason == "Their reason."
    assert Update.objects.get(commitment=second, period=q3).text == "Done."


def test_a_published_quarter_is_shown_read_only_and_a_post_writes_nothing(editor_client, quarter):
    first, q2 = quarter["commitments"][0], quarter["q2"]
    response = editor_client.get(quarter_url(first, q2))
    assert response.status_code == 200
    assert "<form" not in response.text.split('id="content-main"')[1]
    assert LAST_QUARTER_TEXT in response.text
    assert "2017-18-Q2 is published, so this quarter is read-only" in " ".join(
        shown_messages(response)
    )
    data = {"updates-TOTAL_FORMS": "1", "updates-INITIAL_FORMS": "0", "updates-0-order": "2"}
    data |= {"updates-0-text": "Late news.", "assessment-status": "on_track", "_save": "Save"}
    response = editor_client.post(quarter_url(first, q2), data)
    assert "Nothing was saved" in " ".join(shown_messages(response))
    assert Update.objects.filter(period=q2).count() == 1
    assert Assessment.objects.get(commitment=first, period=q2).status == "some_concerns"


def test_save_and_next_goes_to_the_next_commitment_still_lacking_an_update(editor_client, quarter):
    first, _, third = quarter["commitments"]
    q3 = quarter["q3"]
    page = editor_client.get(quarter_url(first, q3))
    data = page_data(page, **written_quarter(_save=None, _next="Save and go"))
    data.pop("_save")
    response = editor_client.post(quarter_url(first, q3), data)
    assert response.status_code == 302
    # 1.2 is done already, so the next is 1.3.
    assert response["Location"] == quarter_url(third, q3)


def test_save_and_next_on_the_last_commitment_goes_to_the_completion_page(editor_client, quarter):
    first, _, third = quarter["commitments"]
    q3 = quarter["q3"]
    AssessmentFactory(commitment=first, period=q3)
    UpdateFactory(commitment=first, period=q3, order=1)
    page = editor_client.get(quarter_url(third, q3))
    data = page_data(page, **written_quarter(_save=None, _next="Save and go"))
    data.pop("_save")
    response = editor_client.post(quarter_url(third, q3), data, follow=True)
    assert response.redirect_chain[-1][0] == admin_url(type(q3), "completion", q3.pk)
    assert "Every current commitment now has an update and an assessment for 2017-18-Q3." in (
        shown_messages(response)
    )


def test_the_next_commitment_comes_round_to_the_first_still_lacking(quarter):
    first, _, third = quarter["commitments"]
    assert next_needing_update(quarter["q3"], after=third) == first
    assert next_needing_update(quarter["q3"]) == first


def test_this_quarters_figure_is_added_through_the_observation_feed(editor_client, quarter):
    first, q3, metric = quarter["commitments"][0], quarter["q3"], quarter["metric"]
    page = editor_client.get(quarter_url(first, q3))
    prefix = f"figure-{metric.pk}"
    data = page_data(page, **{f"{prefix}-value": "430", "_save": "Save"})
    response = editor_client.post(quarter_url(first, q3), data)
    assert response.status_code == 302
    added = Observation.objects.get(metric=metric, reported_in=q3)
    assert added.value == Decimal("430")
    assert added.start_date == added.end_date == datetime.date(2017, 11, 30)
    assert added.area.slug == "essex"


def test_a_figure_out_of_range_is_refused_at_its_value_with_nothing_saved(editor_client, quarter):
    first, q3, metric = quarter["commitments"][0], quarter["q3"], quarter["metric"]
    page = editor_client.get(quarter_url(first, q3))
    data = page_data(page, **written_quarter(**{f"figure-{metric.pk}-value": "-5"}))
    response = editor_client.post(quarter_url(first, q3), data)
    assert response.status_code == 200
    form = response.context["page"].figure_forms[0]
    assert form.errors["value"] == ["Special Constable headcount cannot be below 0."]
    assert not Update.objects.filter(commitment=first, period=q3).exists()
    assert not Observation.objects.filter(reported_in=q3).exists()


def test_the_page_reads_a_fixed_number_of_queries(editor_client, quarter):
    first, q3 = quarter["commitments"][0], quarter["q3"]
    for order in (1, 2):
        FootnoteFactory(update=UpdateFactory(commitment=first, period=q3, order=order))
    url = quarter_url(first, q3)
    editor_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(url)
    assert response.status_code == 200
    # The session and user; the commitment, the period and the one before, both
    # assessments, each period's updates and their footnotes, the figures with their
    # latest values, this quarter's values, the areas, and the periods to choose among;
    # then the figures in sentences (essexperf.site.quarter.figure_sentences): the periods,
    # the figures, their latest values, the process charts' figures, recalculations and
    # targets, and the peer group (the demo has none, so no peers' figures to read).
    assert len(queries) == 2 + PERMISSION_QUERIES + 12 + 7


def test_people_who_may_not_write_quarters_are_refused(administrator_client, quarter):
    response = administrator_client.get(quarter_url(quarter["commitments"][0], quarter["q3"]))
    assert response.status_code == 403


def test_the_commitment_list_links_each_row_to_the_quarter_being_written(editor_client, quarter):
    response = editor_client.get(admin_url(Commitment, "changelist"))
    for commitment in quarter["commitments"]:
        assert f'href="{quarter_url(commitment, quarter["q3"])}"' in response.text


def test_the_commitment_page_holds_the_plan_wording_and_links_to_each_quarter(
    editor_client, quarter
):
    first = quarter["commitments"][0]
    response = editor_client.get(admin_url(Commitment, "change", first.pk))
    assert (
        "inline_admin_formsets" not in response.context
        or not response.context["inline_admin_formsets"]
    )
    assert f'href="{quarter_url(first, quarter["q3"])}"' in response.text
    assert f'href="{quarter_url(first, quarter["q2"])}"' in response.text


def test_a_footnote_removed_from_the_box_is_deleted(editor_client, quarter):
    second, q3 = quarter["commitments"][1], quarter["q3"]
    update = Update.objects.get(commitment=second, period=q3)
    Update.objects.filter(pk=update.pk).update(text="Done.[^1]")
    FootnoteFactory(update=update, number=1, text="Old note.")
    page = editor_client.get(quarter_url(second, q3))
    assert page.context["page"].formset.forms[0]["footnotes"].value() == "1. Old note."
    data = page_data(page, **{"updates-0-text": "Done.", "updates-0-footnotes": ""})
    response = editor_client.post(quarter_url(second, q3), data)
    assert response.status_code == 302
    assert not Footnote.objects.filter(update=update).exists()


def test_an_unknown_period_is_not_found(editor_client, quarter):
    first = quarter["commitments"][0]
    url = reverse("admin:priorities_commitment_quarter", args=[first.pk, "2099-00-Q1"])
    assert editor_client.get(url).status_code == 404


def test_two_updates_in_one_position_are_refused_at_the_second(editor_client, quarter):
    second, q3 = quarter["commitments"][1], quarter["q3"]
    page = editor_client.get(quarter_url(second, q3))
    changes = {"updates-1-order": "1", "updates-1-text": "More news."}
    response = editor_client.post(quarter_url(second, q3), page_data(page, **changes))
    assert response.status_code == 200
    errors = response.context["page"].formset.forms[1].errors
    assert errors["order"] == ["Another update of this quarter has this position."]
    assert Update.objects.filter(commitment=second, period=q3).count() == 1


def test_an_update_is_deleted_and_its_position_taken_in_one_save(editor_client, quarter):
    second, q3 = quarter["commitments"][1], quarter["q3"]
    page = editor_client.get(quarter_url(second, q3))
    changes = {"updates-0-DELETE": "on", "updates-1-order": "1", "updates-1-text": "Anew."}
    response = editor_client.post(quarter_url(second, q3), page_data(page, **changes))
    assert response.status_code == 302
    stored = Update.objects.filter(commitment=second, period=q3)
    assert list(stored.values_list("order", "text")) == [(1, "Anew.")]


def test_an_update_after_the_commitment_was_retired_is_refused(editor_client, quarter):
    first, q3 = quarter["commitments"][0], quarter["q3"]
    Commitment.objects.filter(pk=first.pk).update(retired_on=datetime.date(2017, 9, 1))
    page = editor_client.get(quarter_url(first, q3))
    response = editor_client.post(quarter_url(first, q3), page_data(page, **written_quarter()))
    assert response.status_code == 200
    assert response.context["page"].formset.forms[0].non_field_errors() == [
        "This commitment's wording was not current when the period started."
    ]
    assert not Update.objects.filter(commitment=first, period=q3).exists()


def test_a_totals_new_value_is_offered_over_as_many_months_as_its_last_up_to_the_cut_off(
    editor_client, quarter
):
    first, q3 = quarter["commitments"][0], quarter["q3"]
    hours = MetricFactory(name="Hours of service", priority=first.priority, commitment=first)
    ObservationFactory(metric=hours, area=AreaFactory(), value=Decimal("29620"))
    response = editor_client.get(quarter_url(first, q3))
    form = next(f for f in response.context["page"].figure_forms if f.metric == hours)
    # The last value covered June to August; Q3's data run to 30 November.
    assert form["start_date"].value() == datetime.date(2017, 9, 1)
    assert form["end_date"].value() == datetime.date(2017, 11, 30)


def test_two_updates_swapping_positions_in_one_save_are_refused_with_nothing_written(
    editor_client, quarter
):
    second, q3 = quarter["commitments"][1], quarter["q3"]
    UpdateFactory(commitment=second, period=q3, order=2, text="Later.")
    page = editor_client.get(quarter_url(second, q3))
    changes = {"updates-0-order": "2", "updates-1-order": "1", "updates-1-text": "Earlier."}
    response = editor_client.post(quarter_url(second, q3), page_data(page, **changes))
    assert response.status_code == 200
    assert "To swap two updates, move one to a free position" in response.text
    stored = Update.objects.filter(commitment=second, period=q3).order_by("order")
    assert list(stored.values_list("order", "text")) == [(1, "Done."), (2, "Later.")]
