"""generatedata: a deterministic synthetic dataset of a chosen scale on top of the demo data."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from essexperf.importing import Tally
from essexperf.site.management.commands import generatedata
from essexperf.site.synthetic.generate import Outcome
from essexperf.site.synthetic.observations import SOURCE
from essexperf.site.synthetic.peers import PEER_SOURCE
from essexperf.site.synthetic.rows import Checker
from essexperf.site.synthetic.shapes import RECALCULATION_REASON
from inspections.models import Finding, Inspection
from metrics.models import (
    Area,
    AreaPopulation,
    KsiPeakTime,
    KsiRoute,
    KsiTotal,
    KsiVulnerableGroup,
    Metric,
    Observation,
    PeerGroup,
    PeerGroupMember,
    Recalculation,
    Target,
)
from metrics.peers import compare_with_peers, peer_group
from metrics.process import headline_processes, process_of
from metrics.rates import populations_of
from metrics.series import latest_observations
from metrics.spc import Assurance, Rule, Variation
from priorities.models import (
    Assessment,
    Commitment,
    Footnote,
    Plan,
    Priority,
    ReportingPeriod,
    Update,
)

pytestmark = pytest.mark.django_db

# Each model's rows by what identifies and describes them, ids aside: ids depend on the
# database, the data must not.
NATURAL_FIELDS = {
    Plan: ["title", "organisation", "start_date", "end_date"],
    Priority: ["plan__title", "number", "title"],
    Commitment: [
        "priority__plan__title", "priority__number", "order", "introduced_on", "retired_on",
        "lead_in", "text", "lead", "replaces__text",
    ],
    ReportingPeriod: ["code", "title", "status", "data_to", "published_on"],
    Update: ["period__code", "commitment__text", "order", "section", "style", "text"],
    Footnote: ["update__period__code", "update__commitment__text", "update__order", "text"],
    Assessment: ["period__code", "commitment__text", "status", "reason"],
    Area: ["slug", "name", "kind", "parent__slug"],
    Metric: ["slug", "name", "unit", "measure", "up_is", "commitment__text"],
    Target: ["metric__slug", "area__slug", "due_date", "value", "note"],
    Observation: [
        "metric__slug", "area__slug", "start_date", "end_date", "value", "basis",
        "reported_in__code", "compared_with__start_date", "data_to", "source", "caveat",
    ],
    Inspection: [
        "pillar", "year", "grade", "published_on", "recommendations", "areas_for_improvement",
        "causes_of_concern",
    ],
    Finding: [
        "inspection__pillar", "inspection__year", "kind", "due_date", "text", "owner", "status",
        "closed_on", "evidence",
    ],
    KsiTotal: ["period__code", "area__slug", "start_date", "end_date", "casualties",
               "casualties_year_before"],
    KsiRoute: ["period__code", "order", "road", "collisions_last_3_months",
               "increase_on_5_year_average"],
    KsiVulnerableGroup: ["route__period__code", "route__road", "order", "group", "percent"],
    KsiPeakTime: ["route__period__code", "route__road", "days", "start_time", "end_time"],
    Recalculation: ["metric__slug", "area__slug", "date", "reason"],
    AreaPopulation: ["area__slug", "year", "population", "source"],
    PeerGroup: ["name", "home_force__slug"],
    PeerGroupMember: ["group__name", "area__slug", "order"],
}  # fmt: skip


def newest_published():
    return ReportingPeriod.objects.filter(status="published").order_by("-data_to").first()


def headline_charts(user):
    """{slug: process chart} of every generated metric's headline figure in the newest
    published edition, as the overview reads them."""
    period = newest_published()
    generated = Metric.objects.filter(observations__source=SOURCE).distinct()
    latest = latest_observations(user, period, generated).values()
    slugs = {observation.metric_id: observation.metric.slug for observation in latest}
    return {slugs[pk]: chart for pk, chart in headline_processes(user, period, latest).items()}


def run_generatedata(*args):
    """Run the command and return what it wrote to stdout and stderr."""
    out, err = StringIO(), StringIO()
    call_command("generatedata", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    return {
        model: list(model.objects.order_by(*fields).values_list(*fields))
        for model, fields in NATURAL_FIELDS.items()
    }


def counts():
    return {model: model.objects.count() for model in NATURAL_FIELDS}


@pytest.fixture(scope="module")
def first_generation(django_db_setup, django_db_blocker):
    """The rows of a scale 1 generation, rolled back, to compare another one with."""
    with django_db_blocker.unblock(), transaction.atomic():
        run_generatedata("--scale", "1", "--no-input")
        rows = snapshot()
        transaction.set_rollback(True)
    return rows


@pytest.fixture(scope="class")
def scale_1(first_generation, django_db_setup, django_db_blocker):
    """Scale 1 generated once for a class of read-only tests, rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_generatedata("--scale", "1")
        transaction.set_rollback(True)


