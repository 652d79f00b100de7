import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from inspections.models import Finding, Inspection
from tests.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def test_the_pcc_response_is_due_56_days_after_publication():
    inspection = InspectionFactory(published_on=datetime.date(2017, 3, 2))
    assert inspection.pcc_response_due == datetime.date(2017, 4, 27)


def test_a_result_without_a_publication_date_has_no_response_due():
    inspection = InspectionFactory(
        pillar=Inspection.Pillar.LEADERSHIP, grade=Inspection.Grade.NARRATIVE, published_on=None
    )
    assert inspection.pcc_response_due is None


@pytest.mark.parametrize(
    ("year", "grade"),
    [(2016, Inspection.Grade.ADEQUATE), (2022, Inspection.Grade.NARRATIVE)],
)
def test_it_refuses_a_grade_that_is_not_on_the_scale_of_its_year(year, grade):
    inspection = InspectionFactory.build(year=year, grade=grade)
    with pytest.raises(ValidationError) as error:
        inspection.full_clean()
    assert "grade" in error.value.message_dict
    with pytest.raises(IntegrityError):
        inspection.save()


@pytest.mark.parametrize(
    ("year", "grade"),
    [
        (2016, Inspection.Grade.NARRATIVE),
        (2019, Inspection.Grade.REQUIRES_IMPROVEMENT),
        (2021, Inspection.Grade.ADEQUATE),
        (2023, Inspection.Grade.INADEQUATE),
    ],
)
def test_it_accepts_every_grade_of_the_scale_of_its_year(year, grade):
    InspectionFactory.build(year=year, grade=grade).full_clean()


def test_a_pillar_has_one_result_a_year():
    InspectionFactory(pillar=Inspection.Pillar.EFFICIENCY, year=2016)
    with pytest.raises(IntegrityError):
        InspectionFactory(pillar=Inspection.Pillar.EFFICIENCY, year=2016)


def test_results_read_newest_year_first_then_by_pillar():
    old = InspectionFactory(pillar=Inspection.Pillar.EFFICIENCY, year=2016)
    new = InspectionFactory(pillar=Inspection.Pillar.LEGITIMACY, year=2017)
    other = InspectionFactory(pillar=Inspection.Pillar.EFFECTIVENESS, year=2016)
    assert list(Inspection.objects.all()) == [new, other, old]
    assert str(old) == "Efficiency 2016"


def test_counts_stand_alone_while_no_findings_are_recorded():
    inspection = InspectionFactory(areas_for_improvement=9)
    assert inspection.count_mismatches(list(inspection.findings.all())) == {}


def test_counts_held_are_compared_with_the_findings_recorded():
    inspection = InspectionFactory(recommendations=0, areas_for_improvement=3)
    FindingFactory.create_batch(2, inspection=inspection)
    FindingFactory(inspection=inspection, kind=Finding.Kind.RECOMMENDATION)
    assert inspection.count_mismatches(list(inspection.findings.all())) == {
        "Recommendation": (0, 1),
        "Area for improvement": (3, 2),
    }


def test_a_closed_finding_needs_its_closing_date():
    finding = FindingFactory.build(inspection=InspectionFactory(), status=Finding.Status.CLOSED)
    with pytest.raises(ValidationError) as error:
        finding.full_clean()
    assert "closed_on" in error.value.message_dict
    with pytest.raises(IntegrityError):
        finding.save()


def test_an_open_finding_has_no_closing_date():
    finding = FindingFactory.build(
        inspection=InspectionFactory(), closed_on=datetime.date(2017, 5, 1)
    )
    with pytest.raises(ValidationError) as error:
        finding.full_clean()
    assert "closed_on" in error.value.message_dict


def test_an_open_finding_past_its_due_date_is_overdue():
    finding = FindingFactory(due_date=datetime.date(2017, 6, 30))
    assert finding.is_overdue(datetime.date(2017, 7, 1))
    assert not finding.is_overdue(datetime.date(2017, 6, 30))


def test_a_closed_finding_is_never_overdue():
    finding = FindingFactory(
        due_date=datetime.date(2017, 6, 30),
        status=Finding.Status.CLOSED,
        closed_on=datetime.date(2017, 6, 1),
    )
    assert not finding.is_overdue(datetime.date(2018, 1, 1))
