"""Who may see what: the one place that decides which rows a person or system may read.

Report editions stay private to the office until they are published: people who may see
drafts (Editors and Approvers, see priorities.roles), and the API tokens of the office's own
systems granted it, see everything; everyone else, and every other API token, sees published
periods and what they hold. Who may read at all is decided in priorities.access.
"""

from django.db import models

from priorities.freeze import FrozenWhenPublished, refuse_frozen_update


def can_see_drafts(user):
    """Whether the reader sees drafts: a person through their roles' permission; a reader
    who is no person (an API token's, essexperf.api.authentication) says so itself."""
    if not user:
        return False
    if user.is_authenticated:
        return user.has_perm("priorities.view_draft_period")
    return getattr(user, "sees_drafts", False)


def audience(user):
    """Which rows the reader sees, as a name: readers of one audience see the same rows, so
    they share what the pages and the API cache (essexperf.pagecache)."""
    return "drafts" if can_see_drafts(user) else "published"


class VisibleQuerySet(models.QuerySet):
    """Rows that belong to no report edition: every signed-in reader may see them."""

    def audience_of(self, user):
        """Whom a cached list of these rows may be shown to (a row of no edition may
        still show figures of one, such as a metric's latest)."""
        return audience(user)

    def visible_to(self, user):
        return self.all()


class PeriodBoundQuerySet(VisibleQuerySet):
    """Rows that belong to a report edition, reached through `period_path`."""

    period_path = "period"
    # Rows may hold no period (a figure entered outside any report edition).
    period_optional = False

    def visible_to(self, user):
        if can_see_drafts(user):
            return self.all()
        published = models.Q(**{f"{self.period_path}__status": "published"})
        if self.period_optional:
            published |= models.Q(**{f"{self.period_path}__isnull": True})
        return self.filter(published)

    def update(self, **kwargs):
        if issubclass(self.model, FrozenWhenPublished):
            refuse_frozen_update(self)
        return super().update(**kwargs)


class ReportingPeriodQuerySet(PeriodBoundQuerySet):
    def visible_to(self, user):
        return self.all() if can_see_drafts(user) else self.filter(status="published")


class FootnoteQuerySet(PeriodBoundQuerySet):
    period_path = "update__period"
