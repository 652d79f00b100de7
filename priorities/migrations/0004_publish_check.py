"""Publishing with a check: editors send a draft for review (their own permission,
submit_period, which approvers hold too), and an approver who publishes while items are
still missing gives the reason, kept on the period."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

SENDERS = ["Editors", "Approvers"]


def submit_permission(apps):
    # Permissions are made after the migrations run; the groups need this one now.
    app_config = apps.get_app_config("priorities")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="priorities", codename="submit_period")


def grant(apps, schema_editor):
    permission = submit_permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=SENDERS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    permission = submit_permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=SENDERS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0003_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="reportingperiod",
            options={
                "ordering": ["-financial_year", "-quarter"],
                "permissions": [
                    ("view_published", "Can browse the pages and API of published periods"),
                    ("view_draft_period", "Can see periods before they are published"),
                    ("submit_period", "Can send a draft period for review"),
                    ("review_period", "Can return a period in review to draft"),
                    ("publish_period", "Can publish a period that is in review"),
                ],
            },
        ),
        migrations.AddField(
            model_name="reportingperiod",
            name="publish_reason",
            field=models.TextField(
                blank=True,
                verbose_name="reason to publish with items missing",
                help_text="Why it was published while items were still missing, as the "
                "approver gave it.",
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
