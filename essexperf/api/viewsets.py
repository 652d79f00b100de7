from django.utils.text import slugify
from rest_framework import viewsets

from essexperf.api.schema import ApiAutoSchema
from essexperf.exports import Sheet, streaming_download

EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_CHUNK_ROWS = 2000


class ExportMixin:
    """Answers a list asked for as CSV or Excel with a streamed download of every row
    the filters select (no pagination), read in chunks so memory stays bounded."""

    export_columns = ()

    def list(self, request, *args, **kwargs):
        fmt = getattr(request.accepted_renderer, "format", None)
        if fmt in EXPORT_FORMATS:
            return self.export(fmt)
        return super().list(request, *args, **kwargs)

    def export(self, fmt):
        queryset = self.filter_queryset(self.get_queryset())
        title = self.get_view_name()
        sheet = Sheet(title, self.export_columns, queryset.iterator(chunk_size=EXPORT_CHUNK_ROWS))
        filename = slugify(queryset.model._meta.verbose_name_plural)
        return streaming_download(fmt, [sheet], filename)


class VisibleQuerysetMixin:
    """Narrows every request's rows to what the reader may see (priorities.visibility)."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ReadOnlyViewSet(VisibleQuerysetMixin, ExportMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only resource: list (JSON, CSV, Excel) and detail."""

    schema = ApiAutoSchema()
