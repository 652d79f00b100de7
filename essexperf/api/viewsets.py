from django.utils.text import slugify
from rest_framework import filters, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings

from essexperf.api.filters import FilterSetBackend
from essexperf.api.schema import ApiAutoSchema
from essexperf.exports import Sheet, labelled, streaming_download
from essexperf.pagecache.pages import remember

EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_CHUNK_ROWS = 2000


class ExportMixin:
    """Answers a list asked for as CSV or Excel with a streamed download of every row
    the filters select (no pagination), read in chunks so memory stays bounded."""

    export_columns = ()

    @classmethod
    def download_columns(cls):
        """The columns of a download: each of choices holds codes, with labels beside."""
        return labelled(cls.queryset.model, cls.export_columns)

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
        sheet = Sheet(self.get_view_name(), self.download_columns(), rows)
        filename = slugify(queryset.model._meta.verbose_name_plural)
        return streaming_download(fmt, [sheet], filename)


class CachedFirstPageMixin:
    """Keeps the JSON of a list's first page, for each query, under the data version
    (essexperf.pagecache), so that systems polling a list cost one query a request until
    the data changes. The key holds the whole address (its host and scheme are in every
    link) and the reader's audience, which the rows' queryset names (audience_of), the one
    thing that makes two readers' rows differ. Later pages are read through: a system walking every
    page reads each once, and keeping them would only push the rest out of the cache. So
    are requests with parameters the list does not read (parameters_read)."""

    def list(self, request, *args, **kwargs):
        if not self.first_page_in_json(request):
            return super().list(request, *args, **kwargs)
        address = request.build_absolute_uri()
        data = remember(
            f"api:{self.basename}",
            self.get_queryset().audience_of(request.user),
            [address],
            lambda: super(CachedFirstPageMixin, self).list(request, *args, **kwargs).data,
        )
        return Response(data)

    def first_page_in_json(self, request):
        paginator = self.paginator
        later = (
            getattr(paginator, name, None) in request.query_params
            for name in ("page_query_param", "cursor_query_param")
        )
        return (
            request.accepted_renderer.format == "json"
            and not any(later)
            and set(request.query_params) <= self.parameters_read()
        )

    def parameters_read(self):
        """The query parameters the list reads. A request with any other is answered but
        not kept: each made-up parameter would keep another copy of the page for a day."""
        filterset = getattr(self, "filterset_class", None)
        names = set(filterset.base_filters) if filterset else set()
        names.add(getattr(self.paginator, "page_size_query_param", None))
        names.add(api_settings.URL_FORMAT_OVERRIDE)
        names.update(getattr(backend, "ordering_param", None) for backend in self.filter_backends)
        return names - {None}


class VisibleQuerysetMixin:
    """Narrows every request's rows to what the reader may see: the queryset's visible_to,
    which the apps define (priorities.visibility)."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ReadOnlyViewSet(
    VisibleQuerysetMixin, ExportMixin, CachedFirstPageMixin, viewsets.ReadOnlyModelViewSet
):
    """A read-only resource: list (JSON, CSV, Excel) and detail."""

    schema = ApiAutoSchema()
    filter_backends = [FilterSetBackend, filters.OrderingFilter]
