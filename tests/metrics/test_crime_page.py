"""The crime page: police.uk's recorded crime for an area, each type's latest month and 12
months against a year before, with the significance of each change and the verdict of its
monthly process chart, and all crime charted month by month.

The hand-made files put every burglary, violent crime and anti-social behaviour in Basildon
(LSOA E01021234) and every vehicle crime in Southend (E01021235), both in LPA South:

    month      burglary  vehicle crime  violence  anti-social behaviour  all crime
    Aug 2016        40         100          -              5               140
    Jul 2017        45           -          -              -                45
    Aug 2017        60          70         20              5               150
    Sep 2017        99           -          -              -                99

The period's data-to date is 31 August 2017, so September is not shown. Worked out from
metrics.significance (both months have 31 days, so the share expected of the later month is
one half):
- burglary, 60 against 40: up 50%; the exact test's P(X >= 60) for X ~ Binomial(100, 0.5)
  is 0.0284, doubled 0.057, not below 0.05: within normal variation.
- vehicle crime, 70 against 100: down 30%; P(X <= 70) for X ~ Binomial(170, 0.5) is 0.0141,
  doubled 0.028: significant, and fewer crimes is better.
- all crime, 150 against 140: up 7.1% (10 / 140); both 100 or more, so the normal
  approximation: z = (|150 - 145| - 0.5) / sqrt(290 / 4) = 0.53, p = 0.60: within normal
  variation.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metrics.models import DataImport
from tests.factories import ReportingPeriodFactory
from tests.metrics import policeuk_helpers
from tests.metrics.policeuk_helpers import SOUTHEND, run
from tests.metrics.policeuk_helpers import ground as ground  # a fixture
from tests.page_helpers import text_of

pytestmark = pytest.mark.usefixtures("ground")

CRIME = reverse("metrics:crime")
BURGLARY, VEHICLE = "Burglary", "Vehicle crime"
VIOLENCE, ASB = "Violence and sexual offences", "Anti-social behaviour"


def street_file(folder, name, counts):
    """The file of `counts`, each vehicle crime placed in Southend, every other crime in
    Basildon."""
    return policeuk_helpers.street_file(folder, name, counts, {VEHICLE: SOUTHEND})


def import_months(folder, months):
    """Each month's file imported on its own, so a type missing from a month gets no
    figure there (an import writes zeros for the types its file gives)."""
    for month, counts in months.items():
        run(
            street_file(
                folder, f"{month}-essex-street.csv", {(month, t): n for t, n in counts.items()}
            )
        )


@pytest.fixture
def crimes(tmp_path):
    ReportingPeriodFactory(published=True)
    import_months(
        tmp_path,
        {
            "2016-08": {BURGLARY: 40, VEHICLE: 100, ASB: 5},
            "2017-07": {BURGLARY: 45},
            "2017-08": {BURGLARY: 60, VEHICLE: 70, VIOLENCE: 20, ASB: 5},
            "2017-09": {BURGLARY: 99},
        },
    )


def rows_of(page):
    """Each row of the crime types' table as the words a reader sees in its cells."""
    table = re.search(r'<table[^>]*id="crime-types".*?</table>', page.content.decode(), re.S)
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)[1:]
    ]


def test_each_crime_type_against_the_same_month_a_year_before(crimes, viewer_client):
    rows = rows_of(viewer_client.get(CRIME))

    assert rows[2][:5] == [
        "Burglary",
        "Aug 2017",
        "60",
        "40",
        "+20: ▲ up 50% (within normal variation)",
    ]
    assert rows[1][:5] == [
        "Vehicle crime",
        "Aug 2017",
        "70",
        "100",
        "-30: ▼ down 30% (better, significant)",
    ]
    assert rows[0][:5] == [
        "All crime excluding anti-social behaviour",
        "Aug 2017",
        "150",
        "140",
        "+10: ▲ up 7.1% (within normal variation)",
    ]


def test_all_crime_comes_first_then_the_types_by_their_count(crimes, viewer_client):
    rows = rows_of(viewer_client.get(CRIME))

    assert [row[0] for row in rows] == [
        "All crime excluding anti-social behaviour",
        "Vehicle crime",
        "Burglary",
        "Violence and sexual offences",
        "Anti-social behaviour",
    ]


def test_a_type_new_this_year_says_there_is_no_figure_a_year_before(crimes, viewer_client):
    [violence] = [row for row in rows_of(viewer_client.get(CRIME)) if row[0].startswith("Viol")]

    assert violence[2:5] == ["20", "No figure a year before", "No figure a year before"]
    assert violence[5:8] == [
        "Fewer than 12 months known",
        "No figures a year before",
        "No figures a year before",
    ]
    assert violence[8] == "Not enough points for a process chart: 1 of the 12 needed."


def test_a_month_after_the_periods_data_to_date_is_not_shown(crimes, viewer_client):
    page = text_of(viewer_client.get(CRIME))

    assert "Sep 2017" not in page
    assert "99" not in page


