"""Who is asking: the client's address, as far as the configured proxies can be trusted.

Rate limits and the login lockout (marketplace.ratelimit) count by it, and checkout records
it on each order so staff can see one address holding many unpaid orders.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting X-Forwarded-For only as far as TRUSTED_PROXY_COUNT.

    Each trusted proxy appends the address it received the request from, so the client is
    the entry that many places from the right; anything further left was sent by the client
    and may be forged.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
