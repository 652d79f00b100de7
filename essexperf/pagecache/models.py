import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_token():
    return secrets.token_hex(16)


class DataVersion(models.Model):
    """The version of everything the pages show: one row, given a new random token by every
    write that changes what they show (essexperf.pagecache.versions.data_changed)."""

    token = models.CharField(max_length=32, default=new_token)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            # Every write updates the same row, so there is only ever one version to read.
            models.CheckConstraint(condition=Q(pk=1), name="one_data_version"),
        ]

    def __str__(self):
        return f"Data version {self.token} of {self.changed_at:%d %b %Y %H:%M:%S}"
