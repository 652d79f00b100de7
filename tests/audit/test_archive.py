"""exportall and importall: everything out and back in, with nothing lost or changed."""

import pytest
from django.core.management import call_command

from priorities.models import Plan
from tests.audit.archive_helpers import empty_columns, every_row, flush_database, unarchived_tables
from tests.audit.full_data import fill_every_field

pytestmark = pytest.mark.django_db


def round_trip(path):
    """Export, empty the database as `flush` does, import; return the rows before and after."""
    before = every_row()
    call_command("exportall", str(path), verbosity=0)
    flush_database()
    assert every_row() != before
    call_command("importall", str(path), interactive=False, verbosity=0)
    return before, every_row()


def test_the_demo_data_comes_back_exactly_as_it_was(tmp_path, editor, demo):
    before, after = round_trip(tmp_path / "archive.jsonl")

    assert after == before
    assert len(before["audit_objectchange"]) > 200


def test_every_field_of_every_model_comes_back_exactly_as_it_was(tmp_path, django_user_model):
    fill_every_field(django_user_model)
    assert empty_columns() == set()

    before, after = round_trip(tmp_path / "archive.jsonl.gz")

    assert after == before


def test_the_archive_holds_every_table_but_those_made_by_migrate_or_kept_for_sign_in():
    assert unarchived_tables() == set()


def test_users_come_back_without_a_password_that_signs_in(tmp_path, django_user_model):
    django_user_model.objects.create_user(username="edith", password="a-long-password-1")
    archive = tmp_path / "archive.jsonl"
    call_command("exportall", str(archive), verbosity=0)

    assert "a-long-password-1" not in archive.read_text()
    assert "pbkdf2" not in archive.read_text()
    assert "md5$" not in archive.read_text()
    call_command("importall", str(archive), interactive=False, verbosity=0)
    edith = django_user_model.objects.get(username="edith")
    assert not edith.has_usable_password()
    assert not edith.check_password("a-long-password-1")


def test_rows_added_after_an_import_take_new_ids(tmp_path, demo):
    archive = tmp_path / "archive.jsonl"
    call_command("exportall", str(archive), verbosity=0)
    flush_database()
    call_command("importall", str(archive), interactive=False, verbosity=0)

    highest = Plan.objects.order_by("-pk").first().pk
    assert (
        Plan.objects.create(
            title="Next plan", organisation="PFCC", start_date="2021-04-01", end_date="2024-03-31"
        ).pk
        > highest
    )