@pytest.mark.usefixtures("scale_1")
class TestScale1:
    def test_it_loads_the_demo_first_and_says_what_it_made_in_one_line(self, scale_1):
        out, err = scale_1
        assert Plan.objects.filter(title="Police and Crime Plan 2016-2020").exists()
        assert "Loaded the demo data" in err
        assert out.startswith("Generated scale 1 in ")
        assert "2,519 observations" not in out  # the demo's 63 are loaded, not generated
        assert "2,456 observations" in out
        assert "32 area populations" in out
        assert "7 peer group members" in out
        assert "1 recalculation," in out
        assert len(out.strip().splitlines()) == 1

    def test_it_draws_a_progress_bar_on_stderr(self, scale_1):
        _, err = scale_1
        assert "[##############################] 100% done" in err
        assert "% observations" in err
        assert "% peers" in err

    def test_a_year_of_quarterly_editions_holds_the_demo_edition_and_ends_in_a_draft(self):
        periods = list(ReportingPeriod.objects.order_by("financial_year", "quarter"))
        assert [p.code for p in periods] == ["2017-18-Q1", "2017-18-Q2", "2017-18-Q3", "2017-18-Q4"]
        assert [p.status for p in periods] == ["published"] * 3 + ["draft"]
        assert periods[3].data_to == date(2018, 2, 28)
        assert periods[1].title.startswith("Performance report to the Police and Crime")

    def test_it_creates_the_counts_the_scale_sets(self):
        assert Plan.objects.count() == 1
        assert Area.objects.count() == 8 + 7
        assert Metric.objects.count() == 51 + 8
        # Eight metrics in eight areas for 36 months (from March 2015, before the first
        # edition, to February 2018), and three of them, totals, for the three months to
        # each of four data-to dates.
        assert Observation.objects.filter(source=SOURCE).count() == 8 * 8 * 36 + 3 * 8 * 4
        # The one count of events, for seven peer forces, the month and the three months to
        # each data-to date.
        assert Observation.objects.filter(source=PEER_SOURCE).count() == 7 * 2 * 4
        assert Target.objects.filter(note="Set with the plan.").count() == 8
        # Eight forces from mid-2015 to mid-2018.
        assert AreaPopulation.objects.count() == 8 * 4
        assert KsiTotal.objects.count() == 1 + 3 * 4
        assert KsiRoute.objects.count() == 5 + 3 * 5
        assert Inspection.objects.count() == 4 * 3

    def test_each_generated_edition_reports_on_every_current_commitment(self):
        for code in ["2017-18-Q1", "2017-18-Q3", "2017-18-Q4"]:
            assert Assessment.objects.filter(period__code=code).count() == 12
            updates = Update.objects.filter(period__code=code)
            assert set(updates.values_list("commitment__pk", flat=True)) == set(
                Commitment.objects.values_list("pk", flat=True)
            )
            assert 12 <= updates.count() <= 12 * 3

    def test_the_demo_edition_keeps_its_own_updates_and_gains_no_assessment(self):
        assert Update.objects.filter(period__code="2017-18-Q2").count() == 59
        assert not Assessment.objects.filter(period__code="2017-18-Q2").exists()

    def test_each_inspection_records_as_many_findings_as_it_counts(self):
        for inspection in Inspection.objects.prefetch_related("findings"):
            assert inspection.count_mismatches(list(inspection.findings.all())) == {}
            assert inspection.findings.count() > 0

    def test_every_row_passes_full_clean(self):
        for model in NATURAL_FIELDS:
            for row in model.objects.all():
                row.full_clean()

    def test_the_same_scale_gives_the_same_rows_again(self, first_generation):
        assert first_generation[Observation]
        assert first_generation[Update]
        assert first_generation[Finding]
        assert snapshot() == first_generation

    def test_running_it_again_adds_nothing(self):
        before = counts()
        out, _ = run_generatedata("--scale", "1")
        assert out.strip() == "Scale 1 is already generated here: nothing was added."
        assert counts() == before

    def test_every_generated_headline_has_a_process_chart(self, viewer):
        charts = headline_charts(viewer)
        assert len(charts) == 8
        assert all(chart.enough for chart in charts.values())

    def test_some_headline_shows_each_kind_of_signal(self, viewer):
        charts = headline_charts(viewer).values()
        signals = [{point.signal for point in chart.points} for chart in charts]
        rules = [{rule for point in chart.points for rule in point.rules} for chart in charts]
        assert any({Variation.CONCERN, Variation.IMPROVEMENT} & found for found in signals)
        assert any(Rule.SHIFT in found for found in rules)
        assert any(Rule.TREND in found for found in rules)
        assert any(Rule.OUTSIDE in found for found in rules)
        assert any(len(chart.segments) == 2 for chart in charts)
        assert any(found == {Variation.COMMON} for found in signals)

    def test_the_headlines_meet_every_assurance_case(self, viewer):
        cases = {chart.assurance for chart in headline_charts(viewer).values()}
        assert {Assurance.PASSING, Assurance.HIT_AND_MISS, Assurance.FAILING} <= cases

    def test_a_recalculated_chart_gives_the_reason_its_new_segment_starts(self, viewer):
        recalculation = Recalculation.objects.get()
        assert recalculation.area is None
        essex = Area.objects.get(slug="essex")
        process = process_of(viewer, newest_published(), recalculation.metric, essex)
        (_, before), (segment, reason) = process.segment_rows
        assert before == ""
        # The new level runs for the last 15 months, December 2016 to February 2018: by
        # November 2017, where this edition's figures end, 12 of them.
        assert recalculation.date == date(2016, 12, 1)
        assert (segment.start, segment.end, segment.count) == (
            date(2016, 12, 31),
            date(2017, 11, 30),
            12,
        )
        assert reason == RECALCULATION_REASON

    def test_the_peer_group_holds_eight_forces_each_with_its_populations(self):
        group, members = peer_group()
        forces = [group.home_force, *(member.area for member in members)]
        assert len(forces) == 8
        assert group.home_force.slug == "essex"
        assert {force.kind for force in forces} == {Area.Kind.FORCE}
        populations = populations_of([force.pk for force in forces], 2018)
        assert all([y for y, _ in populations[f.pk]] == [2018, 2017, 2016, 2015] for f in forces)
        assert populations[group.home_force.pk][2] == (2016, round(1_795_000 / 1.007))

    def test_the_home_force_ranks_in_the_bottom_half_for_a_count_of_events(self, viewer):
        metric = Metric.objects.get(slug="fraud-repeat-victims")
        comparison = compare_with_peers(viewer, metric, newest_published())
        assert comparison.per_thousand
        assert len(comparison.ranked) == 8
        assert comparison.home.rank > 4

    def test_another_scale_is_refused_in_the_same_database(self):
        before = counts()
        with pytest.raises(CommandError, match="holds the scale 1 data"):
            run_generatedata("--scale", "2")
        assert counts() == before


def test_it_asks_before_a_scale_above_10_and_stops_unless_told_yes(monkeypatch):
    questions = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "no")
    out, _ = run_generatedata("--scale", "11")
    assert "rows to the database" in questions[0]
    assert out.strip() == "Cancelled: nothing was generated."
    assert not ReportingPeriod.objects.filter(title__startswith="Synthetic").exists()


def test_no_input_goes_ahead_without_asking(monkeypatch):
    scales = []

    def generate(sizes, progress):
        scales.append(sizes.scale)
        return Outcome(Tally(), Checker(1))

    monkeypatch.setattr("builtins.input", pytest.fail)
    monkeypatch.setattr(generatedata, "generate", generate)
    out, _ = run_generatedata("--scale", "11", "--no-input")
    assert scales == [11]
    assert out.startswith("Generated scale 11 in ")


def test_a_scale_below_1_is_refused():
    with pytest.raises(CommandError, match="not a whole number from 1"):
        run_generatedata("--scale", "0")
