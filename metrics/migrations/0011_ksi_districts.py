"""The districts with the most KSI collisions in a period, computed by ksiroutes with its
route table; and each computed route's vulnerable groups and peak times as computed, so that
computing again keeps an editor's change to them. Office staff (Editors and Approvers, see
priorities.roles) keep the districts as they keep the routes."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ROLES = ("Editors", "Approvers")
ACTIONS = ("add", "change", "view", "delete")


def grant_office_staff(apps, schema_editor):
    # Permissions are made after the migrations run; the groups need them now.
    app_config = apps.get_app_config("metrics")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_ksidistrict" for action in ACTIONS]
    permissions = Permission.objects.filter(
        content_type__app_label="metrics", codename__in=codenames
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0010_office_staff_import_road_casualty_records"),
        ("priorities", "0006_dates_within_range"),
    ]

    operations = [
        migrations.AddField(
            model_name="ksiroute",
            name="computed_details",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="KsiDistrict",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=1, help_text="Counts the saves; a save from an older one fails."
                    ),
                ),
                (
                    "order",
                    models.PositiveSmallIntegerField(
                        help_text="Place in the list, from 1: most first."
                    ),
                ),
                (
                    "district_code",
                    models.CharField(
                        help_text="The ONS code, such as E07000066 (or the DfT's own code).",
                        max_length=12,
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        blank=True,
                        help_text="Blank for a code the site does not know.",
                        max_length=100,
                    ),
                ),
                (
                    "collisions",
                    models.PositiveIntegerField(
                        help_text="KSI collisions from the period's start to its data-to date."
                    ),
                ),
                ("computed_collisions", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "computed_from",
                    models.ForeignKey(
                        blank=True,
                        help_text="The latest import of the records this row was computed from.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="metrics.dataimport",
                    ),
                ),
                (
                    "period",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ksi_districts",
                        to="priorities.reportingperiod",
                    ),
                ),
            ],
            options={
                "verbose_name": "KSI district",
                "ordering": ["-period__financial_year", "-period__quarter", "order"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("period", "order"),
                        name="ksi_district_order_unique_in_period",
                        violation_error_message="Another district of this period has this place.",
                    ),
                    models.UniqueConstraint(
                        fields=("period", "district_code"),
                        name="ksi_district_once_per_period",
                        violation_error_message="This district is already listed for the period.",
                    ),
                ],
            },
        ),
        migrations.RunPython(grant_office_staff, migrations.RunPython.noop),
    ]
