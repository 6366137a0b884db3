"""CSRF tokens for cached pages, as Django's get_token() makes them but with cheaper randomness.

A page served from the cache to a visitor without a CSRF cookie needs a new secret and a
masked token: 64 characters, each drawn by Django with its own secrets.choice() call, a
fifth of the time of such a hit. Here they come from one read of the operating system's
random source, with the same uniform distribution over the same alphabet. The result is
exactly what get_token() returns (same secret in request.META, same masking), so Django's
CsrfViewMiddleware sets the cookie and checks the form as usual.
"""

import os

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

# The largest multiple of the alphabet's size below 256: bytes from it up are drawn again,
# so that the modulo favours no character.
_UNBIASED_BELOW = 256 - 256 % len(CSRF_ALLOWED_CHARS)
_INDEX = {char: n for n, char in enumerate(CSRF_ALLOWED_CHARS)}


def _random_chars(length: int) -> str:
    chars: list[str] = []
    while len(chars) < length:
        chars += [
            CSRF_ALLOWED_CHARS[b % len(CSRF_ALLOWED_CHARS)]
            for b in os.urandom(length + 8)
            if b < _UNBIASED_BELOW
        ]
    return "".join(chars[:length])


def csrf_token(request) -> str:
    """What django.middleware.csrf.get_token(request) returns, and with the same effects."""
    if settings.CSRF_USE_SESSIONS:
        return get_token(request)
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = _random_chars(CSRF_SECRET_LENGTH)
    # As get_token(): the cookie is sent with the response (again, to renew its expiry).
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_chars(CSRF_SECRET_LENGTH)
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_INDEX[s] + _INDEX[m]) % size] for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher
