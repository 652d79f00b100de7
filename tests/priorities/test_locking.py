"""Two people editing the same update or figure at once: the second save is refused."""

import pytest

from priorities.locking import StaleVersion
from priorities.models import Update
from tests.admin_helpers import admin_url
from tests.api_helpers import error_of
from tests.factories import ObservationFactory, UpdateFactory

pytestmark = pytest.mark.django_db


def change_form_data(response, **changes):
    """What the browser would post back: the form's initial values, with some changed."""
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    prefix = "footnotes"
    data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | changes


def test_every_save_moves_an_updates_version_on():
    update = UpdateFactory()
    assert update.version == 1
    update.text = "Changed."
    update.save()
    assert Update.objects.get().version == 2


def test_saving_an_update_read_before_another_save_is_refused():
    update = UpdateFactory(text="First.")
    other = Update.objects.get()
    other.text = "Second."
    other.save()
    update.text = "Stale."
    with pytest.raises(StaleVersion):
        update.save()
    assert Update.objects.get().text == "Second."


def test_the_admin_refuses_the_second_of_two_people_saving_the_same_update(
    editor_client, approver_client
):
    update = UpdateFactory(text="As entered.")
    url = admin_url(Update, "change", update.pk)
    first = change_form_data(editor_client.get(url), text="Edith's change.")
    second = change_form_data(approver_client.get(url), text="Amir's change.")
    assert editor_client.post(url, first).status_code == 302
    response = approver_client.post(url, second)
    assert response.status_code == 200
    assert "Someone else saved this update" in str(response.context["adminform"].form.errors)
    assert Update.objects.get().text == "Edith's change."


def test_the_admin_saves_an_update_opened_at_the_current_version(editor_client):
    update = UpdateFactory(text="As entered.")
    url = admin_url(Update, "change", update.pk)
    data = change_form_data(editor_client.get(url), text="Changed.")
    assert editor_client.post(url, data).status_code == 302
    assert (Update.objects.get().text, Update.objects.get().version) == ("Changed.", 2)


def test_the_api_refuses_a_stale_version_with_409_conflict(editor_client):
    observation = ObservationFactory()
    address = f"/api/v1/observations/{observation.pk}/"
    read = editor_client.get(address).json()
    assert read["version"] == 1
    changed = editor_client.patch(
        address, {"value": "101", "version": 1}, content_type="application/json"
    )
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    stale = editor_client.patch(
        address, {"value": "99", "version": 1}, content_type="application/json"
    )
    error = error_of(stale, 409)
    assert error["code"] == "conflict"
    assert error["fields"]["items"][0]["field"] == "version"
    assert editor_client.get(address).json()["value"] == "101"


def test_an_api_write_without_a_version_still_moves_it_on(editor_client):
    observation = ObservationFactory()
    address = f"/api/v1/observations/{observation.pk}/"
    response = editor_client.put(
        address, {"value": "7", "basis": "three_months"}, content_type="application/json"
    )
    assert response.json()["version"] == 2
