"""The data version: read once by each page that caches, renewed by every write of what pages
show, in the transaction of that write.

Saves and deletes through the ORM renew it by signals, so no model or view has to remember
to. The writes that send no signals call data_changed: every bulk write of the apps'
rows, through the one function that makes them (priorities.writes), and an archive's
import, which restores the whole database. A
migration may change rows without signals, so every `migrate` renews it as well, which
also keeps a shared cache from serving what an older release of the code computed.
"""

from django.apps import apps
from django.db import connections
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import timezone

from essexperf.pagecache.models import DataVersion, new_token

# The apps whose rows the pages and the report show.
SHOWN_APPS = ("priorities", "metrics", "inspections")


def data_changed(using="default"):
    """Give the data a new version, in the current transaction: the pages' cached data of
    the version before is never read again once this write is committed."""
    fresh = {"token": new_token(), "changed_at": timezone.now()}
    if not DataVersion.objects.using(using).update(**fresh):
        # Only an emptied table (flush) lacks the row; two writers may both put it back.
        DataVersion.objects.using(using).bulk_create(
            [DataVersion(pk=1, **fresh)], ignore_conflicts=True
        )


def data_version():
    """The current version's token: one query. None when the row is missing (a flushed
    database), and then nothing is cached until the next write puts it back."""
    return DataVersion.objects.values_list("token", flat=True).first()


def shown_models():
    for label in SHOWN_APPS:
        yield from apps.get_app_config(label).get_models()


def changed(sender, using, **kwargs):
    data_changed(using)


def migrated(sender, using, **kwargs):
    if DataVersion._meta.db_table in connections[using].introspection.table_names():
        data_changed(using)


def connect_signals(app_config):
    for model in shown_models():
        uid = f"pagecache:{model._meta.label_lower}"
        post_save.connect(changed, sender=model, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, dispatch_uid=uid)
    # Sent for each app after every migrate: this app's once is enough.
    post_migrate.connect(migrated, sender=app_config, dispatch_uid="pagecache:migrate")
