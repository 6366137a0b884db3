"""Caching by what changed: everything cached names the *tags* of what it shows, and a change
to a tagged row gives that tag a new version once its transaction commits
(marketplace.invalidation says which change touches which tag). An entry built from older
versions is never served as current again; it ages out on its own (TIMEOUT).

Tags: ``product:<id>`` (one product's page and card), ``listing`` (which products listings
and searches show, in what order, with what facets), ``catalogue`` (what surrounds products
on every page: categories, villages, offers), ``prices`` (what a basket costs), ``content``
(Wagtail pages and snippets), ``permissions`` (groups' permissions) and ``owner:<key>`` (one
visitor's own fragments: their basket, notifications, permissions).

No stampede: when an entry is out of date, one request rebuilds it (a short lock taken with
the cache's atomic ``add``) while the others are served the previous entry.
"""

import functools
import gzip
import hashlib
import re
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string
from django.utils.translation import get_language

TIMEOUT = 600
REBUILD_SECONDS = 10  # how long a rebuild may hold its lock before another may try
_VERSION = "version:"


# What prefetch() read for the request being served: key -> value, _ABSENT where none is stored.
_prefetched: ContextVar[dict | None] = ContextVar("cache_prefetched", default=None)
_ABSENT = object()


def _fresh() -> int:
    # A value never used before, so an evicted version cannot come back to an old number.
    return time.time_ns() // 1000


def key_for(kind: str, *parts) -> str:
    return f"{kind}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _versions_from(found: dict, tags: Iterable[str]) -> tuple:
    """The versions of `tags` from a get_many() answer, giving a first version to those
    that have none (never changed, or evicted)."""
    missing = [_VERSION + tag for tag in tags if _VERSION + tag not in found]
    _forget(missing)
    for key in missing:
        cache.add(key, _fresh(), None)  # add: concurrent first readers agree on one version
    if missing:
        found.update(cache.get_many(missing))
    return tuple(found.get(_VERSION + tag) for tag in tags)


def versions(tags: Iterable[str]) -> dict[str, int]:
    return read_with_versions([], tags)[1]


def read_with_versions(keys: list[str], tags: Iterable[str]) -> tuple[dict, dict[str, int]]:
    """The entries stored under `keys` and the versions of `tags`, in one round trip."""
    tags = tuple(tags)
    found = _get_many([*keys, *(_VERSION + tag for tag in tags)])
    return found, dict(zip(tags, _versions_from(found, tags), strict=True))


def tags_changed(*tags: str) -> None:
    """New versions of these tags once the current transaction commits (before it, a
    concurrent request would cache the old rows under the new version)."""
    if tags:
        _forget(_VERSION + tag for tag in tags)
        transaction.on_commit(lambda: cache.set_many({_VERSION + tag: _fresh() for tag in set(tags)}, None))


def prefetch(keys: Iterable[str], tags: Iterable[str]):
    """Read entries and tag versions this request is going to ask for in one round trip
    instead of one each (a logged-in page's header asks for three: its permissions, its
    unread notifications, the versions of its fragments). Returns the token for
    prefetch_end(), which the request must call when it is done."""
    wanted = [*keys, *(_VERSION + tag for tag in tags)]
    found = cache.get_many(wanted)
    return _prefetched.set({key: found.get(key, _ABSENT) for key in wanted})


def prefetch_end(token) -> None:
    _prefetched.reset(token)


def _get_many(keys: list[str]) -> dict:
    """cache.get_many(), answered from this request's prefetch where it can be."""
    memo = _prefetched.get()
    if memo is None:
        return cache.get_many(keys)
    found = {key: memo[key] for key in keys if key in memo and memo[key] is not _ABSENT}
    missing = [key for key in keys if key not in memo]
    if missing:
        found.update(cache.get_many(missing))
    return found


def _forget(keys: Iterable[str]) -> None:
    """What this request wrote or renewed is read from the cache again, not the prefetch."""
    memo = _prefetched.get()
    if memo is not None:
        for key in keys:
            memo.pop(key, None)


def owner_tag(owner: str) -> str:
    return f"owner:{owner}"


def product_tags(product_ids: Iterable[int]) -> list[str]:
    return [f"product:{pk}" for pk in product_ids]


def _rebuild_claimed(key: str) -> bool:
    return cache.add(f"rebuilding:{key}", 1, REBUILD_SECONDS)


def _rebuild_done(key: str) -> None:
    cache.delete(f"rebuilding:{key}")


