"""Amending a published row in the admin: an Amend page beside the read-only change page of
a published period's row, and beside each row of its inlines (an update's footnotes, a KSI
route's groups and peak times). Its form holds the values an amendment may correct and the
reason; saving goes through priorities.amendments.amend, the one write to a frozen row."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import modelform_factory
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from priorities.amendments import amend, amendable_fields
from priorities.freeze import FrozenWhenPublished, freeze_of
from priorities.roles import AMEND

NOTHING_CHANGED = "Nothing changed: correct at least one value, or leave the page."


class TextAsStored(forms.CharField):
    """Browsers send a text box's line breaks as CRLF; read as stored, a text left as it was
    is not a change."""

    def to_python(self, value):
        text = super().to_python(value)
        return text.replace("\r\n", "\n") if text else text


class AmendmentForm(forms.ModelForm):
    """The row's amendable values and why they are corrected; the reason has a name of its
    own, since an assessment's `reason` is one of its values."""

    amendment_reason = forms.CharField(
        label="Reason for the amendment",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Shown with the corrected row on the pages and in the report.",
        error_messages={"required": "Give the reason for the amendment."},
    )

    def changes(self):
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name != "amendment_reason"
        }


def amend_url_name(model):
    return f"{model._meta.app_label}_{model._meta.model_name}_amend"


def add_refusal(form, refusal):
    """amend's ValidationError on the form: at the fields it names, if the form has them."""
    errors = refusal.error_dict if hasattr(refusal, "error_dict") else {None: refusal.error_list}
    for name, found in errors.items():
        form.add_error(name if name in form.fields else None, found)


class AmendableAdminMixin:
    """A model admin whose published rows, and its inlines' rows, approvers may amend."""

    change_form_template = "admin/amendable_change_form.html"
    amend_template = "admin/amend_form.html"

    def amendable_models(self):
        """This admin's model, and the models of its inlines that a publication freezes."""
        inlines = [inline.model for inline in self.inlines]
        return [self.model, *(m for m in inlines if issubclass(m, FrozenWhenPublished))]

    def get_urls(self):
        view = self.admin_site.admin_view(self.amend_view)
        urls = [
            path(self.amend_route(model), view, {"model": model}, name=amend_url_name(model))
            for model in self.amendable_models()
        ]
        return [*urls, *super().get_urls()]

    def amend_route(self, model):
        # An inline's row is amended at <its model's name>/<id>/amend/ of this admin.
        prefix = "" if model is self.model else f"{model._meta.model_name}/"
        return f"{prefix}<int:object_id>/amend/"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.user.has_perm(AMEND) and freeze_of(obj, stored=False):
            context["amend_url"] = reverse(f"admin:{amend_url_name(self.model)}", args=[obj.pk])
            # Every row of a published row's inlines is of its period, so frozen too.
            for inline in context.get("inline_admin_formsets", []):
                if inline.formset.model in self.amendable_models():
                    inline.amend_url_name = f"admin:{amend_url_name(inline.formset.model)}"
        return super().render_change_form(request, context, add, change, form_url, obj)

    def amend_view(self, request, object_id, model):
        if not request.user.has_perm(AMEND):
            raise PermissionDenied
        row, parent = self.amended_row(request, model, object_id)
        back = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[parent.pk]
        )
        freeze = freeze_of(row)
        if freeze is None:
            name = model._meta.verbose_name
            messages.info(request, f"This {name}'s period is not published: change it here.")
            return redirect(back)
        # Named as stored: checking the form sets the values posted on the row.
        context = {"original": parent, "subtitle": str(row), "freeze": freeze, "back_url": back}
        data = request.POST if request.method == "POST" else None
        form = self.amendment_form(request, model)(data, instance=row)
        if form.is_bound and form.is_valid() and self.save_amendment(request, form):
            return redirect(back)
        return self.render_amend_form(request, form, context)

    def amended_row(self, request, model, object_id):
        """The row, and this admin's row whose change page shows it (for an inline's row,
        the one it belongs to), each fetched with what its name is made of."""
        if model is self.model:
            row = get_object_or_404(self.get_queryset(request), pk=object_id)
            return row, row
        row = get_object_or_404(model._default_manager, pk=object_id)
        link = next(field for field in model._meta.fields if field.related_model is self.model)
        parent = self.get_queryset(request).get(pk=getattr(row, link.attname))
        setattr(row, link.name, parent)
        return row, parent

    def amendment_form(self, request, model):
        amendable = amendable_fields(model)
        fields = [field.name for field in model._meta.concrete_fields if field.name in amendable]
        return modelform_factory(
            model,
            form=AmendmentForm,
            fields=fields,
            formfield_callback=lambda db_field, **kwargs: self.amend_formfield(
                db_field, request, **kwargs
            ),
        )

    def amend_formfield(self, db_field, request, **kwargs):
        # The admin's own widgets (date pickers, text boxes), with text read as stored.
        if isinstance(db_field, models.TextField) and not db_field.choices:
            kwargs["form_class"] = TextAsStored
        return self.formfield_for_dbfield(db_field, request, **kwargs)

    def save_amendment(self, request, form):
        """Amend the row with the values changed on the form; False when refused."""
        changes = form.changes()
        if not changes:
            form.add_error(None, NOTHING_CHANGED)
            return False
        try:
            amend(form.instance, request.user, form.cleaned_data["amendment_reason"], **changes)
        except ValidationError as refusal:
            add_refusal(form, refusal)
            return False
        corrected = ", ".join(str(form.fields[name].label).lower() for name in changes)
        messages.success(request, f"Amended: {form.instance} ({corrected}).")
        return True

    def render_amend_form(self, request, form, context):
        adminform = helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {})
        name = form._meta.model._meta.verbose_name
        context = {
            **self.admin_site.each_context(request),
            **context,
            "title": f"Amend this {name}",
            "row_name": name,
            "opts": self.opts,
            "adminform": adminform,
            "errors": helpers.AdminErrorList(form, []),
            "media": self.media + adminform.media,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, self.amend_template, context)
