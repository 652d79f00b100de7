"""Small helpers for tests that drive the admin as office staff do."""

from django.urls import reverse


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def listed(client, model, **params):
    response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def inline_formset(response, prefix):
    formsets = response.context["inline_admin_formsets"]
    return next(inline.formset for inline in formsets if inline.formset.prefix == prefix)
