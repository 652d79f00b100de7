"""The data version that the pages' cache keys hold: every write of what pages show renews
it, in that write's transaction, and the cache follows it."""

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import transaction

from essexperf.api.models import ApiToken
from essexperf.pagecache.models import DataVersion
from essexperf.pagecache.pages import page_key, remember
from essexperf.pagecache.versions import data_changed, data_version
from metrics.feeds import write_observations
from priorities.visibility import audience
from tests.factories import (
    AreaFactory,
    FindingFactory,
    MetricFactory,
    ObservationFactory,
    PlanFactory,
    TargetFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory", [PlanFactory, UpdateFactory, ObservationFactory, TargetFactory, FindingFactory]
)
def test_saving_or_deleting_a_row_the_pages_show_gives_a_new_version(factory):
    row = factory()
    created = data_version()

    row.save()
    saved = data_version()
    row.delete()

    assert len({created, saved, data_version()}) == 3


def test_rows_the_pages_do_not_show_keep_the_version():
    before = data_version()

    ApiToken.issue("A feed")

    assert data_version() == before


def test_a_feed_batch_written_in_bulk_gives_a_new_version():
    MetricFactory(slug="hours")
    AreaFactory(slug="essex")
    before = data_version()

    write_observations(
        [
            {
                "metric": "hours",
                "area": "essex",
                "start_date": "2017-06-01",
                "end_date": "2017-08-31",
                "value": "10",
                "basis": "three_months",
            }
        ]
    )

    assert data_version() != before


def write_a_plan_then_fail():
    with transaction.atomic():
        PlanFactory()
        raise RuntimeError("disk full")


def test_a_write_rolled_back_leaves_the_version_as_it_was():
    before = data_version()

    with pytest.raises(RuntimeError):
        write_a_plan_then_fail()

    assert data_version() == before


def test_importing_an_archive_gives_a_new_version(tmp_path):
    PlanFactory()
    path = tmp_path / "archive.jsonl"
    call_command("exportall", str(path), verbosity=0)
    before = data_version()

    call_command("importall", str(path), interactive=False, verbosity=0)

    assert data_version() != before


def test_every_migrate_gives_a_new_version():
    before = data_version()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert data_version() != before


def test_an_emptied_table_caches_nothing_until_the_next_write_puts_the_row_back(viewer):
    DataVersion.objects.all().delete()
    computed = []

    def compute():
        computed.append(1)
        return "page"

    remember("test", audience(viewer), [], compute)
    remember("test", audience(viewer), [], compute)
    data_changed()
    remember("test", audience(viewer), [], compute)
    remember("test", audience(viewer), [], compute)

    assert len(computed) == 3
    assert DataVersion.objects.count() == 1


def test_a_key_holds_the_version_and_whether_the_reader_sees_drafts(viewer, editor):
    keys = {
        page_key("v1", "overview", audience(viewer), ["2017-18-Q2"]),
        page_key("v2", "overview", audience(viewer), ["2017-18-Q2"]),
        page_key("v1", "overview", audience(editor), ["2017-18-Q2"]),
        page_key("v1", "overview", audience(viewer), ["2017-18-Q3"]),
    }

    assert len(keys) == 4


def test_a_key_stays_short_whatever_the_page_depends_on(viewer):
    key = page_key("v1", "metric", audience(viewer), ["2017-18-Q2", "a" * 1000])

    assert len(key) < 120
