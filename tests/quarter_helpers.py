"""A third quarter written after the demo's second, as the office would write it: statuses
that moved, a figure that got worse, one that got better, a metric where neither direction
is better, a target falling behind, figures not updated, and amendments after publishing."""

import datetime
from decimal import Decimal

from metrics.models import Area, Metric, Observation
from priorities import workflow
from priorities.amendments import amend
from priorities.models import Assessment, Commitment, ReportingPeriod
from tests.factories import ObservationFactory

Status = Assessment.Status
OFF_TRACK_REASON = "Recruitment of Special Constables paused while the training team is short."
CORRECTED_REASON = "Recruitment of Special Constables paused until the new trainers start."
REASON_AMENDMENT = "The reason first given named the wrong team."
HOURS_AMENDMENT = "The force corrected November's hours."
CONCERN_REASON = "101 waiting times rose over the summer."


def write_third_quarter(approver):
    """2017-18-Q3, published, after assessing 2017-18-Q2 (the demo holds no assessments).

    Commitment 1.1 goes from on track to off track; 1.2 from some concerns to on track; 2.1
    stays on track. Special Constables' hours fall to 25,000 against 26,000 a year before
    (amended to 24,900 after publishing); the headcount rises; racial hate crimes rise (a
    metric where neither direction is better); Volunteer Police Cadets fall from 220 to 200
    against a target of 300 by 31 December 2018. Every other figure keeps its Q2 value.
    """
    q3, hours = third_quarter_in_review(approver)
    workflow.publish(
        q3, approver, on=datetime.date(2017, 12, 20), reason="The rest of the quarter follows."
    )
    amend(hours, approver, HOURS_AMENDMENT, value=Decimal(24900))
    specials = Commitment.objects.get(priority__number=1, order=1)
    assessment = Assessment.objects.get(commitment=specials, period=q3)
    amend(assessment, approver, REASON_AMENDMENT, reason=CORRECTED_REASON)
    return q3


def third_quarter_in_review(approver):
    """2017-18-Q3 as write_third_quarter writes it, sent for review but not yet published;
    returns it with its Special Constables' hours figure."""
    q2 = ReportingPeriod.objects.get(code="2017-18-Q2")
    assess_second_quarter(q2)
    q3 = workflow.start_next_quarter(q2, approver)
    specials = Commitment.objects.get(priority__number=1, order=1)
    contact = Commitment.objects.get(priority__number=1, order=2)
    asb = Commitment.objects.get(priority__number=2, order=1)
    Assessment.objects.create(
        commitment=specials, period=q3, status=Status.OFF_TRACK, reason=OFF_TRACK_REASON
    )
    Assessment.objects.create(commitment=contact, period=q3, status=Status.ON_TRACK)
    Assessment.objects.create(commitment=asb, period=q3, status=Status.ON_TRACK)
    hours = add_third_quarter_figures(q3)
    workflow.submit_for_review(q3, approver)
    return q3, hours


def assess_second_quarter(q2):
    """The published Q2's statuses, as if they had been entered before it was published: bulk
    writes, which the freeze of a published period does not see."""
    Assessment.objects.bulk_create(
        [
            Assessment(
                commitment=Commitment.objects.get(priority__number=1, order=1),
                period=q2,
                status=Status.ON_TRACK,
            ),
            Assessment(
                commitment=Commitment.objects.get(priority__number=1, order=2),
                period=q2,
                status=Status.SOME_CONCERNS,
                reason=CONCERN_REASON,
            ),
            Assessment(
                commitment=Commitment.objects.get(priority__number=2, order=1),
                period=q2,
                status=Status.ON_TRACK,
            ),
        ]
    )


def add_third_quarter_figures(q3):
    """Q3's figures; returns the hours figure, to be amended once Q3 is published."""
    essex = Area.objects.get(slug="essex")

    def figure(slug, start, end, value, basis, compared_with=None):
        return ObservationFactory(
            metric=Metric.objects.get(slug=slug),
            area=essex,
            start_date=start,
            end_date=end,
            value=Decimal(value),
            basis=basis,
            reported_in=q3,
            compared_with=compared_with,
        )

    three_months = Observation.Basis.THREE_MONTHS
    at_date = Observation.Basis.POINT_IN_TIME
    rolling = Observation.Basis.ROLLING_12_MONTHS
    day = datetime.date
    year_before = figure(
        "special-constable-hours", day(2016, 9, 1), day(2016, 11, 30), 26000, three_months
    )
    hours = figure(
        "special-constable-hours",
        day(2017, 9, 1),
        day(2017, 11, 30),
        25000,
        three_months,
        year_before,
    )
    headcount_before = figure(
        "special-constable-headcount", day(2016, 11, 30), day(2016, 11, 30), 340, at_date
    )
    figure(
        "special-constable-headcount",
        day(2017, 11, 30),
        day(2017, 11, 30),
        380,
        at_date,
        headcount_before,
    )
    hate_before = figure("racial-hate-crimes", day(2015, 11, 1), day(2016, 10, 31), 1100, rolling)
    figure("racial-hate-crimes", day(2016, 11, 1), day(2017, 10, 31), 1540, rolling, hate_before)
    cadets_before = Observation.objects.get(metric__slug="volunteer-police-cadets")
    figure(
        "volunteer-police-cadets",
        day(2017, 11, 30),
        day(2017, 11, 30),
        200,
        at_date,
        cadets_before,
    )
    return hours
