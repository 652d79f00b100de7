from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from rest_framework.pagination import PageNumberPagination

# The name the count of every row takes on each row of a page.
COUNT_NAME = "rows_in_all"
# A database integer holds no more: a page further on is past the end of any list.
LARGEST_OFFSET = 2**63 - 1


class CountSubquery(models.Subquery):
    """The number of rows a queryset selects, as a value within another query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = models.BigIntegerField()

    def __init__(self, queryset):
        super().__init__(queryset.order_by().values("pk"))


class CountingPaginator(Paginator):
    """Reads a page's rows and the count of all rows in one query rather than two: the
    database works the count out once and hands it over with each row. Only a page that
    comes back empty (past the end, or of no rows) needs the count asked for alone."""

    def page(self, number):
        rows = None
        index = whole_number(number)
        bottom = (index - 1) * self.per_page if index else None
        if "count" not in self.__dict__ and bottom is not None and bottom < LARGEST_OFFSET:
            counted = self.object_list.annotate(**{COUNT_NAME: CountSubquery(self.object_list)})
            rows = list(counted[bottom : bottom + self.per_page])
            if rows:
                self.count = getattr(rows[0], COUNT_NAME)
        number = self.validate_number(number)
        if rows is None:
            return super().page(number)
        return self._get_page(rows, number, self)


def whole_number(value):
    """The page number asked for, or None where it is none (Paginator then says so)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None


class PagePagination(PageNumberPagination):
    """Pages of `page_size` rows (default and maximum from settings); larger asks are capped."""

    django_paginator_class = CountingPaginator
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
