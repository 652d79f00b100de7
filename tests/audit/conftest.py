import pytest
from django.contrib.contenttypes.models import ContentType


@pytest.fixture(autouse=True)
def content_types_cached_afresh():
    """Tests here flush the database inside their transaction, and migrate's post-flush
    signal makes content types again, with other ids, into the cache; the rollback brings
    the old rows back but not the cache, which later tests would then read."""
    yield
    ContentType.objects.clear_cache()