def cached(key: str, compute: Callable[[], Any], *, tags: tuple[str, ...], stale_ok: bool = True) -> Any:
    """compute() once per version of `tags`; one cache round trip when it is current.
    stale_ok: while another request rebuilds it, serve the previous value (not for what one
    visitor has just changed themselves, such as their basket)."""
    found = _get_many([key, *(_VERSION + tag for tag in tags)])
    built_from = _versions_from(found, tags)
    stored = found.get(key)
    if stored is not None and stored[0] == built_from:
        return stored[1]
    claimed = stored is not None and stale_ok
    if claimed and not _rebuild_claimed(key):
        return stored[1]  # another request is rebuilding it
    try:
        value = compute()
        cache.set(key, (built_from, value), TIMEOUT)
        _forget([key])
    finally:
        if claimed:
            _rebuild_done(key)
    return value


# --- Whole pages for anonymous visitors ---------------------------------------

# Django's CSRF form field: its value is emptied in a shared page (the visitor's own token is
# the CSRF cookie, which static/js/csrf.js puts in, see marketplace.csrf).
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as Django's GZipMiddleware reads Accept-Encoding
# Indentation between tags is a quarter of a rendered listing, and of the rest another tenth.
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")
_INDENTATION = re.compile(r"\n[ \t]+")


def compacted(html: str) -> str:
    """html without the indentation of its lines, where no whitespace shows."""
    html = _BETWEEN_TAGS.sub(">\n<", html)
    return html if "<pre" in html or "<textarea" in html else _INDENTATION.sub("\n", html)


def page_shows(request, shown: dict[str, int]) -> None:
    """A fragment of the page being built for the shared cache showed these tags at these
    versions (product_cards: each card's product): the page is out of date when they change."""
    if hasattr(request, "page_cache_tags"):
        request.page_cache_tags.update(shown)


def _has_personal_cookies(request, *, but: tuple[str, ...] = ()) -> bool:
    personal_cookies = (
        settings.OSCAR_BASKET_COOKIE_OPEN,
        settings.SESSION_COOKIE_NAME,
        settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME,
        "messages",
    )
    # An empty one is a cookie being deleted (a client may still send it once).
    return any(request.COOKIES.get(name) for name in personal_cookies if name not in but)


def _page_is_shareable(request) -> bool:
    """A visitor whose page is the same as everyone's: not logged in, no basket, no message
    waiting, no session yet."""
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not _has_personal_cookies(request)
    )


def page_variant(request) -> tuple:
    """Besides URL and language, what makes one anonymous visitor's page differ from
    another's: settings.PAGE_CACHE_VARY names functions of the request (the currency prices
    are converted to, exchange.visitors), listed there so that this bottom layer need not
    know the apps above it."""
    return tuple(import_string(path)(request) for path in settings.PAGE_CACHE_VARY)


def _page_is_shareable_signed_in(request) -> bool:
    """A signed-in visitor whose page differs from everyone's only in the marked parts (their
    session is theirs; no anonymous basket to merge, no recently viewed, no message cookie)."""
    return (
        request.method in ("GET", "HEAD")
        and request.user.is_authenticated
        and not _has_personal_cookies(request, but=(settings.SESSION_COOKIE_NAME,))
    )


# The marked parts of a shared page that are each visitor's own (includes/site_header.html).
VISITOR_PARTS = re.compile(r"<!--visitor-->.*?<!--/visitor-->", re.S)


def anonymous_page(
    *,
    tags: Callable[..., tuple[str, ...]],
    on_hit: Callable | None = None,
    visitor_parts: Callable[..., str | None] | None = None,
):
    """Cache a view's whole page for anonymous visitors, per URL, host, language, variant
    (page_variant(): the currency prices are converted to) and the
    versions of what it shows: `tags(request, *args, **kwargs)`, known before rendering, and
    whatever its fragments add while it is built (page_shows()).

    A stored page is the same bytes for every visitor, kept gzip-compressed: its forms carry
    no CSRF token and it has no inline script (so no CSP nonce). A hit costs one cache round
    trip, and one more for the tags the page added. A page that sets a cookie, or is not a
    plain 200, is never stored.

    visitor_parts(request): for a view whose page differs between visitors only in the parts
    marked <!--visitor-->…<!--/visitor--> (the header's account links and basket), this
    signed-in visitor's own parts, or None when their page must be built whole (a message
    waiting, staff). A signed-in visitor is then served the current shared page with those
    parts put in (its forms get their token from CsrfTokenMiddleware on the way out); a
    shared page is only ever built for an anonymous visitor.
    """

    def decorator(view):
        # A page served from the cache asks the database nothing, not even the health check
        # of the connection a request-wide transaction (ATOMIC_REQUESTS) would open: that
        # transaction is opened around building a page instead (_built), as Django would.
        @transaction.non_atomic_requests
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if visitor_parts is not None and _page_is_shareable_signed_in(request):
                return _signed_in_page(view, request, args, kwargs, tags=tags, parts=visitor_parts)
            if not _page_is_shareable(request):
                return _built(view, request, args, kwargs)
            known = tuple(tags(request, *args, **kwargs))
            key = page_key(request)
            found = cache.get_many([key, *(_VERSION + tag for tag in (*known, *page_tags_seen(key)))])
            known_versions = _versions_from(found, known)
            stored = found.get(key)
            if stored is not None:
                current = _page_current(key, stored, known, known_versions, found)
                if current or not _rebuild_claimed(key):
                    if on_hit is not None:
                        on_hit(request, *args, **kwargs)
                    return _page_response(stored[2], request)
            try:
                return _page_built(
                    view, request, args, kwargs, key=key, known=known, known_versions=known_versions
                )
            finally:
                if stored is not None:
                    _rebuild_done(key)

        return wrapper

    return decorator


