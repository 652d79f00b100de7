"""The roles as groups: see priorities.roles. The table is this migration's own, frozen as
it ran: a later change of a role is a later migration."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Rows entered each quarter: editors may also delete them while their period is a draft.
QUARTERLY = {
    "priorities": ["assessment", "update", "footnote"],
    "metrics": ["observation", "target", "ksitotal", "ksiroute", "ksivulnerablegroup",
                "ksipeaktime"],
    "inspections": ["finding"],
}
# The plan's structure: retired or replaced rather than deleted, so history is kept.
STRUCTURE = {
    "priorities": ["plan", "priority", "commitment", "reportingperiod"],
    "metrics": ["area", "metric"],
    "inspections": ["inspection"],
}


def codenames(models, actions):
    return [
        (app, f"{action}_{model}")
        for app, names in models.items()
        for model in names
        for action in actions
    ]


EDITORS = [
    *codenames(STRUCTURE, ["add", "change", "view"]),
    *codenames(QUARTERLY, ["add", "change", "view", "delete"]),
    ("priorities", "view_amendment"),
    ("priorities", "view_draft_period"),
    ("priorities", "view_published"),
]
ROLES = {
    "Editors": EDITORS,
    "Approvers": [
        *EDITORS,
        ("priorities", "review_period"),
        ("priorities", "publish_period"),
        ("priorities", "add_amendment"),
    ],
    "Viewers": [("priorities", "view_published")],
    "Administrators": [
        *codenames({"auth": ["user", "group"], "api": ["apitoken"]},
                   ["add", "change", "view", "delete"]),
        ("auth", "view_permission"),
        ("priorities", "view_published"),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are made after the migrations run; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app, codename in wanted:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0002_workflow"),
        ("metrics", "0002_owner_and_version"),
        ("inspections", "0001_initial"),
        ("api", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
