import datetime
import json
import re

import pytest
from django.urls import reverse

from metrics.models import Area, Metric, Observation
from metrics.views import PAGE_FIGURES
from tests.factories import ObservationFactory
from tests.page_helpers import (
    LATER_HOURS,
    add_earlier_hours,
    add_later_period,
    add_many_rows,
    scripts_are_data_or_static,
    text_of,
)
from tests.query_counts import PERMISSION_QUERIES

pytestmark = pytest.mark.django_db

HOURS = reverse("metrics:metric_detail", args=["special-constable-hours"])
ROADS = reverse("metrics:roads")


def figure_in(response, chart_id):
    """The plotly figure a chart draws, read from its JSON data block."""
    match = re.search(
        rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.DOTALL,
    )
    return json.loads(match.group(1))


@pytest.mark.parametrize("url", [HOURS, ROADS])
def test_an_anonymous_visitor_is_sent_to_sign_in(outsider, url):
    response = outsider.get(url)

    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


@pytest.mark.parametrize("url", [HOURS, ROADS])
def test_each_page_answers_a_viewer_and_loads_no_inline_script(viewer_client, demo, url):
    response = viewer_client.get(url)

    assert response.status_code == 200
    assert scripts_are_data_or_static(response.content.decode())
    assert "/static/vendor/plotly/plotly-basic.min.js" in response.content.decode()


def test_the_metric_page_gives_the_latest_figure_and_its_change(viewer_client, demo):
    page = text_of(viewer_client.get(HOURS))

    assert "Hours of service by Special Constables" in page
    assert "Latest 29,620 hours (1 Jun to 31 Aug 2017, Essex), against 27,292 hours" in page
    # 29,620 against 27,292 hours over 92 days each: z = (1,164 - 0.5) / sqrt(56,912 / 4)
    # = 1,163.5 / 119.28 = 9.75, significant.
    assert "▲ up 8.5% (better, significant)" in page
    assert "Better when Higher" in page


def add_earlier_cadets():
    """Two counts of Cadets in Essex before the demo's 220 at 31 August 2017: a line of three."""
    cadets = Metric.objects.get(slug="volunteer-police-cadets")
    for end_date, value in (("2017-02-28", 190), ("2017-05-31", 205)):
        ObservationFactory(
            metric=cadets,
            area=Area.objects.get(slug="essex"),
            start_date=end_date,
            end_date=end_date,
            value=value,
            basis="point_in_time",
        )


def add_cadets_in_lpa_north():
    add_earlier_cadets()
    cadets = Metric.objects.get(slug="volunteer-police-cadets")
    ObservationFactory(
        metric=cadets,
        area=Area.objects.get(slug="lpa-north"),
        start_date="2017-08-31",
        end_date="2017-08-31",
        value=80,
        basis="point_in_time",
    )
    return reverse("metrics:metric_detail", args=[cadets.slug])


def test_the_metric_page_charts_the_headline_area_with_its_target(viewer_client, demo):
    url = add_cadets_in_lpa_north()

    response = viewer_client.get(url)

    content = response.content.decode()
    assert (
        '<div class="chart" id="chart-volunteer-police-cadets" role="img" aria-label="' in content
    )
    figure = figure_in(response, "chart-volunteer-police-cadets")
    names = [trace["name"] for trace in figure["data"]]
    assert names == ["Essex, at a date", "Target: 300 by 31 Dec 2018"]
    assert figure["data"][0]["y"] == [190.0, 205.0, 220.0]
    assert figure["data"][1]["y"] == [300.0, 300.0]
    assert figure["config"] == {"displayModeBar": False, "responsive": True}
    assert "Over time in Essex" in text_of(response)
    assert "Target by 31 Dec 2018" in text_of(response)


def test_the_metric_page_offers_each_area_with_figures_to_chart(viewer_client, demo):
    url = add_cadets_in_lpa_north()

    response = viewer_client.get(url, {"area": "lpa-north"})

    content = response.content.decode()
    assert '<label class="period-switcher__label" for="area-choice">Area</label>' in content
    options = re.findall(
        r'<option value="([a-z-]+)"( selected)?>', content.split('id="area-choice"')[1]
    )
    assert options == [("essex", ""), ("lpa-north", " selected")]
    assert "Over time in LPA North" in text_of(response)
    # LPA North's one figure is tabled, not charted.
    assert 'id="chart-volunteer-police-cadets"' not in content
    assert "Volunteer Police Cadets, LPA North, newest first" in text_of(response)
    assert '<td class="numeric" data-label="Value">80</td>' in content


