"""Tokens of the systems that use the API: issued here, shown once, revoked rather than edited."""

from django.contrib import admin, messages
from django.db import transaction

from essexperf.api.models import ApiToken
from essexperf.audit.admin import ObjectChangeHistoryMixin


class RevokedFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("revoked", "Revoked")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(revoked_at__isnull=self.value() == "active")
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(ObjectChangeHistoryMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "can_write",
        "can_read_drafts",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [RevokedFilter, "can_write", "can_read_drafts"]
    search_fields = ["name", "prefix"]
    fields = [
        "name",
        "can_write",
        "can_read_drafts",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke_tokens"]

    def get_fields(self, request, obj=None):
        # A token being added has no prefix or dates yet: they come with its secret.
        return self.fields if obj else ["name", "can_write", "can_read_drafts"]

    def save_model(self, request, obj, form, change):
        secret = None if change else obj.set_new_secret()
        super().save_model(request, obj, form, change)
        if secret:
            # Only the hash is stored: this message is the one chance to copy the secret.
            self.message_user(
                request,
                f'The token of "{obj.name}" is {secret} - copy it now: it will not be shown '
                "again. The system sends it as the header Authorization: Token <token>.",
                messages.WARNING,
            )

    @admin.action(description="Revoke selected tokens", permissions=["change"])
    def revoke_tokens(self, request, queryset):
        # One save per token, not one UPDATE, so that the audit trail records each.
        with transaction.atomic():
            tokens = list(queryset.filter(revoked_at__isnull=True))
            for token in tokens:
                token.revoke()
        revoked = len(tokens)
        self.message_user(request, f"Revoked {revoked} token{'s' if revoked != 1 else ''}.")
