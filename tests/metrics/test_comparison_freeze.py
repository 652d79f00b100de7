"""A published figure's change is worked out against the figure it is compared with, so that
figure is frozen with it: it is changed or deleted only by an approver's amendment, on every
path (code, the admin, the API and the feeds)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from metrics.models import Metric, Observation
from priorities.amendments import amend
from priorities.freeze import Frozen
from priorities.models import Amendment
from tests.admin_helpers import admin_url, form_data, inline_formset
from tests.api_helpers import error_of, token_client
from tests.factories import MetricFactory, ObservationFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db

SHOWN = "is the figure a published figure of 2017-18-Q2 is compared with"
CHANGE_REFUSED = f"This observation {SHOWN}: it cannot be changed."
LIST = reverse("api:observation-list")


def detail(pk):
    return reverse("api:observation-detail", args=[pk])


@pytest.fixture
def draft():
    return ReportingPeriodFactory(quarter=3, data_to=datetime.date(2017, 11, 30))


@pytest.fixture
def hours():
    return MetricFactory(slug="special-constable-hours", name="Special Constable hours")


def year_before(hours, period=None):
    """Summer 2016's hours, 100, in the given period (none by default)."""
    return ObservationFactory(
        metric=hours,
        start_date=datetime.date(2016, 6, 1),
        end_date=datetime.date(2016, 8, 31),
        value=Decimal("100"),
        reported_in=period,
    )


def summer(hours, earlier, period):
    """Summer 2017's hours, 150, compared with the year before's: +50% while that is 100."""
    return ObservationFactory(
        metric=hours, value=Decimal("150"), compared_with=earlier, reported_in=period
    )


@pytest.fixture
def earlier(hours, published):
    """The figure 2017-18-Q2's published summer hours are compared with, in no period."""
    earlier = year_before(hours)
    summer(hours, earlier, published)
    return earlier


def published_change(hours):
    """The published figure's change as the API reads it (to a reader who sees the earlier
    figure, even in a draft), and its version."""
    row = Observation.objects.get(metric=hours, end_date=datetime.date(2017, 8, 31))
    shown = token_client(can_read_drafts=True).get(detail(row.pk)).json()
    return shown["change"]["percent"], shown["version"]


def as_published(hours, earlier):
    """Nothing moved: the earlier figure is 100, the published change +50%, at version 1."""
    assert Observation.objects.get(pk=earlier.pk).value == Decimal("100")
    assert published_change(hours) == ("50", 1)
    assert not Amendment.objects.exists()
    return True


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# In code


@pytest.mark.parametrize("in_draft", [False, True], ids=["in no period", "in a draft"])
def test_the_figure_a_published_figure_is_compared_with_cannot_be_changed_or_deleted_in_code(
    hours, published, draft, in_draft
):
    earlier = year_before(hours, draft if in_draft else None)
    summer(hours, earlier, published)

    earlier.value = Decimal("300")
    with pytest.raises(Frozen) as changed:
        earlier.save()
    with pytest.raises(Frozen) as deleted, transaction.atomic():
        earlier.delete()

    assert changed.value.messages == [
        f"{CHANGE_REFUSED} An approver can amend it, giving the reason."
    ]
    assert deleted.value.messages == [
        f"This observation {SHOWN}: it cannot be deleted. An approver can amend it, giving "
        "the reason."
    ]
    assert as_published(hours, earlier)


def test_the_figure_a_draft_figure_is_compared_with_is_still_changed_directly(hours, draft):
    earlier = year_before(hours)
    summer(hours, earlier, draft)

    earlier.value = Decimal("300")
    earlier.save()

    assert Observation.objects.get(pk=earlier.pk).value == Decimal("300")


def test_publishing_the_comparing_figures_period_freezes_the_figure_it_is_compared_with(
    hours, draft
):
    earlier = year_before(hours)
    summer(hours, earlier, draft)
    draft.status, draft.published_on = "published", datetime.date(2017, 12, 31)
    draft.save()

    with pytest.raises(Frozen, match="a published figure of 2017-18-Q3 is compared with"):
        earlier.delete()


