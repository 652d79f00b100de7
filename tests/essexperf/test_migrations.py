"""The project's migrations build its schema from nothing, and undo it."""

import pytest
from django.core.management import call_command
from django.db import connection

# Dependants first, so that each is undone before what it depends on.
PROJECT_APPS = ["audit", "metrics", "inspections", "api", "priorities"]


def project_tables():
    prefixes = tuple(f"{app}_" for app in PROJECT_APPS)
    return {table for table in connection.introspection.table_names() if table.startswith(prefixes)}


@pytest.mark.django_db(transaction=True)
def test_the_project_migrations_go_back_to_nothing_and_forward_again():
    built = project_tables()
    assert built

    for app in PROJECT_APPS:
        call_command("migrate", app, "zero", verbosity=0)
    assert project_tables() == set()

    call_command("migrate", verbosity=0)
    assert project_tables() == built


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
