"""The forms of a commitment's quarter page (essexperf.site.admin): the assessment, the
updates with their footnotes, and a value of each figure for the quarter."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms import BaseModelFormSet, modelformset_factory

from essexperf.dates import validate_within_range
from essexperf.site.quarter import default_span, earlier_figure, stored_figure, year_before
from metrics.feed_updates import item_of
from metrics.latest import latest_observation
from metrics.models import Observation
from metrics.models.figures import VALUE_DIGITS
from priorities.forms import ConstraintsAtFieldsForm, VersionField
from priorities.models import Assessment, Update
from priorities.quarter import assessment_fingerprint
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


class Comparison(models.TextChoices):
    """What a figure given on the quarter page is compared with, for its change."""

    YEAR_BEFORE = "year_before", "The same dates a year before"
    PREVIOUS = "previous", "The figure before it"
    NOTHING = "nothing", "Nothing"


def comparison_of(start, end, earlier):
    """The page's choice for a figure over start to end compared with one over the dates
    `earlier` (None for no comparison)."""
    if earlier is None:
        return Comparison.NOTHING
    same_dates = earlier == (year_before(start), year_before(end))
    return Comparison.YEAR_BEFORE if same_dates else Comparison.PREVIOUS


def dates_of(observation):
    return observation and (observation.start_date, observation.end_date)


class FigureForm(forms.Form):
    """This quarter's value of one figure and what it is compared with; left blank, nothing
    is written."""

    area = forms.ChoiceField()
    start_date = forms.DateField(
        help_text="YYYY-MM-DD",
        widget=forms.DateInput(format=ISO_DATE),
        validators=[validate_within_range],
    )
    end_date = forms.DateField(
        help_text="YYYY-MM-DD; the same day for a level.",
        widget=forms.DateInput(format=ISO_DATE),
        validators=[validate_within_range],
    )
    value = forms.DecimalField(required=False, **VALUE_DIGITS)
    basis = forms.ChoiceField(choices=Observation.Basis.choices)
    compare = forms.ChoiceField(
        label="Compare with",
        choices=Comparison.choices,
        required=False,
        help_text="The figure its change is worked out from, in the same area and basis.",
    )
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
                "compare": comparison_of(row.start_date, row.end_date, dates_of(row.compared_with)),
                "version": row.version,
            }
        latest = latest_observation(self.metric)
        start, end = default_span(self.metric, latest, self.period)
        return {
            "area": latest.area.slug if latest else "",
            "start_date": start,
            "end_date": end,
            "basis": latest.basis if latest else Observation.Basis.THREE_MONTHS,
            # Compared as the figure before it was, so the series keeps one convention.
            "compare": comparison_of(latest.start_date, latest.end_date, latest.compared_dates)
            if latest
            else Comparison.NOTHING,
        }

    def clean(self):
        data = super().clean()
        if data.get("value") is not None and {"area", "start_date", "end_date"} <= set(data):
            data["compare"] = data.get("compare") or self.initial["compare"]
            self.comparison = self.compared_with(data)
        return data

    def compared_with(self, data):
        """The feed's reference to the figure chosen to compare with, or None, saying so at
        the field when there is no such figure."""
        if data["compare"] == Comparison.NOTHING:
            return None
        if data["compare"] == Comparison.YEAR_BEFORE:
            start, end = year_before(data["start_date"]), year_before(data["end_date"])
            earlier = stored_figure(self.metric, data["area"], start, end)
            missing = f"from {start:%Y-%m-%d} to {end:%Y-%m-%d}, a year before"
        else:
            earlier = earlier_figure(self.metric, data["area"], data["basis"], data["start_date"])
            missing = "before it on this basis"
        if earlier is None:
            self.add_error(
                "compare",
                f"There is no {self.metric.name} figure in this area {missing}: choose "
                "another comparison, or give that figure first.",
            )
            return None
        return {"start_date": earlier.start_date, "end_date": earlier.end_date}

    def item(self):
        """The feed item (metrics.feeds) this form writes, or None for none."""
        data = getattr(self, "cleaned_data", None)
        if not data or data.get("value") is None or not self.has_changed():
            return None
        identity = (data["area"], data["start_date"], data["end_date"])
        row = self.stored
        if row is not None and identity == (row.area.slug, row.start_date, row.end_date):
            version = data["version"] or row.version
            item = item_of(row) | {"value": data["value"], "basis": data["basis"]}
            if "compare" in self.changed_data:
                item["compared_with"] = self.comparison
            return item | {"version": version}
        return {
            "compared_with": self.comparison,
            "metric": self.metric.slug,
            "area": data["area"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "value": data["value"],
            "basis": data["basis"],
            "reported_in": self.period.code,
        }

    def show_feed_error(self, error):
        field = error.field or ""
        name = "compare" if field.startswith("compared_with") else field
        name = {"date": "end_date"}.get(name, name)
        self.add_error(name if name in self.fields else None, error.reason)
