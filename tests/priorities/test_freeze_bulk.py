"""The freeze holds for writes that call no row's save() or delete(): a queryset's delete()
and update(), bulk_update(), and a cascade from a deleted parent. Django deletes in a
transaction of its own, which a refusal rolls back: here, as in a request, in one around it."""

import pytest
from django.db import transaction

from metrics.models import Observation
from priorities.freeze import Frozen
from priorities.models import Assessment, Commitment, Update
from tests.factories import (
    AssessmentFactory,
    ObservationFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db


def test_deleting_a_commitment_does_not_take_its_published_assessment_with_it(published):
    assessment = AssessmentFactory(period=published)
    with pytest.raises(Frozen, match="cannot be deleted"), transaction.atomic():
        assessment.commitment.delete()
    assert Commitment.objects.filter(pk=assessment.commitment_id).exists()
    assert Assessment.objects.get().pk == assessment.pk


def test_a_querysets_delete_of_published_figures_is_refused_and_deletes_none(published):
    ObservationFactory(reported_in=published)
    draft_figure = ObservationFactory(reported_in=None)
    with (
        pytest.raises(Frozen, match="which is published: it cannot be deleted"),
        transaction.atomic(),
    ):
        Observation.objects.all().delete()
    assert Observation.objects.count() == 2
    Observation.objects.filter(pk=draft_figure.pk).delete()
    assert Observation.objects.count() == 1


def test_a_figure_a_published_one_is_compared_with_cannot_be_deleted_by_a_queryset(published):
    earlier = ObservationFactory(reported_in=None)
    ObservationFactory(reported_in=published, compared_with=earlier)
    with pytest.raises(Frozen, match="cannot be deleted"), transaction.atomic():
        Observation.objects.filter(pk=earlier.pk).delete()
    assert Observation.objects.filter(compared_with=earlier).count() == 1


def test_a_querysets_update_of_a_published_row_is_refused_and_changes_none(published):
    UpdateFactory(period=published, text="As published.")
    draft = UpdateFactory(text="Draft.", period__quarter=3)
    with (
        pytest.raises(Frozen, match="which is published: it cannot be changed"),
        transaction.atomic(),
    ):
        Update.objects.update(text="Rewritten.")
    assert sorted(Update.objects.values_list("text", flat=True)) == ["As published.", "Draft."]
    Update.objects.filter(pk=draft.pk).update(text="Redrafted.")
    assert Update.objects.get(pk=draft.pk).text == "Redrafted."


def test_bulk_update_of_a_published_figure_is_refused(published):
    figure = ObservationFactory(reported_in=published, value=10)
    figure.value = 99
    with pytest.raises(Frozen), transaction.atomic():
        Observation.objects.bulk_update([figure], ["value"])
    assert Observation.objects.get().value == 10
