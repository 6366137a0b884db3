"""Cache generations: what is cached names the generation of the data it shows, and every
change to that data starts a new generation, so a stale fragment or search result is never
looked up again (it ages out on its own).

Two generations: CATALOGUE (products, prices, stock, images, categories, producers,
villages, the search index) and CONTENT (Wagtail pages and snippets). With Redis (REDIS_URL)
every web process sees a new generation at once. The local-memory fallback lives in one
process, so there cached entries also expire after TIMEOUT: another process's change shows
within that time at worst.
"""

import functools
import hashlib
import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH
from django.middleware.gzip import re_accepts_gzip  # as PageCompressionMiddleware decides
from django.utils.cache import patch_vary_headers

from marketplace.csrf import csrf_token
from marketplace.packed_pages import PackedPage

CATALOGUE = "catalogue"
CONTENT = "content"
PERMISSIONS = "permissions"  # groups' permissions (marketplace.permissions)
TIMEOUT = 600
_KEYS = {
    CATALOGUE: "generation:catalogue",
    CONTENT: "generation:content",
    PERMISSIONS: "generation:permissions",
}


def _fresh() -> int:
    # A value never used before, so an evicted counter cannot come back to an old number.
    return time.time_ns() // 1000


# Within one request the generations are read from the cache once (GenerationsMiddleware):
# a page asks for them from every cached fragment.
_request_generations: ContextVar[dict | None] = ContextVar("request_generations", default=None)


def generations() -> dict[str, int]:
    memo = _request_generations.get()
    if memo:
        return dict(memo)
    found = cache.get_many(list(_KEYS.values()))
    result = {}
    for name, key in _KEYS.items():
        if key not in found:
            cache.add(key, _fresh(), None)
            found[key] = cache.get(key)
        result[name] = found[key]
    if memo is not None:
        memo.update(result)
    return result


class GenerationsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_generations.set({})
        personal_token = _request_personal.set({})
        try:
            return self.get_response(request)
        finally:
            _request_personal.reset(personal_token)
            _request_generations.reset(token)


def generation_bump(name: str) -> None:
    """Start a new generation of `name` once the current transaction commits (before it, a
    concurrent request would cache the old rows under the new generation)."""

    def bump() -> None:
        memo = _request_generations.get()
        if memo:  # this request changed the data: its later reads must see the new generation
            memo.clear()
        try:
            cache.incr(_KEYS[name])
        except ValueError:  # not there (evicted, or never read): any new value will do
            cache.set(_KEYS[name], _fresh(), None)

    transaction.on_commit(bump)


def cached(kind: str, parts: tuple, compute: Callable[[], Any], *, depends_on: tuple[str, ...]) -> Any:
    """compute() once per generation of `depends_on` and per `parts`."""
    current = generations()
    digest = hashlib.sha256(repr((parts, [current[name] for name in depends_on])).encode()).hexdigest()
    key = f"{kind}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


# --- Fragments that belong to one visitor -------------------------------------


def _owner_version_key(owner: str) -> str:
    return f"owner-version:{owner}"


# What personal() read for each owner in this request (GenerationsMiddleware), and the names
# it has been asked for in this process: a page's first personal() for an owner fetches all
# of that owner's fragments in one round trip, where a logged-in page made four.
_request_personal: ContextVar[dict | None] = ContextVar("request_personal", default=None)
_personal_names: dict[str, set[str]] = {}


def owner_changed(*owners: str) -> None:
    """Start a new version of these owners' personal fragments once the transaction commits."""

    def bump() -> None:
        memo = _request_personal.get()
        if memo:  # this request changed them: its later reads must see the new version
            for owner in owners:
                memo.pop(owner, None)
        cache.set_many({_owner_version_key(owner): _fresh() for owner in owners}, None)

    transaction.on_commit(bump)


