"""Residents of each area by year (for rates per 1,000 residents) and peer groups: the
forces most like the home force, whose figures its own are compared with. Office staff
(Editors and Approvers, see priorities.roles) enter both."""

import django.core.validators
import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ROLES = ("Editors", "Approvers")
MODELS = ("areapopulation", "peergroup", "peergroupmember")
ACTIONS = ("add", "change", "view", "delete")

VERSION = models.PositiveIntegerField(
    default=1, help_text="Counts the saves; a save from an older one fails."
)


def key():
    return models.BigAutoField(
        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
    )


def a_force(related_name):
    return models.ForeignKey(
        limit_choices_to={"kind": "force"},
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="metrics.area",
    )


def grant_office_staff(apps, schema_editor):
    # Permissions are made after the migrations run; the groups need them now.
    app_config = apps.get_app_config("metrics")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    permissions = Permission.objects.filter(
        content_type__app_label="metrics", codename__in=codenames
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0006_observation_denominator"),
        ("priorities", "0003_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="PeerGroup",
            fields=[
                ("id", key()),
                ("version", VERSION.clone()),
                ("name", models.CharField(max_length=200, unique=True)),
                ("home_force", a_force("home_of_peer_groups")),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="AreaPopulation",
            fields=[
                ("id", key()),
                ("version", VERSION.clone()),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        help_text="The year of the mid-year (30 June) estimate.",
                        validators=[
                            django.core.validators.MinValueValidator(1990),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                    ),
                ),
                (
                    "population",
                    models.PositiveIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(2000000000),
                        ]
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        help_text="Such as ONS mid-year estimates, June 2018.",
                        max_length=200,
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="populations",
                        to="metrics.area",
                    ),
                ),
            ],
            options={
                "ordering": ["area__name", "-year"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("area", "year"),
                        name="one_population_per_area_and_year",
                        violation_error_message="This area already has a population for this year.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("year__gte", 1990), ("year__lte", 2100)),
                        name="population_year_in_range",
                        violation_error_message="Give a year from 1990 to 2100.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("population__gte", 1), ("population__lte", 2000000000)),
                        name="population_positive",
                        violation_error_message="A population is a whole number of people above 0.",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PeerGroupMember",
            fields=[
                ("id", key()),
                ("version", VERSION.clone()),
                (
                    "order",
                    models.PositiveSmallIntegerField(
                        default=1, help_text="Where the group lists this force, from 1 to 7."
                    ),
                ),
                ("area", a_force("peer_memberships")),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="members",
                        to="metrics.peergroup",
                    ),
                ),
            ],
            options={
                "ordering": ["group__name", "order", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("group", "area"),
                        name="one_membership_per_group_and_area",
                        violation_error_message="This force is already a peer in this group.",
                    ),
                    models.UniqueConstraint(
                        fields=("group", "order"),
                        name="one_peer_per_place_in_group",
                        violation_error_message="Another peer of this group has this place.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("order__gte", 1), ("order__lte", 7)),
                        name="peer_place_within_seven",
                        violation_error_message="A group holds at most 7 peers: give a place from 1 to 7.",
                    ),
                ],
            },
        ),
        migrations.RunPython(grant_office_staff, migrations.RunPython.noop),
    ]