def test_the_lead_says_where_the_figures_come_from(crimes, viewer_client):
    newest = DataImport.objects.order_by("-finished_at").first()
    page = viewer_client.get(CRIME)

    text = text_of(page)
    assert "Crime in Essex" in text
    lead = "Crimes the police recorded each month, as the force publishes them on police.uk."
    assert lead in text
    # The September file is the newest import, but shows no figure in the period.
    assert newest.file_name.endswith("2017-09-essex-street.csv")
    august = DataImport.objects.get(file_name__endswith="2017-08-essex-street.csv")
    assert f"Newest figures imported {august.finished_at:%-d %B %Y}: data sources." in text
    assert f'href="{reverse("metrics:source_list")}#import-{august.pk}"' in page.content.decode()


def test_each_type_links_to_its_metric_page_for_the_same_area(crimes, viewer_client):
    page = viewer_client.get(CRIME, {"area": "southend"}).content.decode()

    assert '<a href="/metrics/police-uk-vehicle-crime/?area=southend">Vehicle crime</a>' in page


def test_the_area_switcher_offers_every_area_with_figures(crimes, viewer_client):
    page = viewer_client.get(CRIME, {"area": "southend"})

    switcher = re.search(r'<select[^>]*id="area-choice".*?</select>', page.content.decode(), re.S)
    options = re.findall(r"<option[^>]*>([^<]+)</option>", switcher.group(0))
    assert options == ["Essex", "Basildon", "LPA South", "Southend"]
    assert "Crime in Southend" in text_of(page)
    rows = rows_of(page)
    assert [row[0] for row in rows][:2] == [
        "All crime excluding anti-social behaviour",
        "Vehicle crime",
    ]
    assert rows[1][2:4] == ["70", "100"]


def test_an_unknown_area_shows_the_force_area(crimes, viewer_client):
    assert "Crime in Essex" in text_of(viewer_client.get(CRIME, {"area": "nowhere"}))


def test_all_crime_is_charted_with_its_months_in_a_table(crimes, viewer_client):
    page = viewer_client.get(CRIME).content.decode()

    assert 'id="chart-all-crime"' in page
    table = re.search(r'<table[^>]*id="all-crime".*?</table>', page, re.S).group(0)
    assert [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]] == [
        "Aug 2017 150",
        "Jul 2017 45",
        "Aug 2016 140",
    ]


def test_nothing_imported_says_so(viewer_client):
    ReportingPeriodFactory(published=True)

    page = viewer_client.get(CRIME)

    assert (
        "No crime figures from police.uk have been imported yet for the months to 31 August 2017."
        in text_of(page)
    )
    assert reverse("admin:metrics_dataimport_upload") not in page.content.decode()


def test_staff_are_pointed_to_the_import_when_nothing_is_imported(editor_client):
    ReportingPeriodFactory(published=True)

    page = editor_client.get(CRIME).content.decode()

    assert f'<a href="{reverse("admin:metrics_dataimport_upload")}">' in page


def test_the_main_navigation_links_to_the_crime_page(crimes, viewer_client):
    page = viewer_client.get(CRIME).content.decode()

    assert '<a href="/crime/" aria-current="page">Crime</a>' in page
    assert (
        '<a href="/crime/">Crime</a>'
        in viewer_client.get(reverse("metrics:roads")).content.decode()
    )


def months_of_burglary(folder, count):
    """`count` months to August 2017 of burglaries and vehicle crimes in one file: 10
    burglaries a month, 15 in the last 12 months."""
    last = datetime.date(2017, 8, 1)
    counts = {}
    for back in range(count):
        months = last.year * 12 + last.month - 1 - back
        month = f"{months // 12}-{months % 12 + 1:02}"
        counts[month, BURGLARY] = 15 if back < 12 else 10
        counts[month, VEHICLE] = 3
    return run(street_file(folder, "months-essex-street.csv", counts))


def test_twelve_months_against_the_twelve_before(tmp_path, viewer_client):
    """Burglary: 12 x 15 = 180 against 12 x 10 = 120, up 50%; both 100 or more, so the normal
    approximation: z = (|180 - 150| - 0.5) / sqrt(75) = 3.4 (near enough, the leap year's
    extra day aside), p = 0.0007: significant. The last 12 months all lie above the mean
    and beyond the upper process limit: a special cause, and a concern, more being worse."""
    ReportingPeriodFactory(published=True)
    months_of_burglary(tmp_path, 36)

    [burglary] = [row for row in rows_of(viewer_client.get(CRIME)) if row[0] == "Burglary"]

    assert burglary[5:8] == ["180", "120", "+60: ▲ up 50% (worse, significant)"]
    assert burglary[8] == "Special cause variation: concern"


@pytest.mark.parametrize("months", [3, 36])
def test_the_page_reads_as_many_queries_however_many_months(months, tmp_path, viewer_client):
    ReportingPeriodFactory(published=True)
    months_of_burglary(tmp_path, months)
    viewer_client.get(CRIME)  # the session and the user, read once

    with CaptureQueriesContext(connection) as queries:
        page = viewer_client.get(CRIME, {"area": "basildon"})

    assert page.status_code == 200
    # The session, the user, the user's permissions (two), the periods, the area asked for
    # and the data version; then, computing the page (another area than the first visit's,
    # so not cached), the areas, the figures, the recalculations, the targets and the newest
    # import.
    assert len(queries) == 12
