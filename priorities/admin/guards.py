"""What the admin adds to the models' own guards: a published period's rows shown read-only
with the reason (priorities.freeze), and each form carrying the version it was opened at
(priorities.locking), so that a stale save is refused with a message instead of a crash."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from priorities.forms import GuardedInlineFormSet, VersionField
from priorities.freeze import FrozenWhenPublished, freeze_of, frozen_rows, with_shown_code

FROZEN_NOTICE = (
    "This {name} {how}, so it is read-only. An approver can amend it, giving the reason."
)


def frozen(obj):
    """Whether the row is frozen, as the admin holds it: just read, so in memory is as stored."""
    return freeze_of(obj, stored=False) is not None


def version_formfield(db_field, formfield):
    return VersionField(label=db_field.verbose_name) if db_field.name == "version" else formfield


class GuardedAdminMixin:
    """A published period's rows are read-only (view only, no delete), saying why."""

    def get_queryset(self, request):
        # Rows that others show are read with why they are frozen, which a page asks often.
        queryset = super().get_queryset(request)
        if getattr(queryset.model, "shown_by", None) is not None:
            queryset = with_shown_code(queryset)
        return queryset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return version_formfield(
            db_field, super().formfield_for_dbfield(db_field, request, **kwargs)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not frozen(obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        freeze = freeze_of(obj, stored=False)
        if freeze is not None and request.method == "GET":
            name = self.opts.verbose_name
            messages.warning(request, FROZEN_NOTICE.format(name=name, how=freeze.how))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # Saving an unchanged form would only move the version on, and a form opened
        # before someone else's save would then overwrite it.
        if change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        # "Delete selected" deletes in bulk, past each row's own delete().
        if issubclass(queryset.model, FrozenWhenPublished) and frozen_rows(queryset).exists():
            raise PermissionDenied("Some of these rows are frozen by a published period.")
        super().delete_queryset(request, queryset)


class GuardedInlineMixin:
    """An inline of a row that is frozen is frozen too (a published update's footnotes)."""

    formset = GuardedInlineFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return version_formfield(
            db_field, super().formfield_for_dbfield(db_field, request, **kwargs)
        )

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not frozen(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not frozen(obj)
