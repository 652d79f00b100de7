"""What needs the board's attention (metrics.exceptions, /exceptions/): each reason from a
measure built by hand (tests/metrics/exception_helpers.py), most severe first."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metrics.exceptions import Kind, attention_list
from metrics.models import Metric
from priorities.selection import PeriodSelection
from tests.factories import (
    AreaFactory,
    ObservationFactory,
    PriorityFactory,
    ReportingPeriodFactory,
)
from tests.metrics import exception_helpers as built
from tests.page_helpers import text_of
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db


def selection_of(period, *earlier):
    return PeriodSelection(period, earlier[0] if earlier else None, [period, *earlier])


def sentences(items):
    return [item.sentence for item in items]


def page_of(client, code="2017-18-Q2"):
    return client.get(reverse("metrics:exception_list"), {"period": code})


def test_each_reason_is_one_sentence_of_its_facts_most_severe_first(viewer, published):
    built.every_kind(published)
    first = published.__class__.objects.get(quarter=1)

    items = attention_list(viewer, selection_of(published, first))

    assert sentences(items) == built.IN_ORDER
    assert [item.kind for item in items] == [
        Kind.CONCERN,
        Kind.FAILING,
        Kind.DETERIORATION,
        Kind.MISSING,
        Kind.MISSING,
        Kind.HIT_AND_MISS,
        Kind.PEER_RANK,
        Kind.OUT_OF_DATE,
    ]
    assert [item.severity for item in items] == [1, 2, 3, 4, 4, 5, 6, 7]


def test_a_reason_carries_the_facts_its_sentence_was_made_of(viewer, published):
    built.every_kind(published)

    items = {item.kind: item for item in attention_list(viewer, selection_of(published))}

    assert items[Kind.CONCERN].facts == {
        "value": "150",
        "start_date": "2017-08-01",
        "end_date": "2017-08-31",
        "rules": ["outside_limits"],
    }
    assert items[Kind.FAILING].facts == {
        "target": "95",
        "assurance": "failing",
        "lower_limit": "76.4",
        "upper_limit": "83.6",
    }
    peer = items[Kind.PEER_RANK].facts
    assert (peer["rank"], peer["forces"], peer["score"], peer["average"]) == (3, 4, "1.5", "1.25")
    assert items[Kind.OUT_OF_DATE].facts["data_to"] == "2017-08-31"


def test_a_measure_with_several_reasons_shows_each(viewer, published):
    essex = AreaFactory()
    priority = PriorityFactory()
    cars = built.process_measures(priority, essex)
    # The concern's figure a month late as well: July, where the data run to 31 August.
    cars.observations.all().delete()
    built.monthly_series(
        cars, essex, built.CONCERN_SERIES, last=datetime.date(2017, 7, 1), reported_in=published
    )

    kinds = [i.kind for i in attention_list(viewer, selection_of(published)) if i.metric == cars]

    assert kinds == [Kind.CONCERN, Kind.OUT_OF_DATE]


def test_the_page_lists_the_sentences_in_order_each_linked_to_its_metric_for_the_period(
    viewer_client, published
):
    built.every_kind(published)

    response = page_of(viewer_client)

    page = response.content.decode()
    text = text_of(page)
    positions = [text.index(sentence) for sentence in built.IN_ORDER]
    assert positions == sorted(positions)
    assert 'href="/metrics/car-thefts/?period=2017-18-Q2"' in page
    assert "Car thefts, Essex Special cause concern" in text
    assert "Stop and searches No figure for the period" in text
    # Nothing to draw, so no script at all, inline or served.
    assert "<script" not in page


def test_with_nothing_to_look_at_the_page_says_so_in_words(viewer_client, published):
    essex = AreaFactory()
    ObservationFactory(
        metric=built.measure(PriorityFactory(), "Volunteers"), area=essex, reported_in=published
    )

    text = text_of(page_of(viewer_client).content.decode())

    assert "Nothing needs the board's attention in 2017-18-Q2." in text


def test_a_viewer_never_sees_a_reason_made_of_a_draft_periods_figure(viewer, editor, published):
    essex = AreaFactory()
    draft = ReportingPeriodFactory(quarter=3, data_to=datetime.date(2017, 11, 30))
    robberies = built.measure(PriorityFactory(), "Robberies", up_is=Metric.UpIs.BAD)
    before = ObservationFactory(metric=robberies, area=essex, value=300, reported_in=published)
    ObservationFactory(
        metric=robberies,
        area=essex,
        start_date=datetime.date(2017, 9, 1),
        end_date=datetime.date(2017, 11, 30),
        value=Decimal(600),
        compared_with=before,
        reported_in=draft,
    )
    selection = selection_of(draft, published)

    seen_by_editor = sentences(attention_list(editor, selection))
    seen_by_viewer = sentences(attention_list(viewer, selection))

    # 600 against 300, both over 91 or 92 days: up 100%, far beyond chance.
    assert seen_by_editor[0].startswith("Robberies: 600 in the 3 months to 30 November 2017")
    assert seen_by_viewer == [
        "Robberies: no figure reported in 2017-18-Q3; the latest, 300 in the 3 months to 31 "
        "August 2017, is from 2017-18-Q2."
    ]


def test_a_viewer_asking_for_a_draft_period_is_shown_the_published_one(viewer_client, published):
    ReportingPeriodFactory(quarter=3, data_to=datetime.date(2017, 11, 30))
    built.every_kind(published)

    text = text_of(page_of(viewer_client, "2017-18-Q3").content.decode())

    assert "Showing 2017-18-Q2" in text
    assert "attention in 2017-18-Q2" in text
    assert built.CONCERN in text


@pytest.mark.parametrize("copies", [0, 3])
def test_the_page_reads_a_fixed_number_of_queries_however_many_measures(
    viewer_client, published, django_assert_num_queries, copies
):
    built.every_kind(published)
    priority, essex = PriorityFactory(), AreaFactory()
    for number in range(copies):
        built.process_measures(priority, essex, prefix=f"Copy {number} ")

    # 1 the session, 2 the user, 3 the periods, 4 the data version, 5 the metrics, 6 their
    # latest figures, 7 the process charts' figures, 8 their recalculations, 9 their
    # targets, 10 the peer group, 11 the peers' figures, 12 their populations.
    with django_assert_num_queries(12 + PERMISSION_QUERIES):
        response = page_of(viewer_client)

    assert text_of(response.content.decode()).count("Special cause concern") == 1 + copies


def test_an_anonymous_visitor_is_sent_to_sign_in(outsider, published):
    response = page_of(outsider)

    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


def test_the_overview_links_what_changed_to_what_needs_attention(viewer_client, published):
    page = viewer_client.get(reverse("site:overview")).content.decode()

    assert 'href="/exceptions/?period=2017-18-Q2"' in page
    assert 'href="/exceptions/"' in page
