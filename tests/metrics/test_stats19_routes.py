"""The KSI route table computed from road casualty records, and ksiroutes saving it.

stats19_files/routes-collision.csv and routes-casualty.csv hold force 42's collisions
(and one of force 1, not imported). The period is 2024-25 Q2 with data to 31 August 2024:

- totals: 1 April to 31 August 2024 against 1 April to 31 August 2023;
- recent: 1 June to 31 August 2024; earlier: the same dates in 2019 to 2023;
- districts: the period's start, 1 July, to 31 August 2024.

Each earlier year has a serious collision on the M11 with the A1013 as its second road
(E01), one on the B1414 with the A12 (E02), three on the A127 (E03-E05) and a slight one
on the M11 (E06): 5 KSI collisions each on the M11, A1013, B1414 and A12 over five years
(an average of 1 a year), 15 on the A127 (an average of 3).
"""

import datetime
import html
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from metrics.models import KsiDistrict, KsiPeakTime, KsiRoute, KsiTotal, KsiVulnerableGroup
from metrics.stats19.districts import label_of
from metrics.stats19.routes import CollisionRecord, Rules, per_road
from metrics.stats19.table import compute
from tests.factories import AreaFactory, ReportingPeriodFactory
from tests.metrics.stats19_helpers import exit_code

FILES = Path(__file__).parent / "stats19_files"

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    call_command(
        "importstats19",
        str(FILES / "routes-collision.csv"),
        str(FILES / "routes-casualty.csv"),
        verbosity=0,
    )
    AreaFactory()
    return ReportingPeriodFactory(
        financial_year=2024, quarter=2, data_to=datetime.date(2024, 8, 31)
    )


def test_the_totals_count_ksi_casualties_of_the_year_to_date_against_a_year_before(period):
    table = compute(period, basis="raw")
    # 1 April-31 August 2024, serious or fatal casualties: R00 1, M11 R01-R04 4 (R04's
    # slight driver and R05's slight casualty not), A1013 R06-R08 5, B1414 R09-R11 7, A12
    # R12-R13 2, A127 R14-R16 3, unclassified R18 1, unknown road R19 1 (R17's is slight,
    # R20 is after 31 August): 1 + 4 + 5 + 7 + 2 + 3 + 1 + 1 = 24.
    # 1 April-31 August 2023: E01 and E02 of 2023 one each, Y01 two (Y02 is in September): 4.
    assert (table.casualties, table.casualties_year_before) == (24, 4)


def test_the_routes_with_an_increase_are_listed_largest_first(period):
    table = compute(period, basis="raw")
    # M11: R01-R04 are KSI (R00 is before June, R05 slight, R20 after August): 4 against an
    # average of 1, +300.0%.
    # A1013: R06, R08 and R07, whose second road it is: 3 against 1, +200.0%.
    # B1414: R09-R11, 3 against 1, +200.0%; the tie goes to the road's name, A1013 first.
    # Left out: A12 (R12, R13: 2, under the minimum of 3 though +100%), A127 (3 against an
    # average of 3: no increase), B1002 (R07 alone, no history), R18 (unclassified road 0),
    # R19 (an unknown road class).
    assert [(r.road, r.collisions, r.average, r.increase) for r in table.routes] == [
        ("M11", 4, 1, Decimal("300.0")),
        ("A1013", 3, 1, Decimal("200.0")),
        ("B1414", 3, 1, Decimal("200.0")),
    ]


def test_vulnerable_groups_at_or_above_the_threshold_are_listed(period):
    m11, a1013, b1414 = compute(period, basis="raw").routes
    # M11's 4 KSI casualties: R02's motorcyclist, R04's passenger aged 10, R03's driver aged
    # 70: 25.0% each, in the groups' order on a tie.
    assert m11.groups == [
        ("motorcycle", Decimal("25.0")),
        ("child", Decimal("25.0")),
        ("older", Decimal("25.0")),
    ]
    # A1013's 5: R06's pedestrian and R07's cyclist, 20.0% each.
    assert a1013.groups == [("pedestrian", Decimal("20.0")), ("pedal_cycle", Decimal("20.0"))]
    # B1414's 7: only R11's passenger aged 70, 1 in 7 = 14.3%, under 15%: none listed.
    assert b1414.groups == []


def test_the_peak_time_is_the_day_or_group_of_days_and_the_busiest_4_hours(period):
    m11, a1013, b1414 = compute(period, basis="raw").routes
    # M11: Monday has 3 (R01, R02, R04), Saturday 1. Monday's hours 8, 9 and 13: the bands
    # from 06:00, 07:00 and 08:00 each hold 2; the earliest is taken.
    assert (m11.days, m11.hours) == ("monday", (6, 10))
    # A1013: Saturday 2 (R06, R07), Sunday 1 (R08). Saturday's hours 14 and 15: the bands
    # from 12:00, 13:00 and 14:00 hold both; the earliest is taken.
    assert (a1013.days, a1013.hours) == ("saturday", (12, 16))
    # B1414: Tuesday, Thursday, Wednesday 1 each, a tie, all weekdays. Hours 10, 19, 10:
    # every band holding hour 10 holds 2, the earliest from 07:00.
    assert (b1414.days, b1414.hours) == ("weekdays", (7, 11))


