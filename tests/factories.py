"""Factories for tests: each builds a valid object with the fewest choices made."""

import datetime
from decimal import Decimal

import factory

from inspections.models import Finding, Inspection
from metrics.models import (
    Area,
    KsiPeakTime,
    KsiRoute,
    KsiTotal,
    KsiVulnerableGroup,
    Metric,
    Observation,
    Recalculation,
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


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Police and Crime Plan {2016 + n}-{2020 + n}")
    organisation = "Police and Crime Commissioner for Essex"
    start_date = datetime.date(2016, 4, 1)
    end_date = datetime.date(2020, 3, 31)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority title {n}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    priority = factory.SubFactory(PriorityFactory)
    lead_in = "Working with partners we will:"
    text = factory.Sequence(lambda n: f"Deliver commitment {n}.")
    order = factory.Sequence(lambda n: n + 1)


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("financial_year", "quarter")

    financial_year = 2017
    quarter = 2
    data_to = datetime.date(2017, 8, 31)
    title = "Performance report to the PCC, September 2017"

    class Params:
        # ReportingPeriodFactory(published=True): a published period, which needs the date
        # it was published on (30 September 2017 unless given).
        published = factory.Trait(
            status=ReportingPeriod.Status.PUBLISHED, published_on=datetime.date(2017, 9, 30)
        )


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    commitment = factory.SubFactory(CommitmentFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    status = Assessment.Status.ON_TRACK


class UpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Update

    commitment = factory.SubFactory(CommitmentFactory)
    period = factory.SubFactory(ReportingPeriodFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Progress item {n}.")


class FootnoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Footnote

    update = factory.SubFactory(UpdateFactory)
    number = 1
    text = "Referred to as primary call handling."


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    pillar = Inspection.Pillar.EFFECTIVENESS
    year = 2016
    published_on = datetime.date(2017, 3, 2)
    grade = Inspection.Grade.GOOD


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    kind = Finding.Kind.AREA_FOR_IMPROVEMENT
    text = factory.Sequence(lambda n: f"Area for improvement {n}.")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = "Essex"
    slug = "essex"
    kind = Area.Kind.FORCE


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Metric

    name = factory.Sequence(lambda n: f"Metric {n}")
    slug = factory.Sequence(lambda n: f"metric-{n}")
    unit = Metric.Unit.COUNT
    up_is = Metric.UpIs.GOOD
    measure = Metric.Measure.TOTAL


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    metric = factory.SubFactory(MetricFactory)
    area = factory.SubFactory(AreaFactory)
    start_date = datetime.date(2017, 6, 1)
    end_date = datetime.date(2017, 8, 31)
    value = Decimal("100")
    basis = Observation.Basis.THREE_MONTHS


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    metric = factory.SubFactory(MetricFactory)
    area = factory.SubFactory(AreaFactory)
    value = Decimal("300")
    due_date = datetime.date(2018, 12, 31)


class RecalculationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recalculation

    metric = factory.SubFactory(MetricFactory)
    date = datetime.date(2017, 4, 1)
    reason = "A new way of recording crime."


class KsiTotalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KsiTotal

    period = factory.SubFactory(ReportingPeriodFactory)
    area = factory.SubFactory(AreaFactory)
    start_date = datetime.date(2017, 4, 1)
    end_date = datetime.date(2017, 8, 31)
    casualties = 403
    casualties_year_before = 450


class KsiRouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KsiRoute

    period = factory.SubFactory(ReportingPeriodFactory)
    road = factory.Sequence(lambda n: f"B{1400 + n}")
    order = factory.Sequence(lambda n: n + 1)
    collisions_last_3_months = 5
    increase_on_5_year_average = Decimal("114")


class KsiVulnerableGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KsiVulnerableGroup

    route = factory.SubFactory(KsiRouteFactory)
    group = KsiVulnerableGroup.Group.PEDESTRIAN
    percent = Decimal("22")


class KsiPeakTimeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KsiPeakTime

    route = factory.SubFactory(KsiRouteFactory)
    days = KsiPeakTime.Days.WEEKDAYS
    start_time = datetime.time(11, 0)
    end_time = datetime.time(15, 0)
