"""Admin forms that report every rule the database enforces at the field to correct."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import UniqueConstraint
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField, construct_instance

from priorities.freeze import Frozen, check_not_frozen, freeze_of


class ConstraintsAtFieldsForm(forms.ModelForm):
    """A model form that checks unique constraints itself and shows a clash at a field.

    Django reports a clash on several fields above the form, where staff must guess which
    box to change; inside an inline it skips every constraint on the parent's foreign key,
    so the database would refuse the row with a server error. Each clash is shown at the
    constraint's last field on the form (the order, the number, the end date), and the
    model's own check of that constraint is then skipped, so it is reported once.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The version stored when the form was opened, before the posted one is set on it.
        self.stored_version = getattr(self.instance, "version", None)

    def clean(self):
        cleaned_data = super().clean()
        if "version" in self.fields and cleaned_data.get("version") is None:
            # A new row's hidden version is blank: it starts at the model's own count.
            cleaned_data["version"] = self.stored_version
        # An unchanged row is not saved (priorities.admin.guards), so it cannot overwrite.
        if self.has_changed():
            self.check_version(cleaned_data.get("version"))
        model = self._meta.model
        instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        if self.has_changed():
            self.check_not_frozen(instance)
        unchecked = {
            field.name
            for field in model._meta.fields
            if field.name not in self.fields or self.has_error(field.name)
        }
        for constraint in model._meta.constraints:
            shown = [name for name in getattr(constraint, "fields", ()) if name in self.fields]
            if not isinstance(constraint, UniqueConstraint) or not shown:
                continue
            try:
                constraint.validate(model, instance, exclude=unchecked)
            except ValidationError as error:
                self.add_error(shown[-1], error)
        return cleaned_data

    def check_version(self, version):
        """Someone else saved the row since this form was opened: refuse, saying so."""
        if self.instance.pk is None or version is None or version == self.stored_version:
            return
        name = self._meta.model._meta.verbose_name
        self.add_error(
            None,
            f"Someone else saved this {name} while you were editing it (you opened version "
            f"{version}; it is now at version {self.stored_version}). Copy your changes, "
            "reload the page to see theirs, and make yours again.",
        )

    def check_not_frozen(self, instance):
        try:
            check_not_frozen(instance)
        except Frozen as error:
            self.add_error(None, error)

    def full_clean(self):
        super().full_clean()
        # An inline's link to its parent is a hidden field, where an error would go unseen.
        for name, field in self.fields.items():
            if isinstance(field, InlineForeignKeyField) and self.has_error(name):
                self.add_error(None, self.errors.pop(name).as_data())


class VersionField(forms.IntegerField):
    """The version a form was opened at, hidden. It never counts as a change: a row only
    re-saved because someone else moved its version on would overwrite their change."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.pop("max_value", None)
        kwargs.pop("min_value", None)
        super().__init__(**{**kwargs, "required": False})

    def has_changed(self, initial, data):
        return False


class GuardedInlineFormSet(BaseInlineFormSet):
    """Refuses to delete a published period's row; each form's own clean checks changes."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            freeze = freeze_of(form.instance, stored=False)
            if freeze is not None:
                raise ValidationError(f"{form.instance} {freeze.how}: it cannot be deleted.")


class CommitmentFormSet(GuardedInlineFormSet):
    """A priority's commitments, where two current ones may not share a position.

    Django compares the rows of a formset only for unconditional constraints, and this one
    applies to current commitments alone.
    """

    def clean(self):
        super().clean()
        taken = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("retired_on") or "order" not in data:
                continue
            order = data["order"]
            if order in taken:
                form.add_error(
                    "order", "Another current commitment of this priority has this position."
                )
            taken.add(order)
