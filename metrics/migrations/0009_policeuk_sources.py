"""police.uk's figures traced to their import: an observation names the import that wrote
it, an import keeps the published figures it would have changed, and the LSOA lookup
places police.uk's crimes in areas. Office staff (Editors and Approvers, see
priorities.roles) keep the lookup."""

import django.core.validators
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
    codenames = [f"{action}_lsoaarea" for action in ACTIONS]
    permissions = Permission.objects.filter(
        content_type__app_label="metrics", codename__in=codenames
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0008_sources_stats19_and_computed_ksi"),
        ("priorities", "0003_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="dataimport",
            name="withheld",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Figures of published periods the file would change, left as they "
                "were for an approver to amend: each figure, its value and the file's.",
            ),
        ),
        migrations.AddField(
            model_name="observation",
            name="data_import",
            field=models.ForeignKey(
                blank=True,
                help_text="The import of a published data set that wrote this figure.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="observations",
                to="metrics.dataimport",
            ),
        ),
        migrations.CreateModel(
            name="LsoaArea",
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
                    "lsoa_code",
                    models.CharField(
                        max_length=9,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[EW]01[0-9]{6}$",
                                "An LSOA code is E01 or W01 and six digits: E01021234.",
                            )
                        ],
                        verbose_name="LSOA code",
                    ),
                ),
                (
                    "lsoa_name",
                    models.CharField(blank=True, max_length=100, verbose_name="LSOA name"),
                ),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lsoas",
                        to="metrics.area",
                    ),
                ),
            ],
            options={"verbose_name": "LSOA area", "ordering": ["lsoa_code"]},
        ),
        migrations.RunPython(grant_office_staff, migrations.RunPython.noop),
    ]
