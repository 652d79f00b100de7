import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_is_sent_to_sign_in(outsider):
    response = outsider.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_the_sign_in_page_renders(outsider):
    response = outsider.get(reverse("login"))

    assert response.status_code == 200
    assert b"<h1>Sign in</h1>" in response.content


def test_signing_in_lands_on_the_overview(outsider, viewer):
    response = outsider.post(
        reverse("login"), {"username": "victor", "password": "viewer-password-1"}, follow=True
    )

    assert response.resolver_match.view_name == "site:overview"
    assert b"<h1>Overview</h1>" in response.content
