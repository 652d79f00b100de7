"""Small helpers for tests that drive the admin as office staff do."""

from collections.abc import Callable
from typing import Any, NamedTuple

from django.urls import reverse

SAVED = "was added successfully"
CHANGED = "was changed successfully"
RACE = "Someone else saved this"


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def listed(client, model, **params):
    response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def inline_formset(response, prefix):
    formsets = response.context["inline_admin_formsets"]
    return next(inline.formset for inline in formsets if inline.formset.prefix == prefix)


def posted_value(value):
    """A field's value as the browser sends it; None when the browser sends nothing."""
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def form_fields(form):
    """Every field of one form (hidden version and inline ids included) as it is rendered."""
    data = {}
    for name in form.fields:
        value = posted_value(form[name].value())
        if value is not None:
            data[form.add_prefix(name)] = value
    return data


def page_forms(response):
    """The page's own form, then each inline's management form and rows, as rendered."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    return forms


def form_data(response, **changes):
    """What the browser posts back from a rendered admin page, with these fields changed.

    Every value comes from the page's forms as rendered for the GET: the blank rows of
    each inline, its management form and the hidden version each row was opened at.
    A change set to None is left out of the post, as an emptied checkbox is.
    """
    assert response.status_code == 200
    data = {}
    for form in page_forms(response):
        data |= form_fields(form)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = posted_value(value)
    return data


def post_page(client, response, follow=False, **changes):
    """Post the page of this GET back to its own address with these fields changed."""
    url = response.request["PATH_INFO"]
    query = response.request.get("QUERY_STRING")
    address = f"{url}?{query}" if query else url
    return client.post(address, form_data(response, **changes), follow=follow)


def saved_by_someone_else(row, **changes):
    """Another person's save of the row, made between a page's GET and its POST."""
    theirs = type(row)._base_manager.get(pk=row.pk)
    for name, value in changes.items():
        setattr(theirs, name, value)
    theirs.save()
    return theirs


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def says_added(response):
    """The page followed to after a save says the row was added."""
    assert response.status_code == 200
    return any(SAVED in message for message in shown_messages(response))


def says_changed(response):
    assert response.status_code == 200
    return any(CHANGED in message for message in shown_messages(response))


class RowEdit(NamedTuple):
    """One row as staff edit it on one page: how to make it, the page that edits it, the
    field posted there, the model field it sets, what staff type, and what someone else
    saved in the meantime."""

    make: Callable[[], Any]
    page_of: Callable[[Any], str]
    posted: str
    field: str
    typed: str
    theirs: str


def page_errors(response):
    """Every error the re-shown page states: its form's, and each inline row's and formset's."""
    errors = [str(response.context["adminform"].form.errors)]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        errors += [str(formset.non_form_errors()), *(str(form.errors) for form in formset)]
    return " ".join(error for error in errors if error)


def own_page(row):
    """The admin page of the row itself."""
    return admin_url(type(row), "change", row.pk)


def check_edit_saved(client, edit):
    """Staff edit the row on its page: the change is saved and its version moves on."""
    row = edit.make()
    page = client.get(edit.page_of(row))
    response = post_page(client, page, follow=True, **{edit.posted: edit.typed})
    assert says_changed(response)
    stored = type(row).objects.values_list(edit.field, "version").get(pk=row.pk)
    assert stored == (edit.typed, 2)


def check_losing_edit_refused(client, edit):
    """Someone else saves the row while staff edit it: the staff's save is refused, saying
    so, and what the other person saved stays."""
    row = edit.make()
    page = client.get(edit.page_of(row))
    saved_by_someone_else(row, **{edit.field: edit.theirs})
    response = post_page(client, page, **{edit.posted: edit.typed})
    assert response.status_code == 200
    name = type(row)._meta.verbose_name
    assert f"{RACE} {name} while you were editing it" in page_errors(response)
    stored = type(row).objects.values_list(edit.field, "version").get(pk=row.pk)
    assert stored == (edit.theirs, 2)