def test_the_top_districts_are_those_with_most_ksi_collisions_in_the_period(period):
    # 1 July-31 August 2024: E07000066 R10, R11; E07000069 R15, R16; E07000074 R07, R08;
    # then 1 each, by code: E07000068 R13, E07000070 R04 (E07000071 R18 and E07000072 R03
    # are sixth and seventh). R17 is slight; R19 names no district.
    assert compute(period, basis="raw").districts == [
        ("E07000066", 2),
        ("E07000069", 2),
        ("E07000074", 2),
        ("E07000068", 1),
        ("E07000070", 1),
    ]


def test_on_the_adjusted_basis_a_slight_collision_counts_its_probability(period):
    table = compute(period, basis="adjusted")
    # R17, slight on the A1013 with a 0.6 probability of serious, and its pedestrian aged 80
    # at 0.6; R05's slight casualty at 0.2; R04's slight driver gives none (raw: 0).
    # Totals: 24 + 0.6 + 0.2 = 24.8, 25 whole.
    assert table.casualties == 25
    a1013 = next(route for route in table.routes if route.road == "A1013")
    # 3.6 against 1: +260.0%, now ahead of B1414's 200.0%.
    assert [route.road for route in table.routes] == ["M11", "A1013", "B1414"]
    assert a1013.increase == Decimal("260.0")
    # 5.6 KSI casualties: pedestrians 1.6 (28.6%), cyclists 1 (17.9%), older 0.6 (10.7%).
    assert a1013.groups == [("pedestrian", Decimal("28.6")), ("pedal_cycle", Decimal("17.9"))]


def test_at_most_n_routes_each_with_at_least_m_collisions_are_listed(period):
    assert [r.road for r in compute(period, basis="raw", rules=Rules(limit=2)).routes] == [
        "M11",
        "A1013",
    ]
    # With a minimum of 2, the A12 (2 against 1, +100.0%) joins, after the 200% roads.
    routes = compute(period, basis="raw", rules=Rules(minimum=2)).routes
    assert [r.road for r in routes] == ["M11", "A1013", "B1414", "A12"]


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("ksiroutes", *args, stdout=out, stderr=err, **options)
    return out.getvalue()


def test_ksiroutes_saves_the_table_as_the_periods_draft_rows_marked_computed(period):
    summary = run("--period", period.code)
    assert summary == (
        "Saved 2024-25-Q2's KSI total, route table and top districts: 24 v 4 KSI casualties "
        "(raw severity), routes M11, A1013, B1414; top districts Basildon (2), Castle Point "
        "(2), Maldon (2), Brentwood (1), Chelmsford (1).\n"
        "2024-25-Q2: KSI total for Essex: 24 v 4 a year before; route table: M11, A1013, "
        "B1414; top districts: Basildon (2), Castle Point (2), Maldon (2), Brentwood (1), "
        "Chelmsford (1).\n"
    )
    total = KsiTotal.objects.get(period=period)
    assert (total.casualties, total.computed_casualties, total.ksi_basis) == (24, 24, "raw")
    assert (total.start_date, total.end_date) == (
        datetime.date(2024, 4, 1),
        datetime.date(2024, 8, 31),
    )
    assert total.computed_from is not None
    routes = list(KsiRoute.objects.filter(period=period).order_by("order"))
    assert [(r.order, r.road, r.collisions_last_3_months) for r in routes] == [
        (1, "M11", 4),
        (2, "A1013", 3),
        (3, "B1414", 3),
    ]
    assert routes[0].computed_increase == Decimal("300.0")
    assert KsiVulnerableGroup.objects.filter(route__period=period).count() == 5
    peak = KsiPeakTime.objects.get(route=routes[2])
    assert (peak.days, peak.start_time, peak.end_time) == (
        "weekdays",
        datetime.time(7),
        datetime.time(11),
    )


def test_ksiroutes_again_changes_nothing_and_an_edit_alone_is_no_change(period):
    run("--period", period.code)
    assert run("--period", period.code).startswith("2024-25-Q2 holds these figures already")
    route = KsiRoute.objects.get(period=period, road="M11")
    route.collisions_last_3_months = 5
    route.save()
    assert run("--period", period.code).startswith("2024-25-Q2 holds these figures already")
    route.refresh_from_db()
    assert (route.collisions_last_3_months, route.computed_collisions) == (5, 4)


