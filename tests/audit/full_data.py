"""One row or more of every archived model, with every field filled, for the archive's
round trip: a field the archive dropped would show as a difference."""

import datetime
import uuid
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from essexperf.api.models import ApiToken
from essexperf.audit.models import ObjectChange
from inspections.models import Finding
from metrics.models import (
    Area,
    AreaPopulation,
    Casualty,
    Collision,
    DataImport,
    DataSource,
    KsiDistrict,
    LsoaArea,
    Metric,
    PeerGroup,
    PeerGroupMember,
    Recalculation,
    Vehicle,
)
from priorities.models import Amendment, ReportingPeriod
from tests.factories import (
    AssessmentFactory,
    CommitmentFactory,
    FindingFactory,
    FootnoteFactory,
    KsiPeakTimeFactory,
    KsiTotalFactory,
    KsiVulnerableGroupFactory,
    MetricFactory,
    ObservationFactory,
    ReportingPeriodFactory,
    TargetFactory,
    UpdateFactory,
)

DAY = datetime.date(2017, 9, 1)
MOMENT = timezone.make_aware(datetime.datetime(2017, 9, 1, 10, 30, 15, 123456))


def fill_every_field(django_user_model):
    user = people(django_user_model)
    tokens()
    period = ReportingPeriodFactory(protective_marking="OFFICIAL")
    commitment = plan_with_a_reworded_commitment()
    progress(commitment, period)
    inspections()
    figures(commitment, period, road_casualties(user))
    histories(user, period)
    # Published last: a published period's rows cannot be added through their models.
    ReportingPeriod.objects.filter(pk=period.pk).update(
        status="published", published_on=DAY, publish_reason="Published with one figure late."
    )


def people(django_user_model):
    user = django_user_model.objects.create_user(
        username="edith",
        password="a-password-not-exported",
        first_name="Edith",
        last_name="Evans",
        email="edith@example.org",
        is_staff=True,
        is_superuser=True,
        last_login=MOMENT,
    )
    group = Group.objects.create(name="Auditors")
    group.permissions.add(Permission.objects.get(codename="view_objectchange"))
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="view_plan"))
    return user


def tokens():
    token, _ = ApiToken.issue("Force data warehouse", can_write=True)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=MOMENT, revoked_at=MOMENT)


def plan_with_a_reworded_commitment():
    first = CommitmentFactory(lead="Chief Inspector", lead_email="lead@example.org", retired_on=DAY)
    first.priority.description = "Policing that people see."
    first.priority.save()
    return CommitmentFactory(
        priority=first.priority,
        order=first.order,
        introduced_on=DAY - datetime.timedelta(days=90),
        replaces=first,
        lead="Chief Inspector",
        lead_email="lead@example.org",
    )


def progress(commitment, period):
    AssessmentFactory(commitment=commitment, period=period, status="off_track", reason="Late.")
    update = UpdateFactory(
        commitment=commitment, period=period, section="LPA North", style="paragraph", text="x[^1]"
    )
    FootnoteFactory(update=update)


def inspections():
    FindingFactory(
        inspection__comment="Graded good.",
        inspection__next_inspection_due=DAY,
        owner="Deputy Chief Constable",
        due_date=DAY,
        status=Finding.Status.CLOSED,
        closed_on=DAY,
        evidence="Audit report.",
    )


def road_casualties(user):
    """An import of road casualty records, and a collision with a casualty and vehicle."""
    source = DataSource.objects.create(kind="road_casualties", name="STATS19")
    record = DataImport.objects.create(
        source=source,
        user=user,
        run_by=user.username,
        started_at=MOMENT,
        finished_at=MOMENT,
        file_name="collisions.csv",
        file_size=1024,
        sha256="0" * 64,
        first_date=DAY,
        last_date=DAY,
        rows_read=5,
        rows_written=3,
        rows_unchanged=1,
        rows_skipped=1,
        rows_rejected=1,
        rejections=[{"row": 4, "why": "date: missing"}],
        withheld=[{"figure": "Burglary: 2 (Essex, Aug 2017)", "held": "2", "file": 1}],
        state="failed",
        error="Stopped.",
    )
    collision = Collision.objects.create(
        collision_index="2017420000001",
        year=2017,
        date=DAY,
        time=datetime.time(8, 30),
        day_of_week=6,
        police_force=42,
        district_code="E07000066",
        district_name="Basildon",
        first_road_class="A",
        first_road_number=127,
        second_road_class="B",
        second_road_number=1007,
        severity="serious",
        adjusted_serious=0.9,
        data_import=record,
    )
    Casualty.objects.create(
        collision=collision,
        vehicle_reference=1,
        casualty_reference=1,
        casualty_class="driver",
        severity="serious",
        adjusted_serious=0.9,
        age=70,
        casualty_type=9,
        data_import=record,
    )
    Vehicle.objects.create(
        collision=collision, vehicle_reference=1, vehicle_type=9, data_import=record
    )
    return record


