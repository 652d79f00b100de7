"""The demo's September 2017 report (2017-18-Q2) says whether each change is more than
chance, in the same words on the overview, in the report, its PDF and the API.

Expected values are worked out by hand from the demo's figures."""

import json
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from metrics.models import Observation
from tests.api_helpers import read_body
from tests.page_helpers import text_of
from tests.site.test_what_changed import headline_card

pytestmark = pytest.mark.django_db

Q2 = "2017-18-Q2"
HOURS = "Hours of service by Special Constables"
HATE_CRIMES = "Racial hate crimes reported"
# 29,620 against 27,292 hours, 92 days each: z = (|29,620 - 28,456| - 0.5) / sqrt(56,912 / 4)
# = 1,163.5 / 119.28 = 9.75; up 2,328 / 27,292 = 8.5%.
HOURS_WORDS = "▲ up 8.5% (better, significant)"
# 1,529 over 365 days against 1,061 over 366: z = 9.25 (tests.metrics.test_api_significance);
# up 468 / 1,061 = 44.1%; neither direction is better.
HATE_WORDS = "▲ up 44.1% (significant)"
# 403 KSI casualties against 450: z = (|403 - 426.5| - 0.5) / sqrt(853 / 4) = 23 / 14.603
# = 1.575, p = 0.115; down 47 / 450 = 10.4%.
KSI_WORDS = "▼ down 10.4% (within normal variation)"
# 374 Special Constables against 332: a headcount, a level; up 42 / 332 = 12.7%.
HEADCOUNT_WORDS = "▲ up 12.7% (better, no test applies)"


def test_the_overview_says_which_changes_are_more_than_chance(viewer_client, demo):
    html = viewer_client.get(reverse("site:overview")).content.decode()

    assert HOURS_WORDS in headline_card(html, HOURS)
    assert HATE_WORDS in headline_card(html, HATE_CRIMES)
    assert HEADCOUNT_WORDS in headline_card(html, "Special Constable headcount")
    assert f"against 450 a year before: {KSI_WORDS}" in text_of(html)


def test_the_report_and_its_pdf_say_the_same_words(viewer_client, demo):
    html = viewer_client.get(reverse("reports:report", args=[Q2])).content.decode()
    pdf = PdfReader(BytesIO(viewer_client.get(reverse("reports:report_pdf", args=[Q2])).content))
    printed = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())

    page = text_of(html)
    assert (
        f"{HOURS}: 29,620 hours (1 Jun to 31 Aug 2017), against 27,292 hours "
        f"(1 Jun to 31 Aug 2016): {HOURS_WORDS}"
    ) in page
    assert f"{HATE_CRIMES}: 1,529 (1 Aug 2016 to 31 Jul 2017), against 1,061" in page
    assert HATE_WORDS in page
    assert "up 8.5% (better, significant)" in printed
    assert "up 44.1% (significant)" in printed


def test_the_api_gives_the_report_s_words(viewer_client, demo):
    figure = Observation.objects.get(metric__slug="racial-hate-crimes", value=1529)
    url = reverse("api:observation-detail", args=[figure.pk])

    significance = viewer_client.get(url).json()["change_significance"]

    assert significance["words"] == HATE_WORDS[2:]
    assert significance["significant"] is True


def test_the_period_s_export_gives_each_change_s_significance(viewer_client, demo):
    body = json.loads(read_body(viewer_client.get(f"/api/v1/periods/{Q2}/export.json")))

    hate = next(row for row in body["observations"] if row["metric"] == "racial-hate-crimes")
    (total,) = body["ksi_totals"]
    assert (hate["change_in_words"], hate["significant"]) == (HATE_WORDS[2:], True)
    # ln(1.44504) = 0.36814 ± 0.07831 (tests.metrics.test_api_significance): 33.6% to 56.3%.
    assert (hate["interval_low"], hate["interval_high"]) == ("33.6", "56.3")
    assert (total["change_in_words"], total["significant"]) == (KSI_WORDS[2:], False)