def test_ksiroutes_dry_run_reports_and_writes_nothing(period):
    assert run("--period", period.code, dry_run=True).startswith(
        "Would save 2024-25-Q2's KSI total, route table and top districts"
    )
    assert not KsiRoute.objects.exists()
    assert not KsiDistrict.objects.exists()
    assert not KsiTotal.objects.exists()


def test_ksiroutes_refuses_a_published_period_saying_what_would_change(period):
    period.status, period.published_on = "published", datetime.date(2024, 9, 30)
    period.save()
    with pytest.raises(CommandError, match="2024-25-Q2 is published and cannot be changed: "):
        run("--period", period.code)
    assert not KsiRoute.objects.exists()


def test_ksiroutes_refuses_an_unknown_period(db):
    with pytest.raises(CommandError, match="No period '1999-00-Q1'"):
        run("--period", "1999-00-Q1")


def test_ksiroutes_exits_zero_on_success_and_one_when_refused(period, monkeypatch):
    assert exit_code(monkeypatch, "ksiroutes", "--period", period.code, "-v", "0") == 0
    assert exit_code(monkeypatch, "ksiroutes", "--period", "1999-00-Q1") == 1
    KsiRoute.objects.filter(period=period).delete()
    period.status, period.published_on = "published", datetime.date(2024, 9, 30)
    period.save()
    # The route table would change (it is gone): refused.
    assert exit_code(monkeypatch, "ksiroutes", "--period", period.code) == 1


def test_the_periods_admin_action_computes_the_table(period, admin_client):
    response = admin_client.post(
        "/admin/priorities/reportingperiod/",
        {"action": "compute_ksi_table", "_selected_action": [period.pk]},
        follow=True,
    )
    assert "2024-25-Q2: KSI total for Essex: 24 v 4 a year before; route table: M11, A1013, " in (
        response.content.decode()
    )
    assert KsiRoute.objects.filter(period=period).count() == 3


def import_more(tmp_path):
    """A later import adding R22: a serious collision on the M11 in Chelmsford on Tuesday 16
    July 2024, with its driver aged 40. The M11 has 5 KSI collisions against an average of
    1 (+400.0%); the totals are 25 v 4; Chelmsford has 2 KSI collisions in July and August,
    so the top districts are E07000066, E07000069, E07000070, E07000074 (2 each, by code)
    and E07000068 (1)."""
    names = ("routes-collision.csv", "routes-casualty.csv")
    rows = (
        "202442R22,2024,42R22,560000,42,2,1,1,16/07/2024,3,12:00,-1,E07000070,E10000012,"
        "1,11,6,40,0,-1,0,1,0",
        "202442R22,2024,42R22,1,1,1,1,40,-1,2,0,9,-1,-1,1,0",
    )
    paths = []
    for name, row in zip(names, rows, strict=True):
        header = (FILES / name).read_text().splitlines()[0]
        path = tmp_path / f"more-{name}"
        path.write_text(f"{header}\n{row}\n")
        paths.append(str(path))
    call_command("importstats19", *paths, verbosity=0)


def test_an_editors_total_and_route_figure_survive_computing_again_after_a_new_import(
    period, tmp_path
):
    run("--period", period.code)
    KsiTotal.objects.filter(period=period).update(casualties=30)
    KsiRoute.objects.filter(period=period, road="M11").update(collisions_last_3_months=6)
    import_more(tmp_path)
    summary = run("--period", period.code)
    assert "KSI total for Essex: kept the editor's 30; computed now 25 v 4 a year before" in (
        summary
    )
    assert "M11: kept the editor's 6 collisions; computed now 5" in summary
    total = KsiTotal.objects.get(period=period)
    assert (total.casualties, total.computed_casualties) == (30, 25)
    # The figure the editor left as computed follows the computation.
    assert (total.casualties_year_before, total.computed_casualties_year_before) == (4, 4)
    assert total.computed_from.file_name.endswith("more-routes-casualty.csv")
    m11 = KsiRoute.objects.get(period=period, road="M11")
    assert (m11.collisions_last_3_months, m11.computed_collisions) == (6, 5)
    assert (m11.increase_on_5_year_average, m11.computed_increase) == (
        Decimal("400.0"),
        Decimal("400.0"),
    )
    assert m11.computed_from.file_name.endswith("more-routes-casualty.csv")


def test_an_editors_vulnerable_groups_survive_computing_again(period, tmp_path):
    run("--period", period.code)
    KsiVulnerableGroup.objects.filter(route__road="M11", group="child").update(percent=30)
    import_more(tmp_path)
    assert "M11: kept the editor's vulnerable groups" in run("--period", period.code)
    # Computed now: R22's driver makes 5 KSI casualties, 20.0% each; the editor's shares
    # are kept.
    groups = KsiVulnerableGroup.objects.filter(route__road="M11").order_by("order")
    assert [(g.group, g.percent) for g in groups] == [
        ("motorcycle", Decimal("25.0")),
        ("child", Decimal("30.0")),
        ("older", Decimal("25.0")),
    ]