def figures(commitment, period, record):
    force = Area.objects.create(name="Essex", slug="essex", kind="force")
    district = Area.objects.create(name="Basildon", slug="basildon", kind="district", parent=force)
    metric = MetricFactory(
        description="Hours served.",
        priority=commitment.priority,
        commitment=commitment,
        owner="Special Constabulary",
        owner_email="specials@example.org",
        minimum=Decimal("-1.5"),
        maximum=Decimal("99999.1234"),
    )
    earlier = ObservationFactory(
        metric=metric, area=district, start_date=DAY, end_date=DAY, value=Decimal("0.0001")
    )
    ObservationFactory(
        metric=metric,
        area=district,
        compared_with=earlier,
        reported_in=period,
        source="Essex Police",
        data_to=DAY,
        caveat="Provisional.",
    )
    # A percentage gives the count it is of.
    answered = MetricFactory(unit=Metric.Unit.PERCENT, measure=Metric.Measure.AVERAGE)
    ObservationFactory(
        metric=answered, area=force, value=Decimal("82.5"), denominator=1200, data_import=record
    )
    LsoaArea.objects.create(lsoa_code="E01021234", lsoa_name="Basildon 001A", area=district)
    TargetFactory(metric=metric, area=force, note="By 2020.")
    Recalculation.objects.create(
        metric=metric, area=district, date=DAY, reason="A new crime recording system."
    )
    KsiTotalFactory(
        period=period,
        area=force,
        note="Provisional.",
        computed_from=record,
        ksi_basis="raw",
        computed_casualties=403,
        computed_casualties_year_before=450,
    )
    group = KsiVulnerableGroupFactory(
        route__period=period,
        route__computed_from=record,
        route__computed_collisions=5,
        route__computed_increase=Decimal("114.0"),
        route__computed_details={"groups": [["pedestrian", "12.5"]], "peak_times": []},
        percent=Decimal("12.5"),
    )
    KsiDistrict.objects.create(
        period=period,
        order=1,
        district_code="E07000066",
        name="Basildon",
        collisions=7,
        computed_collisions=6,
        computed_from=record,
    )
    KsiPeakTimeFactory(route=group.route)
    peers(force)


def peers(force):
    AreaPopulation.objects.create(area=force, year=2017, population=1_795_000, source="ONS")
    kent = Area.objects.create(name="Kent", slug="kent", kind="force")
    group = PeerGroup.objects.create(name="Most similar group", home_force=force)
    PeerGroupMember.objects.create(group=group, area=kent, order=2)


def histories(user, period):
    plan_type = ContentType.objects.get(app_label="priorities", model="plan")
    ObjectChange.objects.create(
        time=MOMENT,
        user=user,
        user_name=user.username,
        request_id=uuid.uuid4(),
        action=ObjectChange.Action.UPDATE,
        content_type=plan_type,
        object_id=1,
        object_repr="Police and Crime Plan",
        before={"title": "Old", "end_date": "2020-03-31"},
        after={"title": "New", "end_date": "2020-03-31"},
    )
    LogEntry.objects.create(
        user=user,
        content_type=plan_type,
        object_id="1",
        object_repr="Police and Crime Plan",
        action_flag=CHANGE,
        change_message="Changed title.",
    )
    Amendment.objects.create(
        content_type=plan_type,
        object_id=1,
        period=period,
        amended_by=user,
        amended_at=MOMENT,
        reason="A typing error.",
        before={"value": "1.5"},
        after={"value": "2.5"},
    )