def personal(
    owner: str, name: str, compute: Callable[[], Any], *, depends_on: tuple[str, ...] = (CATALOGUE,)
) -> Any:
    """compute() once per version of `owner` (owner_changed() starts a new one) and per
    generation of `depends_on`: what a logged-in page shows of its visitor (their basket, say),
    rendered again only after it changed."""
    version_key, key = _owner_version_key(owner), f"personal:{owner}:{name}"
    names = _personal_names.setdefault(owner.split("-", 1)[0], set())
    names.add(name)
    memo = _request_personal.get()
    read = memo.get(owner) if memo is not None else None
    if read is None or key not in read[0]:
        wanted = [version_key, *(f"personal:{owner}:{known}" for known in sorted(names))]
        read = (set(wanted), cache.get_many(wanted))
        if memo is not None:
            memo[owner] = read
    found = read[1]
    version = found.get(version_key)
    if version is None:  # never changed, or evicted: any value not used before will do
        cache.add(version_key, _fresh(), None)
        version = found[version_key] = cache.get(version_key)
    current = generations()
    built_from = (version, *(current[generation] for generation in depends_on))
    stored = found.get(key)
    if stored is not None and stored[0] == built_from:
        return stored[1]
    value = compute()
    cache.set(key, (built_from, value), TIMEOUT)
    found[key] = (built_from, value)
    return value


# --- What starts a new generation -------------------------------------------

CATALOGUE_MODELS = (
    ("catalogue", "Product"),
    ("catalogue", "ProductImage"),
    ("catalogue", "ProductCategory"),
    ("catalogue", "ProductAttributeValue"),
    ("catalogue", "ProductClass"),
    ("catalogue", "Category"),
    ("partner", "StockRecord"),
    ("partner", "Partner"),
    ("sellers", "SellerProfile"),
    ("sellers", "Cooperative"),
    ("regions", "Village"),
    # Units sold, shown on the home page.
    ("fulfilment", "SellerOrder"),
    # Offers and vouchers change what a basket costs (its cached summary in the header).
    ("offer", "ConditionalOffer"),
    ("offer", "Range"),
    ("offer", "RangeProduct"),
    ("offer", "Condition"),
    ("offer", "Benefit"),
    ("voucher", "Voucher"),
)


def _catalogue_changed(sender, **kwargs) -> None:
    generation_bump(CATALOGUE)


def _content_changed(sender, **kwargs) -> None:
    generation_bump(CONTENT)


def invalidation_connect() -> None:
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    for app_label, model_name in CATALOGUE_MODELS:
        model = apps.get_model(app_label, model_name)
        post_save.connect(_catalogue_changed, sender=model, dispatch_uid=f"cache-{app_label}-{model_name}")
        post_delete.connect(
            _catalogue_changed, sender=model, dispatch_uid=f"cache-del-{app_label}-{model_name}"
        )
    # Pages, and the snippets and settings pages show (programme figures, badges, links).
    for model in apps.get_app_config("cms").get_models():
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"cache-cms-{model.__name__}")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"cache-cms-del-{model.__name__}")
    page_published.connect(_content_changed, dispatch_uid="cache-page-published")
    page_unpublished.connect(_content_changed, dispatch_uid="cache-page-unpublished")
    from wagtail.models import Page

    post_delete.connect(_content_changed, sender=Page, dispatch_uid="cache-page-deleted")
    # product.categories.add() writes the through table without saving ProductCategory.
    product = apps.get_model("catalogue", "Product")
    m2m_changed.connect(_catalogue_changed, sender=product.categories.through, dispatch_uid="cache-m2m-cat")


# --- Whole pages for anonymous visitors ---------------------------------------

_CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
_NONCE = re.compile(r'(nonce=")([^"]+)(")')
# Indentation between tags is a quarter of a rendered listing; a newline does the same.
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")
# Indentation at the start of any other line: another tenth (not where whitespace shows).
_INDENTATION = re.compile(r"\n[ \t]+")
_WHITESPACE_MATTERS = ("<pre", "<textarea")
_CSRF_HOLE = "\x00csrf\x00"
_NONCE_HOLE = "\x00nonce\x00"


def compacted(html: str) -> str:
    """html without the indentation of its lines (a tenth to a third of a rendered page), where
    no whitespace shows."""
    html = _BETWEEN_TAGS.sub(">\n<", html)
    if any(tag in html for tag in _WHITESPACE_MATTERS):
        return html
    return _INDENTATION.sub("\n", html)