def test_an_area_without_figures_charts_the_headline_area(viewer_client, demo):
    url = add_cadets_in_lpa_north()

    response = viewer_client.get(url, {"area": "lpa-south"})

    figure = figure_in(response, "chart-volunteer-police-cadets")
    assert figure["data"][0]["name"] == "Essex, at a date"


def test_the_metric_page_charts_the_newest_figures_and_says_so(viewer_client, demo):
    hours = Metric.objects.get(slug="special-constable-hours")
    essex = Area.objects.get(slug="essex")
    first = datetime.date(2000, 1, 1)
    Observation.objects.bulk_create(
        Observation(
            metric=hours,
            area=essex,
            start_date=first + datetime.timedelta(days=n),
            end_date=first + datetime.timedelta(days=n),
            value=n,
            basis=Observation.Basis.OTHER,
        )
        for n in range(PAGE_FIGURES)
    )

    response = viewer_client.get(HOURS)

    content = response.content.decode()
    assert f"The newest {PAGE_FIGURES} figures for Essex" in text_of(response)
    assert content.count('<td data-label="Basis">Other (see caveat)</td>') == PAGE_FIGURES - 2
    assert content.count('<td class="numeric" data-label="Value">29,620 hours</td>') == 1


def test_the_metric_page_tables_the_same_figures_as_its_chart(viewer_client, demo):
    add_earlier_hours()

    response = viewer_client.get(HOURS)

    figure = figure_in(response, "chart-special-constable-hours")
    # Quarterly to August 2016, then nothing until August 2017: the line breaks there.
    assert figure["data"][0]["y"] == [25000.0, 25900.0, 26400.0, 27292.0, None, 29620.0]
    content = response.content.decode()
    assert '<caption id="chart-special-constable-hours-caption"' in content
    assert '<th scope="col" class="numeric">Value</th>' in content
    for value in ("25,000", "25,900", "26,400", "27,292", "29,620"):
        assert content.count(f'<td class="numeric" data-label="Value">{value} hours</td>') == 1


def test_the_metric_page_tables_a_line_of_two_figures_without_a_chart(viewer_client, demo):
    response = viewer_client.get(HOURS)

    content = response.content.decode()
    assert 'id="chart-special-constable-hours"' not in content
    assert "Latest 29,620 hours (1 Jun to 31 Aug 2017, Essex), against 27,292 hours" in (
        text_of(response)
    )
    assert content.count('<td data-label="Change"><span class="change') == 1


def test_the_metric_page_links_to_the_csv_and_excel_downloads(viewer_client, demo):
    content = viewer_client.get(HOURS).content.decode()

    assert 'href="/api/v1/observations/?metric=special-constable-hours&amp;format=csv"' in content
    assert 'href="/api/v1/observations/?metric=special-constable-hours&amp;format=xlsx"' in content


def test_the_metric_page_follows_the_period(viewer_client, demo):
    add_later_period()

    latest = text_of(viewer_client.get(HOURS))
    earlier = text_of(viewer_client.get(HOURS, {"period": "2017-18-Q2"}))

    assert f"Latest {LATER_HOURS:,} hours" in latest
    assert "In 2017-18-Q2 29,620 hours" in latest
    assert "Latest 29,620 hours" in earlier
    assert f"{LATER_HOURS:,}" not in earlier


def test_a_viewer_does_not_see_figures_of_a_draft_period(viewer_client, demo):
    add_later_period(status="draft")

    page = text_of(viewer_client.get(HOURS, {"period": "2017-18-Q3"}))

    assert f"{LATER_HOURS:,}" not in page
    assert "Latest 29,620 hours" in page


def test_an_unknown_metric_is_not_found(viewer_client, demo):
    response = viewer_client.get(reverse("metrics:metric_detail", args=["no-such-metric"]))

    assert response.status_code == 404


