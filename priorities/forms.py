"""Admin forms that report every rule the database enforces at the field to correct."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import UniqueConstraint
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField, construct_instance


class ConstraintsAtFieldsForm(forms.ModelForm):
    """A model form that checks unique constraints itself and shows a clash at a field.

    Django reports a clash on several fields above the form, where staff must guess which
    box to change; inside an inline it skips every constraint on the parent's foreign key,
    so the database would refuse the row with a server error. Each clash is shown at the
    constraint's last field on the form (the order, the number, the end date), and the
    model's own check of that constraint is then skipped, so it is reported once.
    """

    def clean(self):
        cleaned_data = super().clean()
        model = self._meta.model
        instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
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

    def full_clean(self):
        super().full_clean()
        # An inline's link to its parent is a hidden field, where an error would go unseen.
        for name, field in self.fields.items():
            if isinstance(field, InlineForeignKeyField) and self.has_error(name):
                self.add_error(None, self.errors.pop(name).as_data())


class CommitmentFormSet(BaseInlineFormSet):
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
