from django.conf import settings
from django.utils.functional import SimpleLazyObject

from basket.services import basket_owner
from core import cache

# What every page's {% cache %} keys may name; read in one round trip, when a template asks.
PAGE_TAGS = ("catalogue", "content", "listing", "prices")


def page_tags(request) -> tuple[tuple[str, ...], str | None]:
    """The tags every page's fragments are keyed on, and the visitor who owns some of them."""
    owner = basket_owner(request)
    return ((*PAGE_TAGS, cache.owner_tag(owner)) if owner else PAGE_TAGS), owner


def cache_versions(request):
    """{{ cache_versions.listing }} and the like for {% cache %} keys, and the visitor whose
    own header fragments may be cached ({{ cache_versions.owner }}, with its version), or
    None when their basket has to be loaded anyway (basket.services.basket_owner)."""

    def read() -> dict:
        tags, owner = page_tags(request)
        current = cache.versions(tags)
        return {**current, "owner": owner, "owner_version": current.get(cache.owner_tag(owner))}

    return {
        "cache_versions": SimpleLazyObject(read),
        "cache_timeout": cache.TIMEOUT,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
    }