# In the admin, as an editor


def test_the_admin_shows_the_figure_read_only_saying_why_and_refuses_a_post(
    editor_client, hours, earlier
):
    url = admin_url(Observation, "change", earlier.pk)

    page = editor_client.get(url)
    refused = editor_client.post(url, {"value": "300", "version": "1"})

    assert page.context["has_change_permission"] is False
    assert page.context["has_delete_permission"] is False
    assert messages_of(page) == [
        f"This observation {SHOWN}, so it is read-only. An approver can amend it, giving "
        "the reason."
    ]
    assert refused.status_code == 403
    assert as_published(hours, earlier)


def test_the_admin_refuses_to_delete_the_figure_one_by_one_or_in_bulk(
    editor_client, hours, earlier
):
    one = editor_client.post(admin_url(Observation, "delete", earlier.pk), {"post": "yes"})
    bulk = editor_client.post(
        admin_url(Observation, "changelist"),
        {"action": "delete_selected", "_selected_action": [earlier.pk], "post": "yes"},
    )

    assert (one.status_code, bulk.status_code) == (403, 403)
    assert as_published(hours, earlier)


def test_the_admin_still_deletes_in_bulk_figures_no_published_figure_is_compared_with(
    editor_client, hours, draft, earlier
):
    autumn_before = ObservationFactory(
        metric=hours, start_date=datetime.date(2016, 9, 1), end_date=datetime.date(2016, 11, 30)
    )
    autumn = ObservationFactory(
        metric=hours,
        start_date=datetime.date(2017, 9, 1),
        end_date=datetime.date(2017, 11, 30),
        compared_with=autumn_before,
        reported_in=draft,
    )
    summer_2017 = Observation.objects.get(compared_with=earlier)

    response = editor_client.post(
        admin_url(Observation, "changelist"),
        {"action": "delete_selected", "_selected_action": [autumn_before.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert set(Observation.objects.all()) == {earlier, summer_2017, autumn}
    assert as_published(hours, earlier)


def test_the_metrics_page_refuses_to_change_or_delete_the_figure_in_its_table(
    editor_client, hours, earlier
):
    page = editor_client.get(admin_url(Metric, "change", hours.pk))
    rows = inline_formset(page, "observations")
    index = next(i for i, form in enumerate(rows.forms) if form.instance.pk == earlier.pk)
    row = f"observations-{index}"

    changed = editor_client.post(
        page.request["PATH_INFO"], form_data(page, **{f"{row}-value": "300"})
    )
    deleted = editor_client.post(
        page.request["PATH_INFO"], form_data(page, **{f"{row}-DELETE": True})
    )

    assert changed.status_code == deleted.status_code == 200
    refusal = inline_formset(changed, "observations").forms[index].non_field_errors()
    assert refusal == [f"{CHANGE_REFUSED} An approver can amend it, giving the reason."]
    assert inline_formset(deleted, "observations").non_form_errors() == [
        f"{earlier} {SHOWN}: it cannot be deleted."
    ]
    assert as_published(hours, earlier)


# Through the API and the feeds, with a write token


def refusal_of(response):
    [problem] = error_of(response, 400)["fields"]["items"]
    return problem


def test_a_write_token_cannot_patch_or_put_the_figure(hours, earlier):
    writer = token_client(can_write=True)
    patched = writer.patch(detail(earlier.pk), {"value": "300"}, content_type="application/json")
    put = writer.put(
        detail(earlier.pk),
        {"value": "300", "basis": "three_months"},
        content_type="application/json",
    )

    expected = {"index": 0, "field": None, "reason": CHANGE_REFUSED}
    assert refusal_of(patched) == refusal_of(put) == expected
    assert as_published(hours, earlier)


def test_a_feed_cannot_change_the_figure_in_a_batch(hours, earlier):
    batch = [
        {
            "metric": "special-constable-hours",
            "area": "essex",
            "start_date": "2016-06-01",
            "end_date": "2016-08-31",
            "value": "300",
            "basis": "three_months",
        },
    ]

    response = token_client(can_write=True).post(LIST, batch, content_type="application/json")

    assert refusal_of(response) == {"index": 0, "field": None, "reason": CHANGE_REFUSED}
    assert as_published(hours, earlier)


def test_an_upload_cannot_change_the_figure(editor_client, hours, earlier):
    lines = [
        "metric,area,start_date,end_date,value,basis",
        "special-constable-hours,essex,2016-06-01,2016-08-31,300,three_months",
    ]
    upload = SimpleUploadedFile("figures.csv", "\n".join(lines).encode())

    preview = editor_client.post(reverse("admin:metrics_observation_upload"), {"file": upload})

    assert preview.context["problems"] == [(2, None, CHANGE_REFUSED)]
    assert preview.context["payload"] is None
    assert as_published(hours, earlier)


def test_a_draft_figure_a_published_figure_is_compared_with_cannot_be_patched(
    hours, published, draft
):
    earlier = year_before(hours, draft)
    summer(hours, earlier, published)
    writer = token_client(can_write=True, can_read_drafts=True)

    response = writer.patch(detail(earlier.pk), {"value": "300"}, content_type="application/json")

    assert refusal_of(response)["reason"] == CHANGE_REFUSED
    assert Observation.objects.get(pk=earlier.pk).value == Decimal("100")


# Amended by an approver


def test_an_approver_amends_the_figure_in_the_admin_and_the_amendment_is_recorded(
    approver_client, approver, hours, published, earlier
):
    change_page = approver_client.get(admin_url(Observation, "change", earlier.pk))
    amend_url = reverse("admin:metrics_observation_amend", args=[earlier.pk])
    page = approver_client.get(amend_url)
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data |= {"value": "300", "amendment_reason": "The 2016 return was corrected."}

    response = approver_client.post(amend_url, {k: "" if v is None else v for k, v in data.items()})

    assert change_page.context["amend_url"] == amend_url
    assert f"This observation {SHOWN}." in page.content.decode()
    assert response["Location"] == admin_url(Observation, "change", earlier.pk)
    amendment = Amendment.objects.get()
    assert (amendment.amended, amendment.period, amendment.amended_by) == (
        earlier,
        published,
        approver,
    )
    assert (amendment.before, amendment.after) == ({"value": "100.0000"}, {"value": "300"})
    # 150 against 300: the published change is now -50%, by the earlier figure's amendment.
    assert published_change(hours) == ("-50", 1)


def test_an_editor_is_refused_the_amend_page(editor_client, earlier):
    url = reverse("admin:metrics_observation_amend", args=[earlier.pk])

    assert editor_client.get(url).status_code == 403


# The published figure's own comparison


def test_the_published_figures_comparison_cannot_be_repointed(
    editor_client, approver, hours, published, earlier
):
    other = ObservationFactory(
        metric=hours,
        start_date=datetime.date(2017, 3, 1),
        end_date=datetime.date(2017, 5, 31),
        value=Decimal("300"),
    )
    figure = Observation.objects.get(compared_with=earlier)
    url = admin_url(Observation, "change", figure.pk)
    later = {"start_date": "2017-03-01", "end_date": "2017-05-31"}

    figure.compared_with = other
    with pytest.raises(Frozen, match="belongs to 2017-18-Q2, which is published"):
        figure.save()
    with pytest.raises(ValidationError, match=r"These cannot be amended: compared_with\."):
        amend(figure, approver, "Compare with spring.", compared_with=other)
    posted = editor_client.post(url, {"compared_with": other.pk, "version": "1"})
    patched = token_client(can_write=True).patch(
        detail(figure.pk), {"compared_with": later}, content_type="application/json"
    )

    assert posted.status_code == 403
    assert refusal_of(patched)["field"] == "reported_in"
    assert Observation.objects.get(pk=figure.pk).compared_with == earlier
    assert as_published(hours, earlier)