def csrf_holes_made(html: str) -> str:
    """html with every form's CSRF token replaced by a hole csrf_holes_filled() fills."""
    return _CSRF_VALUE.sub(lambda m: m.group(1) + _CSRF_HOLE + m.group(3), html)


def csrf_holes_filled(html: str, request) -> str:
    if _CSRF_HOLE not in html:
        return html
    return html.replace(_CSRF_HOLE, _shared_csrf_token(request))


def _shared_csrf_token(request) -> str:
    # One masked token serves every form of the response.
    token = getattr(request, "_shared_csrf_token", None)
    if token is None:
        token = request._shared_csrf_token = csrf_token(request)
    return token


def _page_is_shareable(request) -> bool:
    """A visitor whose page is the same as everyone's: not logged in, no basket, no message
    waiting, no session yet."""
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not any(name in request.COOKIES for name in _personal_cookies())
    )


def _personal_cookies() -> tuple[str, ...]:
    from django.conf import settings

    return (
        settings.OSCAR_BASKET_COOKIE_OPEN,
        settings.SESSION_COOKIE_NAME,
        settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME,  # set by older versions of the shop
        "messages",
    )


def anonymous_page(*, depends_on: tuple[str, ...], on_hit: Callable | None = None):
    """Cache a view's whole page for anonymous visitors, per URL, language and generation.

    The per-visitor parts are put back on every hit: a fresh CSRF token in each form (and its
    cookie) and this response's Content-Security-Policy nonce. A page that sets a cookie
    other than the CSRF one, or is not a plain 200, is never stored. A hit costs one cache
    round trip: the page is stored under its URL with the generations it was built from, and
    read together with the current ones; and it compresses nothing, as the page is stored
    gzip-compressed around its holes (marketplace.packed_pages).
    """
    generation_keys = [_KEYS[name] for name in depends_on]

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _page_is_shareable(request):
                return view(request, *args, **kwargs)
            from django.utils.translation import get_language

            parts = (view.__module__, view.__qualname__, request.get_full_path(), get_language())
            key = "packed-page:" + hashlib.sha256(repr(parts).encode()).hexdigest()
            found = cache.get_many([*generation_keys, key])
            if any(name not in found for name in generation_keys):
                current = generations()
                found.update({_KEYS[name]: current[name] for name in depends_on})
            built_from = tuple(found[name] for name in generation_keys)
            stored = found.get(key)
            if stored is not None and stored[0] == built_from:
                page: PackedPage = stored[1]
                if on_hit is not None:
                    on_hit(request, *args, **kwargs)
                return _page_response(page, request)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not (set(response.cookies) - {"csrftoken"}):
                text = compacted(response.content.decode(response.charset))
                response.content = text
                text = csrf_holes_made(text)
                text = _NONCE.sub(lambda m: m.group(1) + _NONCE_HOLE + m.group(3), text)
                page = PackedPage.pack(
                    text,
                    holes={
                        _CSRF_HOLE: ("csrf", CSRF_TOKEN_LENGTH),
                        _NONCE_HOLE: ("nonce", len(str(request.csp_nonce))),
                    },
                    content_type=response["Content-Type"],
                    charset=response.charset,
                )
                cache.set(key, (built_from, page), TIMEOUT)
                response["X-Page-Cache"] = "miss"
            return response

        return wrapper

    return decorator


def _page_response(page: PackedPage, request) -> HttpResponse:
    """The cached page with this visitor's values in its holes, gzip-compressed already when
    the browser takes gzip (PageCompressionMiddleware leaves an encoded response alone)."""
    values = {"nonce": str(request.csp_nonce).encode()}
    if page.needs("csrf"):
        values["csrf"] = _shared_csrf_token(request).encode()
    if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(page.gzipped(values), content_type=page.content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(page.plain(values), content_type=page.content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    response["Content-Length"] = str(len(response.content))
    response["X-Page-Cache"] = "hit"
    return response