def test_a_route_typed_in_leaves_the_route_table_as_it_is(period, tmp_path):
    run("--period", period.code)
    KsiRoute.objects.create(
        period=period,
        road="A130",
        order=4,
        collisions_last_3_months=2,
        increase_on_5_year_average=Decimal("50.0"),
    )
    import_more(tmp_path)
    summary = run("--period", period.code)
    assert "route table: left as it is, an editor typed in routes" in summary
    routes = KsiRoute.objects.filter(period=period).order_by("order")
    assert [(r.road, r.collisions_last_3_months, r.computed_collisions) for r in routes] == [
        ("M11", 4, 4),
        ("A1013", 3, 3),
        ("B1414", 3, 3),
        ("A130", 2, None),
    ]
    assert KsiTotal.objects.get(period=period).casualties == 25


def test_without_edits_computing_again_after_a_new_import_updates_everything(period, tmp_path):
    run("--period", period.code)
    import_more(tmp_path)
    assert run("--period", period.code).startswith(
        "Saved 2024-25-Q2's KSI total, route table and top districts: 25 v 4 KSI casualties"
    )
    total = KsiTotal.objects.get(period=period)
    assert (total.casualties, total.computed_casualties) == (25, 25)
    m11 = KsiRoute.objects.get(period=period, road="M11")
    assert (m11.collisions_last_3_months, m11.increase_on_5_year_average) == (5, Decimal("400"))
    # No editor's shares: the M11's are as computed now, 1 in 5 each.
    assert [g.percent for g in m11.vulnerable_groups.all()] == [Decimal("20.0")] * 3
    codes = KsiDistrict.objects.filter(period=period).order_by("order")
    assert [d.district_code for d in codes] == [
        "E07000066",
        "E07000069",
        "E07000070",
        "E07000074",
        "E07000068",
    ]


def test_the_dry_run_and_the_admin_action_say_the_same(period, tmp_path, admin_client):
    run("--period", period.code)
    KsiTotal.objects.filter(period=period).update(casualties=30)
    import_more(tmp_path)
    said = run("--period", period.code, dry_run=True).splitlines()[1]
    assert said.startswith("2024-25-Q2: KSI total for Essex: kept the editor's 30;")
    response = admin_client.post(
        "/admin/priorities/reportingperiod/",
        {"action": "compute_ksi_table", "_selected_action": [period.pk]},
        follow=True,
    )
    assert said in html.unescape(response.content.decode())


def test_the_top_districts_are_saved_in_order_named_from_their_codes(period):
    run("--period", period.code)
    districts = KsiDistrict.objects.filter(period=period).order_by("order")
    # As test_the_top_districts_are_those_with_most_ksi_collisions_in_the_period worked out.
    assert [(d.order, d.district_code, d.name, d.collisions) for d in districts] == [
        (1, "E07000066", "Basildon", 2),
        (2, "E07000069", "Castle Point", 2),
        (3, "E07000074", "Maldon", 2),
        (4, "E07000068", "Brentwood", 1),
        (5, "E07000070", "Chelmsford", 1),
    ]
    assert all(d.computed_collisions == d.collisions for d in districts)
    assert all(d.computed_from is not None for d in districts)


def test_computing_again_with_nothing_new_leaves_the_districts_as_they_are(period):
    run("--period", period.code)
    before = list(KsiDistrict.objects.values_list("pk", "version"))
    run("--period", period.code)
    assert list(KsiDistrict.objects.values_list("pk", "version")) == before


def test_a_published_periods_districts_never_change(period, tmp_path):
    run("--period", period.code)
    period.status, period.published_on = "published", datetime.date(2024, 9, 30)
    period.save()
    before = list(KsiDistrict.objects.values_list("pk", "district_code", "collisions"))
    import_more(tmp_path)
    with pytest.raises(CommandError, match="top districts: Basildon"):
        run("--period", period.code)
    assert list(KsiDistrict.objects.values_list("pk", "district_code", "collisions")) == before


def test_a_district_the_site_does_not_know_is_shown_as_its_code():
    assert (label_of("E07000070"), label_of("E08000001"), label_of("12")) == (
        "Chelmsford",
        "E08000001",
        "12",
    )


def test_a_collision_counts_once_for_a_road_that_is_both_its_first_and_second():
    day = datetime.date(2024, 6, 3)
    both = CollisionRecord("1", day, None, "", ("A12", "A12"), 1.0)
    assert {road: len(found) for road, found in per_road([both]).items()} == {"A12": 1}
