"""Product views counted without writing to the database during a page view.

Oscar's analytics writes a row on every product page view. Instead, views are added up
in the cache (Redis in production, shared by all web workers) and written to Oscar's
ProductRecord by `manage.py flush_product_views`, which the scheduler runs every few
minutes.
"""

from django.core.cache import cache
from django.db.models import F
from oscar.core.loading import get_model

KEY_PREFIX = "product-views:"
INDEX_KEY = "product-views:index"


def _redis_client():
    """The Redis client behind the cache, or None (local memory in development)."""
    backend = getattr(cache, "_cache", None)
    get_client = getattr(backend, "get_client", None)
    return get_client(write=True) if get_client else None


def product_view_count(product_id: int) -> None:
    key = f"{KEY_PREFIX}{product_id}"
    client = _redis_client()
    if client is not None:
        # Redis's INCR starts a missing key at 0: one round trip, where Django's incr() asks
        # whether the key exists first. Every cached product page pays for this.
        if client.incr(cache.make_and_validate_key(key)) == 1:
            _index_add(product_id)
        return
    try:
        cache.incr(key)
        return
    except ValueError:
        pass
    if cache.add(key, 1, timeout=None):
        _index_add(product_id)
    else:  # another request added it in between
        cache.incr(key)


def _index_add(product_id: int) -> None:
    index = cache.get(INDEX_KEY) or set()
    index.add(product_id)
    cache.set(INDEX_KEY, index, timeout=None)


def product_views_flush() -> int:
    """Move buffered counts into ProductRecord.num_views; returns the views written."""
    ProductRecord = get_model("analytics", "ProductRecord")
    Product = get_model("catalogue", "Product")
    index = cache.get(INDEX_KEY) or set()
    cache.delete(INDEX_KEY)
    written = 0
    for product_id in index:
        key = f"{KEY_PREFIX}{product_id}"
        views = cache.get(key) or 0
        cache.delete(key)
        if not views or not Product.objects.filter(pk=product_id).exists():
            continue
        updated = ProductRecord.objects.filter(product_id=product_id).update(num_views=F("num_views") + views)
        if not updated:
            ProductRecord.objects.create(product_id=product_id, num_views=views)
        written += views
    return written


def receive_product_view(sender, product, user, **kwargs) -> None:
    product_view_count(product.pk)
