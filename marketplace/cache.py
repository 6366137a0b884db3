"""Cache generations: what is cached names the generation of the data it shows, and every
change to that data starts a new generation, so a stale fragment or search result is never
looked up again (it ages out on its own).

Two generations: CATALOGUE (products, prices, stock, images, categories, producers,
villages, the search index) and CONTENT (Wagtail pages and snippets). With Redis (REDIS_URL)
every web process sees a new generation at once. The local-memory fallback lives in one
process, so there cached entries also expire after TIMEOUT: another process's change shows
within that time at worst.
"""

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

CATALOGUE = "catalogue"
CONTENT = "content"
TIMEOUT = 600
_KEYS = {CATALOGUE: "generation:catalogue", CONTENT: "generation:content"}


def _fresh() -> int:
    # A value never used before, so an evicted counter cannot come back to an old number.
    return time.time_ns() // 1000


def generations() -> dict[str, int]:
    found = cache.get_many(list(_KEYS.values()))
    result = {}
    for name, key in _KEYS.items():
        if key not in found:
            cache.add(key, _fresh(), None)
            found[key] = cache.get(key)
        result[name] = found[key]
    return result


def generation_bump(name: str) -> None:
    """Start a new generation of `name` once the current transaction commits (before it, a
    concurrent request would cache the old rows under the new generation)."""

    def bump() -> None:
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
