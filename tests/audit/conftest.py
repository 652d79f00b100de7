import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection


@pytest.fixture(autouse=True)
def content_types_cached_afresh():
    """Tests here flush the database inside their transaction, and migrate's post-flush
    signal makes content types again, with other ids, into the cache; the rollback brings
    the old rows back but not the cache, which later tests would then read."""
    yield
    ContentType.objects.clear_cache()


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
