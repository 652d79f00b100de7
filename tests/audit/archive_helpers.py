"""Every row of every archived table, read back for comparison; the tables that the
archive leaves out on purpose; and the database emptied as `flush` does."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from essexperf.audit.archive import LEFT_OUT_COLUMNS, archived_models

# Made by migrate in every database, or kept for the running site only: sessions, the
# version of what pages cache (renewed by an import), and the sign-in lockout's counts of
# failed attempts.
NOT_ARCHIVED = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "django_session",
    "pagecache_dataversion",
}
NOT_ARCHIVED_PREFIXES = ("axes_",)


def every_row():
    """{table: [row, ...]} of every archived table, in primary key order, with content types
    and permissions by natural key (their ids are the database's own)."""
    content_types = {ct.pk: ct.natural_key() for ct in ContentType.objects.all()}
    permissions = {p.pk: p.natural_key() for p in Permission.objects.select_related()}
    natural = {ContentType: content_types, Permission: permissions}
    tables = {}
    for model in archived_models():
        left_out = LEFT_OUT_COLUMNS.get(model._meta.label_lower, set())
        fields = [f for f in model._meta.concrete_fields if f.name not in left_out]
        rows = model._base_manager.order_by("pk").values_list(*[f.attname for f in fields])
        tables[model._meta.db_table] = [
            tuple(
                natural[f.related_model][value] if f.related_model in natural else value
                for f, value in zip(fields, row, strict=True)
            )
            for row in rows
        ]
    return tables


def unarchived_tables():
    """Tables of the database that the archive neither holds nor leaves out on purpose."""
    archived = {model._meta.db_table for model in archived_models()}
    return {
        table
        for table in connection.introspection.table_names()
        if table not in archived | NOT_ARCHIVED and not table.startswith(NOT_ARCHIVED_PREFIXES)
    }


def empty_columns():
    """(table, column) of every archived column that no row fills."""
    empty = set()
    for model in archived_models():
        for field in model._meta.concrete_fields:
            filled = model._base_manager.exclude(**{f"{field.attname}__isnull": True})
            if field.empty_strings_allowed and not field.is_relation:
                filled = filled.exclude(**{field.attname: ""})
            if not filled.exists():
                empty.add((model._meta.db_table, field.attname))
    return empty


def flush_database():
    """Empty every table as `flush` does, inside the test's transaction.

    PostgreSQL refuses to truncate while checks of earlier writes wait for the transaction's
    end, so they are run first.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    call_command("flush", interactive=False, verbosity=0)
