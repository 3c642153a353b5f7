"""A form refused by the CSRF check (a page left open while logging in elsewhere) gets a French page in
the site's layout, without the inline <style> of Django's own page that the CSP refuses."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_csrf_failure_is_a_french_page_without_inline_style(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.contributor)
    response = client.post(reverse("espace:action_declare"), {"title": "Café"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "Le formulaire n&#x27;a pas été envoyé" in content or "Le formulaire n'a pas été envoyé" in content
    assert "rien n'a été enregistré" in content
    assert "<style" not in content and "style=" not in content
    assert "CSRF" not in content
