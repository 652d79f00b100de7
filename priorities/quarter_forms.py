"""The forms of a commitment's quarter page (priorities.admin_quarter): the assessment, the
updates with their footnotes, and a value of each figure for the quarter."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseModelFormSet, modelformset_factory

from metrics.feeds import item_of
from metrics.latest import latest_observation
from metrics.models import Observation
from metrics.models.figures import VALUE_DIGITS
from priorities.forms import ConstraintsAtFieldsForm, VersionField
from priorities.models import Assessment, Update
from priorities.quarter import assessment_fingerprint, default_span
from priorities.text import check_footnotes_match, footnotes_as_text, parse_footnotes

TEXT_LIMIT = 10_000
REASON_LIMIT = 4_000
FOOTNOTES_LIMIT = 4_000
ISO_DATE = "%Y-%m-%d"


class OpenedField(forms.CharField):
    """What a row stated when the page was opened, hidden; never counts as a change."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=64, **kwargs)

    def has_changed(self, initial, data):
        return False


class AssessmentForm(ConstraintsAtFieldsForm):
    """The quarter's RAG status and reason; the model says when a reason is needed."""

    reason = forms.CharField(
        required=False,
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required unless the commitment is on track: say what is behind and why.",
    )
    opened = OpenedField()

    class Meta:
        model = Assessment
        fields = ["status", "reason"]

    def __init__(self, *args, commitment, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commitment, self.instance.period = commitment, period
        stored = self.instance if self.instance.pk else None
        self.fields["opened"].initial = assessment_fingerprint(stored)
        # Left as it was, a quarter with no assessment yet is saved without one.
        self.empty_permitted = stored is None
        self.use_required_attribute = False


class UpdateForm(ConstraintsAtFieldsForm):
    """One update: its position, section, style and text, and its footnotes below it."""

    text = forms.CharField(
        max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 8, "class": "quarter-text"})
    )
    footnotes = forms.CharField(
        required=False,
        max_length=FOOTNOTES_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2, "class": "quarter-footnotes"}),
        help_text='One a line, numbered as in the text: "1. Primary call handling".',
    )
    version = VersionField(label="version")

    class Meta:
        model = Update
        fields = ["order", "section", "style", "text", "version"]
        labels = {"order": "Position"}

    def __init__(self, *args, commitment, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commitment, self.instance.period = commitment, period
        self.notes = {}
        if self.instance.pk:
            pairs = [(note.number, note.text) for note in self.instance.footnotes.all()]
            self.fields["footnotes"].initial = footnotes_as_text(pairs)

    def add_error(self, field, error):
        # The model's own check names the commitment, which this page shows but does not ask
        # for: its message is the update's own.
        named = getattr(error, "error_dict", {})
        if field is None and "commitment" in named:
            named.setdefault(NON_FIELD_ERRORS, []).extend(named.pop("commitment"))
        super().add_error(field, error)

    def clean(self):
        cleaned_data = super().clean()
        try:
            self.notes = parse_footnotes(cleaned_data.get("footnotes", ""))
            if "text" in cleaned_data:
                check_footnotes_match(cleaned_data["text"], self.notes)
        except ValidationError as error:
            self.add_error("footnotes", error)
        return cleaned_data

    def footnote_pairs(self):
        return sorted(self.notes.items())


class UpdateFormSet(BaseModelFormSet):
    """The quarter's updates, where two may not share a position."""

    def clean(self):
        super().clean()
        taken = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form) or data.get("order") is None:
                continue
            order = data["order"]
            if order in taken:
                form.add_error("order", "Another update of this quarter has this position.")
            taken.add(order)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Delete this update"

    def kept_forms(self):
        """The forms of updates that stay (filled in and not deleted), in position order."""
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form)
        ]
        return sorted(kept, key=lambda form: form.cleaned_data.get("order") or 0)


QuarterUpdateFormSet = modelformset_factory(
    Update, form=UpdateForm, formset=UpdateFormSet, extra=1, can_delete=True
)


class FigureForm(forms.Form):
    """This quarter's value of one figure; left blank, nothing is written."""

    area = forms.ChoiceField()
    start_date = forms.DateField(help_text="YYYY-MM-DD", widget=forms.DateInput(format=ISO_DATE))
    end_date = forms.DateField(
        help_text="YYYY-MM-DD; the same day for a level.",
        widget=forms.DateInput(format=ISO_DATE),
    )
    value = forms.DecimalField(required=False, **VALUE_DIGITS)
    basis = forms.ChoiceField(choices=Observation.Basis.choices)
    version = VersionField(label="version")

    def __init__(self, *args, metric, period, stored, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.metric, self.period, self.stored = metric, period, stored
        self.fields["area"].choices = [(area.slug, area.name) for area in areas]
        self.fields["value"].label = f"Value in {period.code}"
        self.initial = self.initial_values()

    def initial_values(self):
        if self.stored is not None:
            row = self.stored
            return {
                "area": row.area.slug,
                "start_date": row.start_date,
                "end_date": row.end_date,
                "value": row.value,
                "basis": row.basis,
                "version": row.version,
            }
        latest = latest_observation(self.metric)
        start, end = default_span(self.metric, latest, self.period)
        return {
            "area": latest.area.slug if latest else "",
            "start_date": start,
            "end_date": end,
            "basis": latest.basis if latest else Observation.Basis.THREE_MONTHS,
        }

    def item(self):
        """The feed item (metrics.feeds) this form writes, or None for none."""
        data = getattr(self, "cleaned_data", None)
        if not data or data.get("value") is None or not self.has_changed():
            return None
        identity = (data["area"], data["start_date"], data["end_date"])
        row = self.stored
        if row is not None and identity == (row.area.slug, row.start_date, row.end_date):
            version = data["version"] or row.version
            return (
                item_of(row)
                | {"value": data["value"], "basis": data["basis"]}
                | {"version": version}
            )
        return {
            "metric": self.metric.slug,
            "area": data["area"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "value": data["value"],
            "basis": data["basis"],
            "reported_in": self.period.code,
        }

    def show_feed_error(self, error):
        name = {"date": "end_date"}.get(error.field, error.field)
        self.add_error(name if name in self.fields else None, error.reason)
