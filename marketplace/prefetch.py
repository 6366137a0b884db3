"""One cache round trip for what every logged-in page's header reads: the visitor's
permissions (marketplace.permissions), their unread notifications (marketplace.notifications)
and the versions its fragments are keyed on (marketplace.context_processors), with the
shared page of the URL (core.cache.page_key). Read one by
one they were three round trips of a logged-in page's six; on a busy machine each waits its
turn for the CPU, twice (the shop's and Redis's)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from core import cache
from marketplace import context_processors, notifications, permissions


class CachePrefetchMiddleware:
    """Below the authentication and basket middleware, whose user and basket it names."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # A request that changes something reads what it changed afresh; an anonymous page
        # is one round trip already (core.cache.anonymous_page).
        if request.method not in ("GET", "HEAD") or not request.user.is_authenticated:
            return self.get_response(request)
        tags, _owner = context_processors.page_tags(request)
        # And the shared page of this URL, which a signed-in buyer's listing is served from
        # with their own header parts (core.cache.anonymous_page).
        page = cache.page_key(request)
        keys = [page]
        # With the versions of the products its cards showed when this process last saw it.
        tags = (*tags, *cache.page_tags_seen(page))
        for entry in (permissions.cache_entry, notifications.cache_entry):
            key, entry_tags = entry(request.user)
            keys.append(key)
            tags = (*tags, *entry_tags)
        token = cache.prefetch(keys, dict.fromkeys(tags))
        try:
            return self.get_response(request)
        finally:
            cache.prefetch_end(token)
