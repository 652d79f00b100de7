"""Recalculation points of the process charts (metrics.models.process), which Editors and
Approvers (priorities 0003_roles, see priorities.roles) add, change and delete."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import essexperf.dates

ROLES = ["Editors", "Approvers"]
ACTIONS = ["add", "change", "view", "delete"]


def permissions(apps):
    # Permissions are made after the migrations run; the groups need these now.
    app_config = apps.get_app_config("metrics")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_recalculation" for action in ACTIONS]
    return Permission.objects.filter(content_type__app_label="metrics", codename__in=codenames)


def grant(apps, schema_editor):
    granted = list(permissions(apps))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(*granted)


def revoke(apps, schema_editor):
    revoked = list(permissions(apps))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*revoked)


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0004_dates_within_range"),
        ("priorities", "0003_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="Recalculation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveIntegerField(default=1, help_text="Counts the saves; a save from an older one fails.")),
                ("date", models.DateField(help_text="The first date of the new segment: figures ending on or after it.", validators=[essexperf.dates.validate_within_range])),
                ("reason", models.CharField(help_text="What changed in the process, such as a new way of recording crime.", max_length=500)),
                ("area", models.ForeignKey(blank=True, help_text="Leave blank for every area.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="recalculations", to="metrics.area")),
                ("metric", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="recalculations", to="metrics.metric")),
            ],
            options={"ordering": ["metric__name", "date"]},
        ),
        migrations.AddConstraint(
            model_name="recalculation",
            constraint=models.UniqueConstraint(
                fields=("metric", "area", "date"),
                name="one_recalculation_per_metric_area_and_date",
                violation_error_message="This metric already has a recalculation for this area and date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="recalculation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("area__isnull", True)),
                fields=("metric", "date"),
                name="one_recalculation_per_metric_and_date_for_every_area",
                violation_error_message="This metric already has a recalculation for every area on this date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="recalculation",
            constraint=models.CheckConstraint(
                condition=models.Q(("reason", ""), _negated=True),
                name="recalculation_has_a_reason",
                violation_error_message="Give the reason for the recalculation.",
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
