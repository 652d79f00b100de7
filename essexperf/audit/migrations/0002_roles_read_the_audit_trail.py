"""Approvers and Administrators read the audit trail in the admin: their groups (made by
priorities 0003_roles, see priorities.roles) gain its view permission."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READERS = ["Approvers", "Administrators"]


def view_permission(apps):
    # Permissions are made after the migrations run; the groups need this one now.
    app_config = apps.get_app_config("audit")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="audit", codename="view_objectchange")


def grant(apps, schema_editor):
    permission = view_permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=READERS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    permission = view_permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=READERS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("priorities", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
