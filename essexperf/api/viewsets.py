from django.utils.text import slugify
from rest_framework import filters, viewsets

from essexperf.api.filters import FilterSetBackend
from essexperf.api.schema import ApiAutoSchema
from essexperf.exports import Sheet, streaming_download

EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_CHUNK_ROWS = 2000


class ExportMixin:
    """Answers a list asked for as CSV or Excel with a streamed download of every row
    the filters select (no pagination), read in chunks so memory stays bounded."""

    export_columns = ()

    @staticmethod
    def export_rows(queryset):
        """The rows a download reads: the list's, with whatever else its columns need."""
        return queryset

    @property
    def exporting(self):
        """Whether this request is for a download of the list, rather than a page of it."""
        renderer = getattr(self.request, "accepted_renderer", None)
        return self.action == "list" and getattr(renderer, "format", None) in EXPORT_FORMATS

    def list(self, request, *args, **kwargs):
        if self.exporting:
            return self.export(request.accepted_renderer.format)
        return super().list(request, *args, **kwargs)

    def export(self, fmt):
        queryset = self.export_rows(self.filter_queryset(self.get_queryset()))
        rows = queryset.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        sheet = Sheet(self.get_view_name(), self.export_columns, rows)
        filename = slugify(queryset.model._meta.verbose_name_plural)
        return streaming_download(fmt, [sheet], filename)


class VisibleQuerysetMixin:
    """Narrows every request's rows to what the reader may see (priorities.visibility)."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ReadOnlyViewSet(VisibleQuerysetMixin, ExportMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only resource: list (JSON, CSV, Excel) and detail."""

    schema = ApiAutoSchema()
    filter_backends = [FilterSetBackend, filters.OrderingFilter]
