from django.conf import settings
from django.utils.functional import SimpleLazyObject

from basket.services import basket_owner
from core import cache

# What every page's {% cache %} keys may name; read in one round trip, when a template asks.
PAGE_TAGS = ("catalogue", "content", "listing", "prices")


def cache_versions(request):
    """{{ cache_versions.listing }} and the like for {% cache %} keys, and the visitor whose
    own header fragments may be cached ({{ cache_versions.owner }}, with its version), or
    None when their basket has to be loaded anyway (basket.services.basket_owner)."""

    def read() -> dict:
        owner = basket_owner(request)
        tags = (*PAGE_TAGS, cache.owner_tag(owner)) if owner else PAGE_TAGS
        current = cache.versions(tags)
        return {**current, "owner": owner, "owner_version": current.get(cache.owner_tag(owner))}

    return {
        "cache_versions": SimpleLazyObject(read),
        "cache_timeout": cache.TIMEOUT,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
    }
