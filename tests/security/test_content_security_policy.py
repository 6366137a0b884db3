"""Content Security Policy: shop pages run only our own script files (no inline script, so no
nonce: a cached page is the same for everyone); Oscar's dashboard keeps its nonce'd one."""

import re

import pytest
from django.urls import reverse

from marketplace.settings import base as base_settings
from order.tokens import order_status_token
from payment.services import payment_create
from tests.factories import UserFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_policy(settings):
    # Test settings add 'unsafe-eval' for Playwright's helpers; this is the shop's own.
    settings.CONTENT_SECURITY_POLICY = base_settings.CONTENT_SECURITY_POLICY


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def _nonce(policy) -> str | None:
    """The nonce in script-src; pages without an inline script (the portal) have none."""
    nonces = [s[len("'nonce-") : -1] for s in policy["script-src"] if s.startswith("'nonce-")]
    assert len(nonces) <= 1
    return nonces[0] if nonces else None


def _assert_scripts_allowed(response):
    """Every script on the page is an external file or carries the header's nonce."""
    nonce = _nonce(_policy(response))
    for attributes in SCRIPT_TAG.findall(response.content.decode()):
        if "src=" in attributes or "application/ld+json" in attributes or "application/json" in attributes:
            continue
        assert nonce and f'nonce="{nonce}"' in attributes, f"inline <script{attributes}> without the nonce"


def test_shop_pages_allow_only_own_scripts_and_the_nonced_inline_one(client, product):
    for url in ("/", product.get_absolute_url(), reverse("basket:summary"), reverse("sellers:apply")):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        _assert_scripts_allowed(response)


def test_each_dashboard_response_gets_a_fresh_nonce(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    first, second = client.get(reverse("dashboard:index")), client.get(reverse("dashboard:index"))
    assert _nonce(_policy(first)) and _nonce(_policy(first)) != _nonce(_policy(second))
    _assert_scripts_allowed(first)


def test_inline_script_without_the_nonce_would_be_refused(client):
    # The policy names no 'unsafe-inline' that a nonce-less <script> could use; shop pages
    # need no nonce at all.
    assert _policy(client.get("/"))["script-src"] == ["'self'"]
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    policy = _policy(client.get(reverse("dashboard:index")))
    assert policy["script-src"] == ["'self'", f"'nonce-{_nonce(policy)}'"]


def test_oscar_event_handlers_are_allowed_by_exact_hash_only(client, settings):
    policy = _policy(client.get("/"))
    assert policy["script-src-attr"][0] == "'unsafe-hashes'"
    assert len(policy["script-src-attr"]) == 1 + len(settings.OSCAR_INLINE_EVENT_HANDLERS)
    assert all(source.startswith("'sha256-") for source in policy["script-src-attr"][1:])


def test_seller_portal_has_the_strict_policy(client, seller):
    client.force_login(seller.user)
    response = client.get(reverse("sellers:portal-products"))
    assert response.status_code == 200
    assert "'unsafe-inline'" not in _policy(response)["script-src"]


def test_oscar_dashboard_has_the_strict_policy(staff_client):
    response = staff_client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    _assert_scripts_allowed(response)


@pytest.mark.parametrize("url", ["/cms/login/", "/django-admin/login/"])
def test_admin_areas_get_their_own_policy_that_still_allows_no_other_origin(client, url):
    policy = _policy(client.get(url))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]  # Wagtail's preview panel


def test_stripe_is_allowed_only_on_the_order_page_where_cards_are_paid(client, settings, product):
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_pasar"
    settings.STRIPE_JS_URL = "http://127.0.0.1:8420/js.stripe.com/v3/"
    settings.STRIPE_API_BASE = "http://127.0.0.1:8420"
    order, _ = order_with_lines((product, 1))
    payment_create(order=order, method_code="bank_transfer")

    response = client.get(reverse("checkout:order-status", args=[order.number, order_status_token(order)]))

    assert response.status_code == 200
    policy = _policy(response)
    assert "http://127.0.0.1:8420" in policy["script-src"]
    assert "http://127.0.0.1:8420" in policy["frame-src"]
    assert "http://127.0.0.1:8420" in policy["connect-src"]
    assert "http://127.0.0.1:8420" not in _policy(client.get("/"))["script-src"]


def test_stripe_defaults_follow_stripes_published_list(client, settings, product):
    settings.STRIPE_PUBLISHABLE_KEY = "pk_live_pasar"
    settings.STRIPE_JS_URL = "https://js.stripe.com/v3/"
    settings.STRIPE_API_BASE = ""
    order, _ = order_with_lines((product, 1))
    payment_create(order=order, method_code="bank_transfer")

    policy = _policy(
        client.get(reverse("checkout:order-status", args=[order.number, order_status_token(order)]))
    )

    assert {"https://js.stripe.com", "https://*.js.stripe.com"} <= set(policy["script-src"])
    assert {"https://js.stripe.com", "https://hooks.stripe.com"} <= set(policy["frame-src"])
    assert "https://api.stripe.com" in policy["connect-src"]


def test_logged_in_customer_pages_keep_the_policy(client):
    client.force_login(UserFactory())
    response = client.get(reverse("customer:profile-view"))
    assert response.status_code == 200
    _assert_scripts_allowed(response)
