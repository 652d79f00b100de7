from django_filters.rest_framework import DjangoFilterBackend

# Query parameters of a list that select no rows: its page, their size, order and format.
NOT_FILTERS = frozenset({"page", "page_size", "cursor", "ordering", "format"})


class FilterSetBackend(DjangoFilterBackend):
    """django-filter's backend, skipped for a request that sends no filter: building and
    checking the FilterSet's form costs more than reading a small page, and none of the
    FilterSets narrows anything without a value."""

    def filter_queryset(self, request, queryset, view):
        if NOT_FILTERS.issuperset(request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)
