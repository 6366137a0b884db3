"""CSRF: every form-handling view checks the token; the only exemptions are Stripe's signed webhook
and Midtrans's signed notification."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# View modules allowed to be exempt, each for a reason.
EXEMPT_ALLOWED = {
    # Stripe cannot send a CSRF token; the view verifies Stripe's signature instead.
    "payment.views.stripe_webhook",
    # Midtrans neither: the view checks the notification's signature_key, then asks Midtrans.
    "payment.midtrans_views.midtrans_notification",
    # Wagtail's admin API (Django REST framework, read-only GETs); DRF's session
    # authentication enforces CSRF itself on any unsafe request.
    "wagtail.admin.api.views.PagesAdminAPIViewSet",
    "wagtail.documents.api.admin.views.DocumentsAdminAPIViewSet",
    "wagtail.images.api.admin.views.ImagesAdminAPIViewSet",
}


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_no_view_is_csrf_exempt_except_the_payment_providers_callbacks():
    exempt = set()
    for _route, callback in _patterns(get_resolver()):
        if getattr(callback, "csrf_exempt", False):
            exempt.add(f"{callback.__module__}.{callback.__name__}")
    assert exempt <= EXEMPT_ALLOWED, f"csrf_exempt views: {sorted(exempt - EXEMPT_ALLOWED)}"


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_login_without_token_is_refused(csrf_client):
    user = UserFactory(email="ani@contoh.id")
    response = csrf_client.post(
        "/accounts/login/",
        {"login-username": user.email, "login-password": "rahasia-uji-123", "login_submit": "1"},
    )
    assert response.status_code == 403


def test_forms_without_token_are_refused(csrf_client, product, seller):
    for url, data in [
        (reverse("sellers:apply"), {"email": "baru@contoh.id"}),
        (reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}),
        (reverse("set_language"), {"language": "en"}),
        ("/dashboard/login/", {"username": "x", "password": "y"}),
        ("/cms/login/", {"username": "x", "password": "y"}),
    ]:
        assert csrf_client.post(url, data).status_code == 403, url

    csrf_client.force_login(seller.user)
    assert csrf_client.post(reverse("sellers:portal-profile"), {"name": "x"}).status_code == 403


def test_the_same_form_with_its_token_is_accepted(csrf_client, product):
    page = csrf_client.get(product.get_absolute_url())
    token = page.cookies["csrftoken"].value
    response = csrf_client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
