"""The audit trail no longer records an API token's prefix and key hash (see
ApiToken.unrecorded_fields): this takes them out of the records made before, from the
values before and after and from the token's name as it was written ("name (prefix…,
read)")."""

from django.db import migrations

SECRETS = ("prefix", "key_hash")


def without_secrets(values):
    if values is None:
        return None
    return {name: value for name, value in values.items() if name not in SECRETS}


def forget_token_secrets(apps, schema_editor):
    ObjectChange = apps.get_model("audit", "ObjectChange")
    changes = ObjectChange.objects.filter(
        content_type__app_label="api", content_type__model="apitoken"
    )
    for change in changes.iterator():
        prefix = (change.after or change.before or {}).get("prefix")
        if prefix:
            change.object_repr = change.object_repr.replace(f"{prefix}\u2026, ", "")
        change.before = without_secrets(change.before)
        change.after = without_secrets(change.after)
        change.save(update_fields=["object_repr", "before", "after"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_roles_read_the_audit_trail")]

    # The values taken out are not kept anywhere, so there is nothing to put back.
    operations = [migrations.RunPython(forget_token_secrets, migrations.RunPython.noop)]
