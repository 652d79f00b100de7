"""The demo data: Essex Police's performance report to the PCC of September 2017.

Every expected value here is read from the report itself, not from the data files.
"""

import shutil
from datetime import date, time
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from inspections.models import Inspection
from metrics.models import (
    Area,
    KsiPeakTime,
    KsiRoute,
    KsiTotal,
    KsiVulnerableGroup,
    Metric,
    Observation,
    Target,
)
from priorities.freeze import allow_amendment
from priorities.models import (
    Commitment,
    Footnote,
    Plan,
    Priority,
    ReportingPeriod,
    Update,
)
from priorities.text import parse_update_text

pytestmark = pytest.mark.django_db

LOADED_MODELS = [
    Plan,
    Priority,
    Commitment,
    ReportingPeriod,
    Update,
    Footnote,
    Inspection,
    Area,
    Metric,
    Observation,
    Target,
    KsiTotal,
    KsiRoute,
    KsiVulnerableGroup,
    KsiPeakTime,
]


def run_loaddemo(*args):
    """Run the command and return what it wrote to stdout and stderr."""
    out, err = StringIO(), StringIO()
    call_command("loaddemo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    return {model: list(model.objects.order_by("pk").values()) for model in LOADED_MODELS}


def row_count():
    return sum(model.objects.count() for model in LOADED_MODELS)


def observed(slug, start, end=None, area="essex"):
    return Observation.objects.get(
        metric__slug=slug, area__slug=area, start_date=start, end_date=end or start
    )


def updates_of(reference):
    number, order = reference.split(".")
    return list(
        Update.objects.filter(
            commitment__priority__number=number, commitment__order=order, period__code="2017-18-Q2"
        ).order_by("order")
    )


@pytest.mark.usefixtures("demo")
class TestTheSeptember2017Report:
    """Read-only checks of the loaded report."""

    def test_it_loads_seven_priorities_and_twelve_commitments(self):
        plan = Plan.objects.get()
        assert plan.title == "Police and Crime Plan 2016-2020"
        assert plan.organisation == "Police and Crime Commissioner for Essex"
        assert (plan.start_date, plan.end_date) == (date(2016, 4, 1), date(2020, 3, 31))
        titles = list(plan.priorities.order_by("number").values_list("number", "title"))
        assert titles == [
            (1, "More Local, Visible and Accessible Policing"),
            (2, "Crack Down on Anti-social Behaviour"),
            (3, "Breaking the Cycle of Domestic Abuse (DA)"),
            (4, "Reverse the Trend in Serious Violence"),
            (5, "Tackle Gangs and Organised Crime"),
            (6, "Protecting Children and Vulnerable People"),
            (7, "Improve Safety on our Roads"),
        ]
        references = [c.reference for c in Commitment.objects.all()]
        assert references == [
            "1.1", "1.2", "1.3", "2.1", "3.1", "4.1", "4.2", "5.1", "5.2", "6.1", "6.2", "7.1"
        ]  # fmt: skip

    def test_each_commitment_keeps_the_lead_in_and_wording_the_report_prints(self):
        commitments = {c.reference: c for c in Commitment.objects.select_related("priority")}
        partners = "Working with partners we will:"
        assert {ref: c.lead_in for ref, c in commitments.items()} == {
            "1.1": "We will:",
            "1.2": "We will:",
            "1.3": "We will:",
            "2.1": partners,
            "3.1": "Working with and through the Domestic Abuse Strategic Board to deliver an "
            "ambitious programme of transformation we will:",
            "4.1": partners,
            "4.2": partners,
            "5.1": partners,
            "5.2": partners,
            "6.1": "Working with safeguarding partners and the Southend, Thurrock and Essex "
            "Safeguarding Boards we will:",
            "6.2": "",
            "7.1": "Working with Safer Essex Roads Partnership we will:",
        }
        assert commitments["1.2"].text == (
            "Make it easy to contact the police through ‘Do It Online’ and improvements to 101 "  # noqa: RUF001 the report's quotes
            "ensuring that the public get a swift and responsive service from the police."
        )
        assert (
            commitments["6.1"].text
            == "Bring more perpetrators of rape and sexual abuse to justice."
        )
        assert commitments["6.2"].text == (
            "Improve reporting of hate incidents through improved community engagement and "
            "greater use of Hate Crime Reporting Centres"
        )

    def test_it_loads_the_september_2017_report_as_the_period_2017_18_q2(self):
        period = ReportingPeriod.objects.get()
        assert period.code == "2017-18-Q2"
        assert (period.start_date, period.end_date) == (date(2017, 7, 1), date(2017, 9, 30))
        assert period.data_to == date(2017, 8, 31)
        assert (
            period.title
            == "Performance report to the Police and Crime Commissioner, September 2017"
        )
        assert period.status == ReportingPeriod.Status.PUBLISHED
        assert period.published_on == date(2017, 9, 30)
        assert (
            period.protective_marking == "OFFICIAL - for the PCC's office only, not for publication"
        )

    def test_it_loads_every_item_the_report_prints_under_each_commitment(self):
        counts = {
            "1.1": 7, "1.2": 5, "1.3": 6, "2.1": 6, "3.1": 5, "4.1": 6,
            "4.2": 3, "5.1": 3, "5.2": 8, "6.1": 1, "6.2": 3, "7.1": 6,
        }  # fmt: skip
        assert {ref: len(updates_of(ref)) for ref in counts} == counts
        assert Update.objects.count() == 59
        paragraphs = Update.objects.filter(style=Update.Style.PARAGRAPH)
        assert [u.commitment.reference for u in paragraphs] == ["6.1"]
        assert paragraphs.get().text.startswith("Essex police is regularly meeting with staff from")

    def test_the_footnote_on_primary_call_handling_is_kept(self):
        update = updates_of("1.2")[1]
        assert "answered by the switchboard (primary call handling[^1]) is beginning" in update.text
        footnote = Footnote.objects.get()
        assert footnote.update == update
        assert footnote.number == 1
        assert footnote.text == (
            "Referred to as ‘Primary call handling’, as this is the first member of Essex Police "  # noqa: RUF001 the report's quotes
            "staff to whom a member of the public speaks."
        )

    def test_101_answering_and_waiting_times_match_the_report(self):
        year_to_date = (date(2017, 4, 1), date(2017, 8, 31))
        august_2017 = (date(2017, 8, 1), date(2017, 8, 31))
        switchboard = observed("calls-101-switchboard-answer-time", *august_2017)
        assert switchboard.value == 5
        assert switchboard.compared_with.value == 10
        assert switchboard.compared_with.start_date == date(2016, 8, 1)
        assert observed("calls-101-switchboard-answer-time", *year_to_date).value == 7
        pairs = {
            "calls-101-force-control-room-wait": (4 * 60 + 38, 5 * 60 + 13),
            "calls-101-crime-bureau-abandoned-rate": (Decimal("16.1"), Decimal("27.5")),
            "calls-101-crime-bureau-wait": (9 * 60, 17 * 60),
        }
        for slug, (august, ytd) in pairs.items():
            observation = observed(slug, *august_2017)
            assert (observation.value, observation.compared_with.value) == (august, ytd)
            assert observation.compared_with.end_date == date(2017, 8, 31)
            assert observation.metric.up_is == Metric.UpIs.BAD
        officer_calls = observed("calls-from-officers-and-staff", *august_2017)
        assert (officer_calls.value, officer_calls.compared_with.value) == (2637, 9232)
        assert officer_calls.change().percent == Decimal("-71.4")

    def test_update_texts_join_the_pdf_line_breaks_and_keep_the_reports_wording(self):
        op_raptor = updates_of("4.1")[2].text
        assert "Op Raptor led a coordinated operation to supress the violence" in op_raptor
        assert "The team seized £11,600 of Class A drugs and £7,000 in cash." in op_raptor
        assert op_raptor.endswith(
            "charged the nine principle members with conspiracy to supply drugs."
        )
        assert "deal with licenced premises" in updates_of("1.1")[3].text
        assert "go “above and beyond”." in updates_of("1.1")[5].text
        assert (
            "meet to problem-solve issues involving people with MH issues."
            in updates_of("2.1")[1].text
        )
        for update in Update.objects.all():
            assert "  " not in update.text
            for line in update.text.splitlines()[1:]:
                assert line.startswith("- ")

    def test_nested_bullets_are_sub_bullets_of_the_item_that_introduces_them(self):
        def sub_bullets(update):
            blocks = parse_update_text(update.text)
            assert [block.kind for block in blocks] == ["paragraph", "bullets"]
            return blocks[1].items

        trials = sub_bullets(updates_of("3.1")[4])
        assert parse_update_text(updates_of("3.1")[4].text)[0].text == (
            "Other examples of initiatives being trialled include:"
        )
        assert [item.split(" ")[0:2] for item in trials] == [
            ["PROJECT", "360"],
            ["Op", "ENCOMPASS"],
            ["Employers", "DA"],
        ]
        raptor = sub_bullets(updates_of("4.1")[0])
        assert len(raptor) == 4
        assert raptor[2].startswith("Clacton: three London males charged and remanded")
        assert len(sub_bullets(updates_of("4.2")[2])) == 3
        seizures = sub_bullets(updates_of("5.2")[1])
        assert seizures == [
            "The seizure of 6 KG of cannabis and four principle members arrested currently "
            "on bail.",
            "The seizure of 3 KG cocaine.",
        ]

    def test_section_headings_go_with_the_items_printed_under_them(self):
        assert [u.section for u in updates_of("4.1")] == [
            "", "", "LPA North", "LPA South", "LPA West", "LPA West"
        ]  # fmt: skip
        assert [u.section for u in updates_of("4.2")] == ["", "", "LPA North"]
        assert {u.section for u in updates_of("3.1")} == {"Crime & Public Protection"}
        sectioned = Update.objects.exclude(section="")
        assert {u.commitment.reference for u in sectioned} == {"3.1", "4.1", "4.2"}

    def test_it_loads_the_four_rows_of_the_hmicfrs_grade_table(self):
        rows = {
            i.pillar: (
                i.year,
                i.published_on,
                i.grade,
                i.recommendations,
                i.areas_for_improvement,
                i.comment,
                i.next_inspection_due,
            )
            for i in Inspection.objects.all()
        }
        awaiting = "Await 2017 Report, due Autumn 2017"
        assert rows == {
            "effectiveness": (
                2016,
                date(2017, 3, 2),
                "good",
                0,
                9,
                "Next Inspection due 11th September 2017",
                date(2017, 9, 11),
            ),
            "efficiency": (2016, date(2016, 11, 3), "good", 0, 3, awaiting, None),
            "legitimacy": (2016, date(2016, 12, 8), "good", 0, 8, awaiting, None),
            "leadership": (
                2016,
                None,
                "narrative",
                0,
                1,
                "Examined as a thread through all PEEL inspections in 2017",
                None,
            ),
        }

    def test_the_special_constable_headcount_rose_from_332_to_374(self):
        may = observed("special-constable-headcount", date(2017, 5, 31))
        august = observed("special-constable-headcount", date(2017, 8, 31))
        assert (may.value, august.value) == (332, 374)
        assert august.compared_with == may
        assert august.change().difference == 42
        assert (
            observed("special-constable-applications", date(2017, 6, 1), date(2017, 8, 31)).value
            == 460
        )
        assert observed("special-constable-applicants-in-process", date(2017, 8, 31)).value == 94

    def test_special_constables_hours_rose_by_8_5_percent_as_the_report_says(self):
        this_year = observed("special-constable-hours", date(2017, 6, 1), date(2017, 8, 31))
        assert this_year.value == 29620
        assert this_year.compared_with.value == 27292
        assert this_year.compared_with.start_date == date(2016, 6, 1)
        assert this_year.change().percent == Decimal("8.5")
        operational = observed(
            "special-constable-operational-hours", date(2017, 6, 1), date(2017, 8, 31)
        )
        assert (operational.value, operational.compared_with.value) == (20706, 18546)
        assert operational.change().percent == Decimal("11.6")
        assert operational.metric.unit == Metric.Unit.HOURS
        quarter = (date(2017, 6, 1), date(2017, 8, 31))
        assert observed("special-constable-extra-hours-officer-equivalent", *quarter).value == 46
        assert observed("special-constable-extra-hours-overtime-value", *quarter).value == 500000

    @pytest.mark.parametrize(
        ("slug", "value", "caveat_word"),
        [
            ("special-constable-arrests", 734, None),
            ("special-constable-road-traffic-collisions", 291, None),
            ("special-constable-domestic-abuse-risk-assessments", 107, None),
            ("special-constable-stop-and-searches", 124, None),
            ("special-constable-motoring-offences", 1800, "over"),
            ("special-constable-licensing-visits", 140, None),
            ("special-constable-mental-health-hours", 700, "nearly"),
            ("special-constable-missing-people-hours", 410, None),
        ],
    )
    def test_special_constables_activity_this_quarter_matches_the_report(
        self, slug, value, caveat_word
    ):
        observation = observed(slug, date(2017, 6, 1), date(2017, 8, 31))
        assert observation.value == value
        if caveat_word:
            assert caveat_word in observation.caveat

    def test_call_demand_is_stated_as_changes_that_may_be_negative(self):
        may_to_july = (date(2017, 5, 1), date(2017, 7, 31))
        calls_999 = observed("calls-999-change", *may_to_july)
        calls_101 = observed("calls-101-change", *may_to_july)
        assert (calls_999.value, calls_101.value) == (Decimal("12.4"), -4)
        for metric in (calls_999.metric, calls_101.metric):
            assert metric.unit == Metric.Unit.PERCENT_CHANGE
            assert metric.value_range() == (-100, None)

    def test_cadets_stand_at_220_with_a_target_of_300_by_the_end_of_2018(self):
        assert observed("volunteer-police-cadets", date(2017, 8, 31)).value == 220
        target = Target.objects.get()
        assert (target.metric.slug, target.area.slug) == ("volunteer-police-cadets", "essex")
        assert (target.value, target.due_date) == (300, date(2018, 12, 31))
        rural = observed("rural-crime-share", date(2017, 8, 31))
        assert rural.value == 27
        assert "around" in rural.caveat.lower()

    def test_the_braintree_closure_order_took_asb_from_32_incidents_to_none(self):
        after = Observation.objects.get(metric__slug="asb-at-closure-order-premises", value=0)
        assert after.area == Area.objects.get(slug="braintree", kind=Area.Kind.DISTRICT)
        assert after.compared_with.value == 32
        assert after.change().percent == -100
        assert after.change().judgement(after.metric.up_is) == "good"

    def test_organised_crime_figures_match_the_report(self):
        quarter = (date(2017, 6, 1), date(2017, 8, 31))
        year_to_date = (date(2017, 4, 1), date(2017, 8, 31))
        assert observed("ocg-disruptions", *quarter).value == 27
        assert observed("cash-forfeitures", *year_to_date).value == 5
        assert observed("cash-forfeitures-value", *year_to_date).value == 21216
        assert observed("confiscation-orders", *year_to_date).value == 25
        assert observed("confiscation-orders-value", *year_to_date).value == 1_300_000
        now = date(2017, 8, 31)
        assert observed("serious-crime-prevention-orders", now).value == 9
        assert observed("gangs-recorded", now).value == 49
        assert observed("gang-nominals-recorded", now).value == 178
        assert observed("county-lines-recorded", now).value == 187
        assert observed("op-nereus-arrests", now, area="chelmsford").value == 28
        assert observed("op-nereus-cash-seized", now, area="chelmsford").value == 4500
        assert observed("op-nereus-drugs-seized-value", now, area="chelmsford").value == 12000

    def test_operation_raptor_in_lpa_north_matches_the_report(self):
        figures = {
            "op-raptor-north-arrests": 26,
            "op-raptor-north-searches": 6,
            "op-raptor-north-class-a-drugs-seized": 11600,
            "op-raptor-north-cash-seized": 7000,
            "op-raptor-north-principal-members-charged": 9,
        }
        for slug, value in figures.items():
            observation = observed(slug, date(2017, 8, 31), area="lpa-north")
            assert observation.value == value
            assert observation.metric.commitment.reference == "4.1"
        assert Area.objects.get(slug="lpa-north").kind == Area.Kind.LPA

    def test_racial_hate_crimes_rose_by_over_44_percent_as_the_report_says(self):
        latest = observed("racial-hate-crimes", date(2016, 8, 1), date(2017, 7, 31))
        assert latest.value == 1529
        assert latest.compared_with.value == 1061
        assert (latest.compared_with.start_date, latest.compared_with.end_date) == (
            date(2015, 8, 1),
            date(2016, 7, 31),
        )
        assert latest.change().percent > 44
        assert "1 August" in latest.caveat
        assert observed("hate-crime-ambassadors-added", date(2017, 8, 31)).value == 100

    @pytest.mark.parametrize(
        ("slug", "value"),
        [
            ("roads-operations-vehicles-engaged", 3939),
            ("roads-operations-drink-drug-drive-arrests", 56),
            ("roads-operations-other-arrests", 37),
            ("roads-operations-seat-belt-reports", 1590),
            ("roads-operations-mobile-phone-reports", 364),
            ("roads-operations-vehicles-seized", 337),
        ],
    )
    def test_roads_operations_from_1_april_to_31_august_2017_match_the_report(self, slug, value):
        observation = observed(slug, date(2017, 4, 1), date(2017, 8, 31))
        assert observation.value == value
        assert observation.metric.priority.number == 7

    def test_every_observation_names_the_report_that_states_it(self):
        period = ReportingPeriod.objects.get()
        for observation in Observation.objects.all():
            assert (
                observation.source == "Essex Police performance report to the PCC, September 2017"
            )
            assert observation.reported_in == period
            assert observation.data_to == date(2017, 8, 31)
            assert observation.metric.commitment is not None
            assert observation.metric.priority == observation.metric.commitment.priority

    def test_ksi_casualties_fell_from_450_to_403(self):
        total = KsiTotal.objects.get()
        assert (total.area.slug, total.period.code) == ("essex", "2017-18-Q2")
        assert (total.start_date, total.end_date) == (date(2017, 4, 1), date(2017, 8, 31))
        assert (total.casualties, total.casualties_year_before) == (403, 450)
        assert total.change().direction == "decrease"
        assert "Assumption" in total.note

    def test_the_ksi_route_table_matches_the_report_cell_by_cell(self):
        def groups(route):
            return {(g.group, g.percent) for g in route.vulnerable_groups.all()}

        def peaks(route):
            return [(p.days, p.start_time, p.end_time) for p in route.peak_times.order_by("id")]

        table = [
            (
                r.order,
                r.road,
                r.collisions_last_3_months,
                r.increase_on_5_year_average,
                groups(r),
                peaks(r),
            )
            for r in KsiRoute.objects.order_by("order")
        ]
        assert table == [
            (1, "B1414", 5, 114, {("older", 57)}, [("weekdays", time(11), time(15))]),
            (2, "A1013", 5, 43, {("pedestrian", 22), ("child", 22)}, [("friday", None, None)]),
            (
                3,
                "M11",
                22,
                10,
                set(),
                [("weekdays", time(15), time(18)), ("saturday", time(1), time(5))],
            ),
            (4, "B1027", 6, 6, {("older", 23), ("child", 15)}, [("tuesday", None, None)]),
            (5, "B1022", 6, 3, {("pedal_cycle", 33)}, []),
        ]


def test_it_reports_each_file_on_stderr_and_a_one_line_summary_on_stdout():
    out, err = run_loaddemo()

    assert out == f"Loaded the demo data: {row_count()} rows created, 0 already present.\n"
    loaded_files = [line.split(":")[0] for line in err.splitlines()]
    assert loaded_files == [
        "plan.toml",
        "areas.toml",
        "metrics.toml",
        "2017-18-Q2/period.toml",
        "2017-18-Q2/updates.toml",
        "2017-18-Q2/inspections.toml",
        "2017-18-Q2/observations.toml",
        "2017-18-Q2/ksi.toml",
    ]


def test_a_second_run_creates_nothing_and_changes_no_row():
    run_loaddemo()
    before = snapshot()

    out, _ = run_loaddemo()

    assert snapshot() == before
    assert out == f"Loaded the demo data: 0 rows created, {row_count()} already present.\n"


@pytest.mark.usefixtures("demo")
def test_it_leaves_alone_rows_staff_have_changed():
    Priority.objects.filter(number=2).update(title="Anti-social behaviour")
    headcount = observed("special-constable-headcount", date(2017, 8, 31))
    # The demo period is published, so its rows are frozen: write past the freeze.
    Observation._base_manager.filter(pk=headcount.pk).update(value=375, compared_with=None)
    route = KsiRoute.objects.get(road="M11")
    with allow_amendment():
        route.peak_times.filter(days="saturday").delete()

    run_loaddemo()

    assert Priority.objects.get(number=2).title == "Anti-social behaviour"
    headcount.refresh_from_db()
    assert (headcount.value, headcount.compared_with) == (375, None)
    assert list(route.peak_times.values_list("days", flat=True)) == ["weekdays"]


@pytest.mark.usefixtures("demo")
def test_it_leaves_alone_rows_it_did_not_create():
    commitment = Commitment.objects.get(priority__number=1, order=1)
    period = ReportingPeriod.objects.get()
    extra = Update.objects.create(commitment=commitment, period=period, order=8, text="Added.")
    uttlesford = Area.objects.create(name="Uttlesford", slug="uttlesford", kind=Area.Kind.DISTRICT)

    out, _ = run_loaddemo()

    assert Update.objects.filter(pk=extra.pk, text="Added.").exists()
    assert Area.objects.filter(pk=uttlesford.pk).exists()
    assert len(updates_of("1.1")) == 8
    assert "0 rows created" in out


def test_a_row_staff_made_before_the_first_load_is_kept_and_used():
    Plan.objects.create(
        title="Police and Crime Plan 2016-2020",
        organisation="Essex PCC",
        start_date=date(2016, 4, 1),
        end_date=date(2020, 3, 31),
    )

    run_loaddemo()

    plan = Plan.objects.get()
    assert plan.organisation == "Essex PCC"
    assert plan.priorities.count() == 7


@pytest.fixture
def demo_copy(tmp_path):
    """A copy of the demo data to break."""
    copy = tmp_path / "demo"
    shutil.copytree(settings.BASE_DIR / "demo", copy)
    return copy


def test_an_invalid_value_in_a_late_file_writes_nothing_and_names_file_and_item(demo_copy):
    observations = demo_copy / "2017-18-Q2" / "observations.toml"
    text = observations.read_text(encoding="utf-8")
    observations.write_text(text.replace("value = 3939", "value = -3939"), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run_loaddemo("--path", str(demo_copy))

    message = str(error.value)
    assert message.startswith("2017-18-Q2/observations.toml: ")
    assert "roads-operations-vehicles-engaged" in message
    assert "cannot be below 0" in message
    assert row_count() == 0


def test_a_file_that_is_not_toml_writes_nothing(demo_copy):
    with (demo_copy / "2017-18-Q2" / "ksi.toml").open("a", encoding="utf-8") as ksi:
        ksi.write("[[routes]\n")

    with pytest.raises(CommandError, match=r"^2017-18-Q2/ksi\.toml: not valid TOML"):
        run_loaddemo("--path", str(demo_copy))

    assert row_count() == 0


def test_a_misspelt_key_is_refused_rather_than_ignored(demo_copy):
    plan = demo_copy / "plan.toml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace('lead_in = ""\n', 'leadin = ""\n'), encoding="utf-8")

    with pytest.raises(CommandError, match=r"^plan\.toml: commitment 6\.2: unknown leadin$"):
        run_loaddemo("--path", str(demo_copy))

    assert row_count() == 0


def test_a_missing_data_directory_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="is not a directory"):
        run_loaddemo("--path", str(tmp_path / "nowhere"))
