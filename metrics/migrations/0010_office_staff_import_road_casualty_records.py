"""Office staff (Editors and Approvers, see priorities.roles) import the road casualty records
from the admin (Data imports, "Import a file"): they may add and change the records, and
see the sources and the imports made."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ("Editors", "Approvers")
CODENAMES = [
    *(f"{action}_{model}" for model in ("collision", "casualty", "vehicle")
      for action in ("add", "change", "view")),
    "view_datasource",
    "view_dataimport",
]


def permissions(apps):
    # Permissions are made after the migrations run; the groups need them now.
    app_config = apps.get_app_config("metrics")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="metrics", codename__in=CODENAMES)


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
        ("metrics", "0009_policeuk_sources"),
        ("priorities", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
