"""Amendments through the API: a row corrected after its period was published says so, with
each correction's time, approver, reason and values, in JSON; downloads say whether it was
amended and the latest reason."""

import datetime
import itertools
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from priorities.amendments import amend
from tests.api_helpers import as_dicts, csv_sections, parse_csv, parse_xlsx, read_body
from tests.factories import (
    AreaFactory,
    AssessmentFactory,
    FootnoteFactory,
    KsiPeakTimeFactory,
    KsiRouteFactory,
    KsiTotalFactory,
    KsiVulnerableGroupFactory,
    ObservationFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db

_areas = itertools.count(1)


def an_area():
    """A district of its own: a period holds one KSI total an area."""
    number = next(_areas)
    return AreaFactory(slug=f"district-{number}", name=f"District {number}", kind="district")


# Each resource whose rows may be amended: how to make one in a period, and a correction.
AMENDABLE = {
    "update": (lambda period: UpdateFactory(period=period), {"text": "Corrected text."}),
    "assessment": (lambda period: AssessmentFactory(period=period), {"reason": "Corrected."}),
    "observation": (lambda period: ObservationFactory(reported_in=period), {"value": 101}),
    "ksi-total": (
        lambda period: KsiTotalFactory(period=period, area=an_area()),
        {"casualties": 404},
    ),
    "ksi-route": (lambda period: KsiRouteFactory(period=period), {"collisions_last_3_months": 6}),
}
# The value each correction's field held before it, as the factories make it.
BEFORE = {
    "update": None,
    "assessment": "",
    # As the database keeps the value, with every decimal place.
    "observation": "100.0000",
    "ksi-total": "403",
    "ksi-route": "5",
}


@pytest.fixture
def named_approver(approver):
    approver.first_name, approver.last_name = "Alex", "Approver"
    approver.save()
    return approver


def amended_row(basename, period, approver, reason="A figure was keyed wrongly."):
    make, changes = AMENDABLE[basename]
    row = make(period)
    amend(row, approver, reason, **changes)
    return row


def detail(client, basename, row):
    return client.get(reverse(f"api:{basename}-detail", args=[row.pk])).json()


@pytest.mark.parametrize("basename", list(AMENDABLE))
def test_an_amended_row_carries_each_amendment_in_json(
    viewer_client, published, named_approver, basename
):
    row = amended_row(basename, published, named_approver)

    body = detail(viewer_client, basename, row)

    assert body["amended"] is True
    [amendment] = body["amendments"]
    assert amendment["amended_by"] == "Alex Approver"
    assert amendment["reason"] == "A figure was keyed wrongly."
    [field] = AMENDABLE[basename][1]
    [change] = amendment["changes"]
    assert change["field"] == field
    assert change["after"] == str(AMENDABLE[basename][1][field])
    if BEFORE[basename] is not None:
        assert change["before"] == BEFORE[basename]
    assert datetime.datetime.fromisoformat(amendment["amended_at"]).date() == (
        datetime.date.today()
    )


@pytest.mark.parametrize("basename", list(AMENDABLE))
def test_a_row_never_amended_says_so_in_json(viewer_client, published, basename):
    row = AMENDABLE[basename][0](published)

    body = detail(viewer_client, basename, row)

    assert (body["amended"], body["amendments"]) == (False, [])


def test_amendments_are_listed_oldest_first_in_a_list_too(viewer_client, published, approver):
    row = amended_row("update", published, approver, reason="First.")
    amend(row, approver, "Second.", text="Corrected again.")

    [listed] = viewer_client.get(reverse("api:update-list")).json()["results"]

    assert [a["reason"] for a in listed["amendments"]] == ["First.", "Second."]
    assert listed["amendments"][1]["changes"] == [
        {"field": "text", "before": "Corrected text.", "after": "Corrected again."}
    ]


def test_an_approver_without_a_full_name_is_named_by_username(viewer_client, published, approver):
    row = amended_row("assessment", published, approver)

    [amendment] = detail(viewer_client, "assessment", row)["amendments"]

    assert amendment["amended_by"] == approver.username


@pytest.mark.parametrize("basename", list(AMENDABLE))
def test_a_download_says_whether_each_row_was_amended_and_the_latest_reason(
    viewer_client, published, approver, basename
):
    row = amended_row(basename, published, approver, reason="First.")
    [(field, value)] = AMENDABLE[basename][1].items()
    again = f"{value} Again." if isinstance(value, str) else value + 1
    amend(row, approver, "Latest.", **{field: again})
    plain = AMENDABLE[basename][0](published)

    response = viewer_client.get(reverse(f"api:{basename}-list"), {"format": "csv"})
    rows = {int(found["Id"]): found for found in as_dicts(parse_csv(response))}

    assert (rows[row.pk]["Amended"], rows[row.pk]["Amendment reason"]) == ("yes", "Latest.")
    assert (rows[plain.pk]["Amended"], rows[plain.pk]["Amendment reason"]) == ("no", "")


def test_the_excel_download_says_so_too(viewer_client, published, approver):
    row = amended_row("observation", published, approver)

    response = viewer_client.get(reverse("api:observation-list"), {"format": "xlsx"})
    [found] = as_dicts(next(iter(parse_xlsx(response).values())))

    assert found["Id"] == row.pk
    assert (found["Amended"], found["Amendment reason"]) == ("yes", "A figure was keyed wrongly.")


def test_the_period_export_says_which_rows_were_amended(viewer_client, published, approver):
    amended_row("update", published, approver)
    url = reverse("api:period-export", args=[published.code])

    sections = csv_sections(parse_csv(viewer_client.get(url, {"format": "csv"})))
    body = json.loads(read_body(viewer_client.get(url, {"format": "json"})))

    [update] = as_dicts(sections["Updates"])
    assert (update["Amended"], update["Amendment reason"]) == ("yes", "A figure was keyed wrongly.")
    assert body["updates"][0]["amended"] is True
    assert body["updates"][0]["amendment_reason"] == "A figure was keyed wrongly."


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("basename", list(AMENDABLE))
def test_listing_2_or_20_amended_rows_takes_as_many_queries(
    viewer_client, published, approver, basename, fmt
):
    counts = []
    # 2 amended rows, then 18 more.
    for more in (2, 18):
        for _ in range(more):
            amended_row(basename, published, approver)
        with CaptureQueriesContext(connection) as queries:
            response = viewer_client.get(
                reverse(f"api:{basename}-list"), {"format": fmt, "page_size": 50}
            )
            read_body(response)
        counts.append(len(queries))

    assert counts[0] == counts[1]


# Rows shown within another: an update's footnotes, a route's groups and peak times


def test_an_amended_footnote_says_so_within_its_update(viewer_client, published, named_approver):
    update = UpdateFactory(period=published)
    FootnoteFactory(update=update, number=1, text="Primary call handling.")
    kept = FootnoteFactory(update=update, number=2, text="Kept.")
    amend(update.footnotes.get(number=1), named_approver, "Wrong term.", text="Call handling.")

    first, second = detail(viewer_client, "update", update)["footnotes"]

    assert (first["text"], first["amended"]) == ("Call handling.", True)
    [amendment] = first["amendments"]
    assert (amendment["amended_by"], amendment["reason"]) == ("Alex Approver", "Wrong term.")
    assert amendment["changes"] == [
        {"field": "text", "before": "Primary call handling.", "after": "Call handling."}
    ]
    assert (second["text"], second["amended"], second["amendments"]) == (kept.text, False, [])


def test_an_amended_group_or_peak_time_says_so_within_its_route(viewer_client, published, approver):
    route = KsiRouteFactory(period=published)
    group = KsiVulnerableGroupFactory(route=route)
    KsiPeakTimeFactory(route=route)
    amend(group, approver, "Miscounted.", percent=23)

    body = detail(viewer_client, "ksi-route", route)

    [listed_group], [listed_time] = body["vulnerable_groups"], body["peak_times"]
    assert (listed_group["percent"], listed_group["amended"]) == ("23", True)
    assert listed_group["amendments"][0]["reason"] == "Miscounted."
    assert (listed_time["amended"], listed_time["amendments"]) == (False, [])
    assert body["amended"] is False


def test_listing_updates_with_2_or_20_amended_footnotes_takes_as_many_queries(
    viewer_client, published, approver
):
    counts = []
    for more in (2, 18):
        for _ in range(more):
            footnote = FootnoteFactory(update=UpdateFactory(period=published))
            amend(footnote, approver, "Corrected.", text="Corrected.")
        with CaptureQueriesContext(connection) as queries:
            viewer_client.get(reverse("api:update-list"), {"page_size": 50})
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_listing_routes_with_2_or_20_amended_groups_takes_as_many_queries(
    viewer_client, published, approver
):
    counts = []
    for more in (2, 18):
        for _ in range(more):
            group = KsiVulnerableGroupFactory(route=KsiRouteFactory(period=published))
            amend(group, approver, "Corrected.", percent=30)
        with CaptureQueriesContext(connection) as queries:
            viewer_client.get(reverse("api:ksi-route-list"), {"page_size": 50})
        counts.append(len(queries))

    assert counts[0] == counts[1]
