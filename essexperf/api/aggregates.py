"""A row's related rows gathered into one value of the row (a list, a text), so that a page
or a download of rows is read in one query however many related rows they have."""

from django.db import models


class Gathered(models.Subquery):
    """The `item` of each row of `queryset` gathered into one value, in the order of its
    fields `order`: PostgreSQL is told the order; SQLite, which takes no order within an
    aggregate before 3.44, gathers the rows as the ordered subquery hands them over."""

    postgresql = ""
    sqlite = ""

    def __init__(self, queryset, item, *order):
        super().__init__(queryset.order_by(*order).values(*order, item=item))
        self.order = order

    def as_sql(self, compiler, connection, **extra_context):
        order = ", ".join(connection.ops.quote_name(name) for name in self.order)
        template = self.postgresql.format(order=order)
        return super().as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template=self.sqlite, **extra_context)


class JoinedText(Gathered):
    """The texts joined by spaces; None without rows."""

    output_field = models.TextField()
    postgresql = "(SELECT STRING_AGG(item, ' ' ORDER BY {order}) FROM (%(subquery)s) gathered)"
    sqlite = "(SELECT GROUP_CONCAT(item, ' ') FROM (%(subquery)s))"


class JSONList(Gathered):
    """The JSON values (such as JSONObject's) as one JSON list; empty without rows."""

    output_field = models.JSONField()
    postgresql = (
        "(SELECT COALESCE(JSONB_AGG(item ORDER BY {order}), '[]') FROM (%(subquery)s) gathered)"
    )
    sqlite = "(SELECT JSON_GROUP_ARRAY(JSON(item)) FROM (%(subquery)s))"
