"""Peer forces' figures, uploaded as a CSV file on their group's admin page or sent through
the observations feed: plain observations of the peer force's area, checked as every
figure is."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essexperf.audit.models import ObjectChange
from metrics.models import Observation, PeerGroup
from tests.api_helpers import token_client
from tests.metrics.peer_helpers import peer_group

pytestmark = pytest.mark.django_db

HEADER = "metric,area,start_date,end_date,value\n"


@pytest.fixture
def group():
    """The group with Essex's figure only: its peers' are to come."""
    peer_group(counts={"kent": None, "norfolk": None, "suffolk": None})
    return PeerGroup.objects.get()


def upload(client, group, text):
    url = reverse("admin:metrics_peergroup_upload", args=[group.pk])
    return client.post(url, {"file": SimpleUploadedFile("peers.csv", text.encode())})


def peer_values():
    figures = Observation.objects.exclude(area__slug="essex").order_by("area__slug")
    return [(o.area.slug, o.value, o.basis, o.reported_in_id) for o in figures]


def test_an_editor_uploads_peer_figures_which_take_the_home_forces_basis(editor_client, group):
    before = ObjectChange.objects.count()

    response = upload(
        editor_client,
        group,
        HEADER + "burglaries,kent,2017-06-01,2017-08-31,100\n"
        "Burglaries,Norfolk,01/06/2017,31/08/2017,800\n",
    )

    assert response.status_code == 302
    assert peer_values() == [
        ("kent", Decimal(100), "three_months", None),
        ("norfolk", Decimal(800), "three_months", None),
    ]
    # Written through the feed's path: each new figure is in the audit trail.
    assert ObjectChange.objects.count() == before + 2


def test_every_bad_row_is_named_and_nothing_is_written(editor_client, group):
    response = upload(
        editor_client,
        group,
        HEADER + "burglaries,kent,2017-06-01,2017-08-31,100\n"
        "burglaries,essex,2017-06-01,2017-08-31,100\n"
        "burglaries,suffolk,2017-06-01,2017-02-31,100\n"
        "burglaries,norfolk,2017-07-01,2017-09-30,80\n"
        "burglaries,kent,2017-06-01,2017-08-31,\n",
    )

    assert response.status_code == 400
    assert response.context["problems"] == [
        (
            3,
            "area",
            "'essex' is not a peer force of Most similar group; use one of: kent (Kent), "
            "norfolk (Norfolk), suffolk (Suffolk).",
        ),
        (4, "end_date", "'2017-02-31' is not a real date: February 2017 has 28 days."),
        (
            5,
            "basis",
            "Essex has no figure of burglaries from 2017-07-01 to 2017-09-30 to take the basis "
            "from: give the basis, such as three_months.",
        ),
        (6, "value", "Give the value."),
        (6, None, "Row 2 has the same metric, area and dates: give each once."),
    ]
    assert peer_values() == []


def test_a_row_without_a_basis_or_a_home_figure_to_take_it_from_is_refused(editor_client, group):
    response = upload(editor_client, group, HEADER + "burglaries,kent,2017-07-01,2017-09-30,80\n")

    assert response.context["problems"] == [
        (
            2,
            "basis",
            "Essex has no figure of burglaries from 2017-07-01 to 2017-09-30 to take the basis "
            "from: give the basis, such as three_months.",
        )
    ]
    assert peer_values() == []


def test_a_value_the_feed_refuses_is_named_by_its_row(editor_client, group):
    response = upload(editor_client, group, HEADER + "burglaries,kent,2017-06-01,2017-08-31,-4\n")

    assert response.status_code == 400
    assert [(n, c) for n, c, _ in response.context["problems"]] == [(2, "value")]
    assert peer_values() == []


def test_a_viewer_may_not_upload_peer_figures(viewer_client, group):
    response = upload(viewer_client, group, HEADER + "burglaries,kent,2017-06-01,2017-08-31,1\n")

    assert response.status_code == 302
    assert peer_values() == []


def test_the_observations_feed_accepts_a_peer_forces_figure(group):
    client = token_client(can_write=True)

    response = client.post(
        reverse("api:observation-list"),
        [
            {
                "metric": "burglaries",
                "area": "suffolk",
                "start_date": "2017-06-01",
                "end_date": "2017-08-31",
                "value": "125",
                "basis": "three_months",
            }
        ],
        content_type="application/json",
    )

    assert response.status_code in (200, 201), response.content
    suffolk = Observation.objects.get(area__slug="suffolk")
    assert (suffolk.value, suffolk.end_date) == (Decimal(125), datetime.date(2017, 8, 31))


def test_a_figure_given_twice_is_refused(editor_client, group):
    row = "burglaries,kent,2017-06-01,2017-08-31,100\n"

    response = upload(editor_client, group, HEADER + row + row)

    assert response.status_code == 400
    assert response.context["problems"] == [
        (3, None, "Row 2 has the same metric, area and dates: give each once.")
    ]
    assert peer_values() == []
