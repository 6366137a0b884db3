"""Who is asking, and how often: client addresses, login names and per-address request limits.

Counters live in the default cache (Redis when REDIS_URL is set, so every web machine
counts together; local memory otherwise), one key per client, rule and time window.
"""

import logging
from dataclasses import dataclass

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from core.clients import client_ip  # noqa: F401 - AXES_CLIENT_IP_CALLABLE names it here

logger = logging.getLogger(__name__)


def login_name(request: HttpRequest, credentials: dict | None) -> str:
    """The name django-axes counts an account's failures under.

    Buyers sign in with their e-mail address, staff with a username, in any letter case:
    all of these count against the account's e-mail address, so switching between them
    does not buy extra guesses and a successful sign-in clears the same counter.
    """
    name = (credentials or {}).get("username") or ""
    if not name and request is not None:
        # Oscar's login form prefixes its fields ("login-username").
        name = request.POST.get("username") or request.POST.get("login-username") or ""
    name = name.strip().lower()
    if not name:
        return name
    account = (
        get_user_model()
        .objects.filter(Q(username__iexact=name) | Q(email__iexact=name))
        .values_list("email", flat=True)
        .first()
    )
    return account.lower() if account else name


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int


def rate_limit_rule(request: HttpRequest) -> str | None:
    """Name of the RATE_LIMITS rule that covers this request's view and method, if any."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    for scope, rule in settings.RATE_LIMITS.items():
        if request.method not in rule["methods"]:
            continue
        for name in rule["views"]:
            if match.view_name == name or (name.endswith(":") and match.view_name.startswith(name)):
                return scope
    return None


def rate_limit_hit(*, scope: str, client: str) -> Verdict:
    """Count one request for client under the named rule (fixed windows)."""
    rule = settings.RATE_LIMITS[scope]
    period = int(rule["period"])
    now = int(timezone.now().timestamp())
    window = now // period
    key = f"ratelimit:{scope}:{client}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count is None:
        # Redis unreachable (django-redis ignores it and answers None): fail open, and say so,
        # rather than refuse every buyer or show a 500. axes still locks accounts (database).
        logger.warning("rate limit %s not checked for %s: the cache is unavailable", scope, client)
        return Verdict(allowed=True, retry_after=0)
    return Verdict(allowed=count <= int(rule["limit"]), retry_after=(window + 1) * period - now)


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come from a client.

    Oscar's registration signs the new customer in with ``authenticate()`` and no request
    (the password they just chose); axes would refuse that outright. Without a request
    there is no client to throttle, so such calls go on to the real backends.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