def _built(view, request, args, kwargs):
    """The view's own response, in the transaction ATOMIC_REQUESTS would have given it."""
    with transaction.atomic():
        return view(request, *args, **kwargs)


def page_key(request) -> str:
    """Where a shared page is stored: per URL (one view each), host, scheme, language and
    variant (the currency prices are converted to), so
    that marketplace.prefetch can read it with the header's entries before the view runs."""
    return key_for(
        "page",
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        get_language(),
        *page_variant(request),
    )


# The tags a stored page added while it was built (its cards' products), by page key, as
# this process last saw them: read with the page's entry (anonymous_page, marketplace.prefetch)
# instead of in a second round trip once the page is read. Only a guess: whatever is not
# among them is read then. Bounded, and emptied when full; worth a round trip a hit.
_TAGS_SEEN: dict[str, tuple[str, ...]] = {}
_TAGS_SEEN_MAX = 2000


def page_tags_seen(key: str) -> tuple[str, ...]:
    return _TAGS_SEEN.get(key, ())


def _page_current(key: str, stored: tuple, known: tuple, known_versions: tuple, found: dict) -> bool:
    page_tags, built_from, _page = stored
    if page_tags[: len(known)] != known or built_from[: len(known)] != known_versions:
        return False
    added = page_tags[len(known) :]
    if not added:
        return True
    if _TAGS_SEEN.get(key) != added:
        if len(_TAGS_SEEN) >= _TAGS_SEEN_MAX:
            _TAGS_SEEN.clear()
        _TAGS_SEEN[key] = added
    wanted = [_VERSION + tag for tag in added]
    missing = [name for name in wanted if name not in found]
    if missing:  # not guessed: read now (from this request's prefetch where it can be)
        found = {**found, **_get_many(missing)}
    # A version evicted or never given is None: never the one the page was built from.
    return tuple(found.get(name) for name in wanted) == built_from[len(known) :]


def _signed_in_page(view, request, args, kwargs, *, tags: Callable, parts: Callable):
    """The current shared page with this signed-in visitor's own parts, or their page built
    whole (no current shared page: an out-of-date one is not theirs to rebuild or show)."""
    known = tuple(tags(request, *args, **kwargs))
    key = page_key(request)
    found = _get_many([key, *(_VERSION + tag for tag in (*known, *page_tags_seen(key)))])
    stored = found.get(key)
    if stored is None or not _page_current(key, stored, known, _versions_from(found, known), found):
        return _built(view, request, args, kwargs)
    own = parts(request, *args, **kwargs)
    if own is None:
        return _built(view, request, args, kwargs)
    content_type, compressed = stored[2]
    html = gzip.decompress(compressed).decode()
    # A function as the replacement: the visitor's parts are put in as they are.
    html, found_parts = VISITOR_PARTS.subn(
        lambda _match: f"<!--visitor-->{own}<!--/visitor-->", html, count=1
    )
    if not found_parts:
        return _built(view, request, args, kwargs)
    response = HttpResponse(html, content_type=content_type)
    response["X-Page-Cache"] = "hit, own parts"
    return response


def _page_built(view, request, args, kwargs, *, key: str, known: tuple, known_versions: tuple):
    request.page_cache_tags = {}
    with transaction.atomic():
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
    if response.status_code == 200 and not response.cookies:
        text = CSRF_VALUE.sub(r"\1\2", compacted(response.content.decode(response.charset)))
        if 'nonce="' not in text:  # an inline script would need this response's nonce
            shown = request.page_cache_tags
            page = (response["Content-Type"], gzip.compress(text.encode(response.charset), mtime=0))
            built_from = known_versions + tuple(shown[tag] for tag in sorted(shown))
            cache.set(key, ((*known, *sorted(shown)), built_from, page), TIMEOUT)
            response["X-Page-Cache"] = "miss"
    return response


def _page_response(page: tuple[str, bytes], request) -> HttpResponse:
    content_type, compressed = page
    if _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(compressed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(compressed), content_type=content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    response["Content-Length"] = str(len(response.content))
    response["X-Page-Cache"] = "hit"
    return response
