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
from essexperf.site.synthetic.rows import Checker
from inspections.models import Finding, Inspection
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
}  # fmt: skip


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
        assert "263 observations" not in out  # the demo's 63 are loaded, not generated
        assert "200 observations" in out
        assert len(out.strip().splitlines()) == 1

    def test_it_draws_a_progress_bar_on_stderr(self, scale_1):
        _, err = scale_1
        assert "[##############################] 100% done" in err
        assert "% observations" in err

    def test_a_year_of_quarterly_editions_holds_the_demo_edition_and_ends_in_a_draft(self):
        periods = list(ReportingPeriod.objects.order_by("financial_year", "quarter"))
        assert [p.code for p in periods] == ["2017-18-Q1", "2017-18-Q2", "2017-18-Q3", "2017-18-Q4"]
        assert [p.status for p in periods] == ["published"] * 3 + ["draft"]
        assert periods[3].data_to == date(2018, 2, 28)
        assert periods[1].title.startswith("Performance report to the Police and Crime")

    def test_it_creates_the_counts_the_scale_sets(self):
        assert Plan.objects.count() == 1
        assert Area.objects.count() == 8
        assert Metric.objects.count() == 51 + 2
        # Two metrics in eight areas for eleven months, and one of them, a total, for the
        # three months to each of three data-to dates.
        assert Observation.objects.filter(source=SOURCE).count() == 2 * 8 * 11 + 8 * 3
        assert Target.objects.filter(note="Set with the plan.").count() == 2
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