def test_an_area_named_with_markup_is_escaped_in_the_chart(viewer_client, demo):
    area = Area.objects.create(name="<b>North</b>", slug="bold-north", kind=Area.Kind.LPA)
    quarters = [
        ("2016-12-01", "2017-02-28"),
        ("2017-03-01", "2017-05-31"),
        ("2017-06-01", "2017-08-31"),
    ]
    for start, end in quarters:
        ObservationFactory(
            metric=Metric.objects.get(slug="special-constable-hours"),
            area=area,
            value=10,
            start_date=start,
            end_date=end,
        )

    response = viewer_client.get(HOURS, {"area": "bold-north"})

    content = response.content.decode()
    assert "<b>North</b>" not in content
    names = [
        trace["name"] for trace in figure_in(response, "chart-special-constable-hours")["data"]
    ]
    assert "&lt;b&gt;North&lt;/b&gt;, three months" in names


def test_the_roads_page_gives_ksi_casualties_against_the_year_before(viewer_client, demo):
    page = text_of(viewer_client.get(ROADS))

    assert "403 KSI casualties, against 450 in the same months a year before" in page
    # 403 against 450: z = (|403 - 426.5| - 0.5) / sqrt(853 / 4) = 23 / 14.603 = 1.575,
    # p = 0.115: within normal variation, so judged neither better nor worse.
    assert "▼ down 10.4% (within normal variation)" in page


def test_the_roads_page_prints_the_five_routes_as_the_report_does(viewer_client, demo):
    response = viewer_client.get(ROADS)
    page = text_of(response)

    assert "B1414 5 114% 57% Age 65+ Weekdays 1100 - 1500" in page
    assert "A1013 5 43% 22% Pedestrian 22% Child 0-17 Friday" in page
    assert "M11 22 10% None given Weekdays 1500 - 1800 Saturday 0100 - 0500" in page
    assert "B1027 6 6% 23% Age 65+ 15% Child 0-17 Tuesday" in page
    assert "B1022 6 3% 33% Pedal cycle None" in page
    content = response.content.decode()
    assert '<th scope="row">B1414</th>' in content
    figure = figure_in(response, "chart-ksi-routes")
    assert figure["data"][0]["y"] == ["B1414", "A1013", "M11", "B1027", "B1022"]
    assert figure["data"][0]["x"] == [5, 5, 22, 6, 6]
    assert figure["data"][1]["x"] == [114.0, 43.0, 10.0, 6.0, 3.0]


def test_the_roads_page_follows_the_period(viewer_client, demo):
    add_later_period()

    page = text_of(viewer_client.get(ROADS))

    assert "612 KSI casualties, against 640" in page
    assert "2017-18-Q2: 403 against 450" in page
    assert "A12 9" in page
    assert "B1414" not in page


@pytest.mark.parametrize("more", [False, True], ids=["demo", "demo and many more rows"])
def test_the_metric_page_query_count_does_not_grow_with_the_data(
    viewer_client, demo, django_assert_num_queries, more
):
    if more:
        add_many_rows()

    # 1 the session, 2 the user, 3 the periods, 4 the data version (a cache miss), 5 the
    # areas with figures to choose from, 6 the metric, 7 its latest figure, 8 the newest
    # figures of the area charted with their area, comparison and period, 9 their
    # amendments, 10 its targets, 11 the figures of its process chart (the area's, every
    # basis), 12 the chart's recalculation points, 13 the peer group and its members (none
    # in the demo).
    with django_assert_num_queries(13 + PERMISSION_QUERIES):
        response = viewer_client.get(HOURS)

    assert response.status_code == 200


@pytest.mark.parametrize("more", [False, True], ids=["demo", "demo and many more rows"])
def test_the_roads_page_query_count_does_not_grow_with_the_data(
    viewer_client, demo, django_assert_num_queries, more
):
    if more:
        add_many_rows()

    # 1 the session, 2 the user, 3 the periods, 4 the data version (a cache miss), 5 the
    # routes, 6 their vulnerable groups, 7 their peak times, 8 the top districts, 9 the KSI
    # totals of this period and the previous one.
    with django_assert_num_queries(9 + PERMISSION_QUERIES):
        response = viewer_client.get(ROADS)

    assert response.status_code == 200
