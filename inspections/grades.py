"""The HMICFRS grade table as a report edition prints it: the latest result of each pillar."""

from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When

from inspections.models import Inspection

# The report's row order, which is not alphabetical.
PILLAR_ORDER = Case(
    *(When(pillar=pillar, then=Value(index)) for index, pillar in enumerate(Inspection.Pillar)),
    output_field=IntegerField(),
)


def published_by(period):
    """Results out by the end of `period`, as a filter (all results without a period).

    A result with no publication date (a narrative assessment) counts from its year on.
    """
    if period is None:
        return Q()
    return Q(published_on__lte=period.end_date) | Q(
        published_on__isnull=True, year__lte=period.financial_year
    )


def latest_grades(user, period):
    """Each pillar's latest result out by `period`, in the report's order: one query."""
    out = Inspection.objects.visible_to(user).filter(published_by(period))
    newest = out.filter(pillar=OuterRef("pillar")).order_by("-year").values("pk")[:1]
    return out.filter(pk=Subquery(newest)).order_by(PILLAR_ORDER)
