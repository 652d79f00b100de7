import pytest
from django.urls import reverse

from priorities.models import Commitment, ReportingPeriod
from tests.factories import UpdateFactory
from tests.page_helpers import add_later_period, add_many_rows
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

SEARCH = reverse("site:search")


def raptor_in(period):
    """An update on commitment 4.1 in `period` that mentions Operation Raptor."""
    return UpdateFactory(
        commitment=Commitment.objects.get(priority__number=4, order=1),
        period=period,
        order=1,
        text="Operation Raptor charged eleven more people.",
    )


def test_an_anonymous_visitor_is_sent_to_sign_in(outsider):
    response = outsider.get(SEARCH, {"q": "Raptor"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_search_form_is_labelled_and_empty_at_first(viewer_client, demo):
    response = viewer_client.get(SEARCH)

    content = response.content.decode()
    assert '<label class="label" for="search-q">Search commitments and updates</label>' in content
    assert "Updates (" not in content


def test_search_finds_raptor_with_its_period_and_priority(viewer_client, demo):
    response = viewer_client.get(SEARCH, {"q": "raptor"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Updates (2)" in content
    assert "2017-18-Q2: update on commitment 4.1" in content
    assert "Priority 4: Reverse the Trend in Serious Violence" in content
    assert "<mark>Raptor</mark>" in content
    assert f"{reverse('site:priority_detail', args=[4])}?period=2017-18-Q2#update-" in content


def test_search_finds_commitments_by_their_words(viewer_client, demo):
    content = viewer_client.get(SEARCH, {"q": "Special Constable in every"}).content.decode()

    assert "Commitments (1)" in content
    assert "Commitment 1.1" in content
    assert "<mark>Special Constable in every</mark> community" in content


def test_a_viewer_does_not_find_updates_of_a_draft_period(viewer_client, demo):
    raptor_in(add_later_period(status=ReportingPeriod.Status.DRAFT))

    content = viewer_client.get(SEARCH, {"q": "Raptor"}).content.decode()

    assert "Updates (2)" in content
    assert "2017-18-Q3" not in content
    assert "eleven more people" not in content


def test_staff_find_draft_updates_marked_draft(editor_client, demo):
    raptor_in(add_later_period(status=ReportingPeriod.Status.DRAFT))

    content = editor_client.get(SEARCH, {"q": "Raptor"}).content.decode()

    assert "Updates (3)" in content
    draft = '2017-18-Q3: update on commitment 4.1</a> <strong class="tag tag--draft">Draft</strong>'
    assert draft in content


def test_the_search_keeps_the_chosen_period_and_the_words(viewer_client, demo):
    add_later_period()

    content = viewer_client.get(SEARCH, {"q": "Raptor", "period": "2017-18-Q2"}).content.decode()

    assert '<input type="hidden" name="q" value="Raptor">' in content
    assert '<input type="hidden" name="period" value="2017-18-Q2">' in content


def test_markup_in_hits_and_in_the_words_searched_is_shown_as_text(viewer_client, demo):
    UpdateFactory(
        commitment=Commitment.objects.get(priority__number=4, order=1),
        period=ReportingPeriod.objects.get(code="2017-18-Q2"),
        order=99,
        text="<script>alert(1)</script> Raptor",
    )

    content = viewer_client.get(SEARCH, {"q": "<script>"}).content.decode()

    assert "<script>alert" not in content
    assert "<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt; Raptor" in content
    assert 'value="&lt;script&gt;"' in content


@pytest.mark.parametrize("more", [False, True], ids=["demo", "demo and many more rows"])
def test_the_search_query_count_does_not_grow_with_the_data(
    viewer_client, demo, django_assert_num_queries, more
):
    if more:
        add_many_rows()

    # 1 the session, 2 the user, 3 the periods, 4 the commitments found with their priority,
    # 5 the updates found with their period, commitment and priority.
    with django_assert_num_queries(5 + PERMISSION_QUERIES):
        response = viewer_client.get(SEARCH, {"q": "Extra"})

    assert response.status_code == 200
    assert ("Only the first 50 updates are shown" in response.content.decode()) is more
