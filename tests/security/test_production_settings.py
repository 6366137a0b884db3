"""Production mode: HTTPS only, HSTS, secure cookies, throttling and CSP on.

The production settings refuse to import without real secrets, so they are exercised in a
subprocess (as tests/marketplace/test_deployment.py does for `check --deploy`).
"""

import textwrap

import pytest

from tests.production import production_probe

PROBE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.conf import settings
    from django.test import Client

    client = Client()
    plain = client.get("/healthz/", HTTP_HOST="pasar.example.id")
    secure = client.get("/healthz/", HTTP_HOST="pasar.example.id", HTTP_X_FORWARDED_PROTO="https")
    print(json.dumps({
        "settings": {name: getattr(settings, name) for name in (
            "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
            "SECURE_CONTENT_TYPE_NOSNIFF", "TRUSTED_PROXY_COUNT", "AXES_ENABLED",
        )},
        "backends": settings.AUTHENTICATION_BACKENDS,
        "plain": [plain.status_code, plain.get("Location", "")],
        "secure": [secure.status_code, dict(secure.headers)],
    }))
    """
)


@pytest.fixture(scope="module")
def production():
    return production_probe(
        PROBE,
        unset=("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "TRUSTED_PROXY_COUNT", "DEBUG"),
        REDIS_URL="",
    )


def test_production_redirects_plain_http_to_https(production):
    status, location = production["plain"]
    assert status == 301
    assert location.startswith("https://pasar.example.id/")


def test_production_sends_hsts_for_a_year_with_subdomains(production):
    status, headers = production["secure"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in headers


def test_production_cookies_are_secure_and_http_only(production):
    values = production["settings"]
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True


def test_production_trusts_no_proxy_by_default_and_throttles_logins(production):
    assert production["settings"]["TRUSTED_PROXY_COUNT"] == 0
    assert production["settings"]["AXES_ENABLED"] is True
    assert production["backends"][0] == "marketplace.ratelimit.LoginThrottleBackend"
