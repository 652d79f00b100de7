"""The audit trail in the admin: read-only, and each audited object's History page."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from essexperf.audit.models import ObjectChange, may_read_trail
from essexperf.audit.presentation import field_changes


class ObjectChangeHistoryMixin:
    """A model admin whose History page lists the object's recorded changes, newest first,
    to whoever may view the object and read the audit trail."""

    object_history_template = "admin/audit/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_view_or_change_permission(request, obj) and may_read_trail(request.user)):
            raise PermissionDenied
        changes = ObjectChange.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).select_related("content_type")
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "changes": [(change, field_changes(change)) for change in changes],
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)


@admin.register(ObjectChange)
class ObjectChangeAdmin(admin.ModelAdmin):
    """Every recorded change, to read and search: none may be added, altered or removed."""

    list_display = ["time", "user_name", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    list_select_related = ["content_type"]
    search_fields = ["object_repr", "user_name"]
    date_hierarchy = "time"
    fields = [
        "time",
        "user_name",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "same_request",
        "changes",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="request")
    def same_request(self, change):
        if change.request_id is None:
            return "-"
        url = reverse("admin:audit_objectchange_changelist") + f"?request_id={change.request_id}"
        return format_html('<a href="{}">Every change of request {}</a>', url, change.request_id)

    @admin.display(description="fields")
    def changes(self, change):
        context = {"change": change, "fields": field_changes(change)}
        return render_to_string("admin/audit/field_changes.html", context)
