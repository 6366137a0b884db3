"""The client address the rate limits and the login lockout count is the socket's unless a
proxy is configured: a forged X-Forwarded-For buys no extra guesses (issue 15, item 3).

The defaults under test are production's and docker-compose's, so the HTTP tests run with
the value those give (read from a production interpreter and from the compose file).
"""

import re
import textwrap

import pytest
import yaml

from tests.marketplace.test_deployment import ROOT
from tests.production import production_probe

pytestmark = pytest.mark.django_db

PROBE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.conf import settings
    from django.test import RequestFactory
    from marketplace.ratelimit import client_ip

    forged = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    print(json.dumps({"proxies": settings.TRUSTED_PROXY_COUNT, "client": client_ip(forged)}))
    """
)


@pytest.fixture(scope="module")
def production():
    return production_probe(PROBE, unset=("TRUSTED_PROXY_COUNT",), REDIS_URL="")


def _compose_web() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]


def _compose_default(text: str, name: str) -> str:
    match = re.search(r"\$\{" + name + r":-([^}]*)\}", text)
    assert match, f"{name} has no default in {text!r}"
    return match.group(1)


def _compose_proxy_count() -> int:
    return int(_compose_default(_compose_web()["environment"]["TRUSTED_PROXY_COUNT"], "TRUSTED_PROXY_COUNT"))


def test_production_trusts_no_proxy_unless_told(production):
    assert production["proxies"] == 0
    assert production["client"] == "203.0.113.7"


def test_compose_trusts_no_proxy_and_publishes_gunicorn_on_loopback_only():
    web = _compose_web()
    assert _compose_proxy_count() == 0
    (published,) = web["ports"]
    assert _compose_default(published, "WEB_BIND") == "127.0.0.1"
    assert published.startswith("${WEB_BIND:-127.0.0.1}:")


@pytest.fixture(params=["production", "compose"])
def deployed_proxy_count(request, settings):
    if request.param == "production":
        settings.TRUSTED_PROXY_COUNT = request.getfixturevalue("production")["proxies"]
    else:
        settings.TRUSTED_PROXY_COUNT = _compose_proxy_count()
    return settings.TRUSTED_PROXY_COUNT


def _login(client, username, n):
    # Each attempt claims to come from somewhere else.
    return client.post(
        "/accounts/login/",
        {"login-username": username, "login-password": "salah-sekali", "login_submit": "1"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
    )


def test_forged_forwarded_for_does_not_escape_the_login_lockout(client, settings, deployed_proxy_count):
    from tests.factories import UserFactory

    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    user = UserFactory(email="ani@contoh.id")

    statuses = [_login(client, user.email, n).status_code for n in range(6)]

    assert statuses == [200, 200, 200, 200, 429, 429]


def test_forged_forwarded_for_does_not_escape_the_login_rate_limit(client, settings, deployed_proxy_count):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": {**settings.RATE_LIMITS["login"], "limit": 3}}

    statuses = [_login(client, f"orang{n}@contoh.id", n).status_code for n in range(4)]

    assert statuses == [200, 200, 200, 429]
