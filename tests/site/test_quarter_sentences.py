"""The figures in sentences on a commitment's quarter page (essexperf.site.quarter), for
staff to insert into an update; the button itself is driven in the browser
(tests/browser/test_journey_exceptions.py)."""

import datetime
from decimal import Decimal

import pytest

from priorities.models import Update
from priorities.quarter import quarter_url
from tests.factories import ObservationFactory
from tests.page_helpers import text_of
from tests.site.test_admin_quarter import page_data, quarter  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_the_quarter_page_gives_each_figure_in_a_sentence_with_its_button(editor_client, quarter):  # noqa: F811
    first, q3 = quarter["commitments"][0], quarter["q3"]

    response = editor_client.get(quarter_url(first, q3))

    page = response.content.decode()
    # The headcount's one figure is Q2's (412 at 31 August 2017): Q3 has none of its own.
    sentence = "Special Constable headcount: 412 at 31 August 2017, not updated since 2017-18-Q2."
    assert f'<p id="figure-sentence-{quarter["metric"].pk}">{sentence}</p>' in page
    assert "Insert into the update" in text_of(page)
    assert 'src="/static/js/insert-sentence.js"' in page
    assert "<script>" not in page


def test_a_figure_of_the_period_itself_is_said_with_its_change_and_significance(
    editor_client,
    quarter,  # noqa: F811
):
    first, q3, metric = quarter["commitments"][0], quarter["q3"], quarter["metric"]
    earlier = metric.observations.get()
    ObservationFactory(
        metric=metric,
        area=earlier.area,
        start_date=datetime.date(2017, 11, 30),
        end_date=datetime.date(2017, 11, 30),
        value=Decimal("450"),
        basis="point_in_time",
        compared_with=earlier,
        reported_in=q3,
    )

    text = text_of(editor_client.get(quarter_url(first, q3)).content.decode())

    # 450 against 412: up 38, 38 / 412 = 9.2%; a headcount is a level, which no test takes.
    assert (
        "Special Constable headcount: 450 at 30 November 2017, up 9.2% (38) on 412 at "
        "31 August 2017." in text
    )


def test_a_sentence_inserted_is_saved_as_the_update_text_only_when_saved(
    editor_client,
    quarter,  # noqa: F811
):
    first, q3 = quarter["commitments"][0], quarter["q3"]
    url = quarter_url(first, q3)
    response = editor_client.get(url)
    sentence = "Special Constable headcount: 412 at 31 August 2017, not updated since 2017-18-Q2."
    assert not Update.objects.filter(commitment=first, period=q3).exists()

    data = page_data(response, **{"updates-0-text": sentence, "_save": "Save"})
    editor_client.post(url, data)

    assert Update.objects.get(commitment=first, period=q3).text == sentence
