"""Product views counted without writing to the database during a page view.

Oscar's analytics writes a row on every product page view. Instead, views are added up
in the cache (Redis in production, shared by all web workers; each web process adds its
views of the last second in one round trip) and written to Oscar's ProductRecord by
`manage.py flush_product_views`, which the scheduler runs every few minutes.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.core.cache import cache
from django.db.models import F
from oscar.core.loading import get_model

logger = logging.getLogger(__name__)
KEY_PREFIX = "product-views:"
INDEX_KEY = "product-views:index"


def _redis_client():
    """The Redis client behind the cache, or None (local memory in development)."""
    backend = getattr(cache, "_cache", None)
    get_client = getattr(backend, "get_client", None)
    return get_client(write=True) if get_client else None


# Views counted in this process and not yet added to Redis: a cached product page costs one
# cache round trip to serve, and counting it was a second one. Pushed at most a second after
# they were counted while views keep coming (and when the process exits); with little
# traffic every view is pushed at once.
_pending: Counter = Counter()
_pending_lock = threading.Lock()
_pushed_at = 0.0
PUSH_EVERY_SECONDS = 1.0


def product_view_count(product_id: int) -> None:
    global _pushed_at
    if _redis_client() is not None:
        with _pending_lock:
            _pending[product_id] += 1
            due = time.monotonic() - _pushed_at >= PUSH_EVERY_SECONDS
            if due:
                _pushed_at = time.monotonic()
        if due:
            views_push()
        return
    key = f"{KEY_PREFIX}{product_id}"
    try:
        cache.incr(key)
        return
    except ValueError:
        pass
    if cache.add(key, 1, timeout=None):
        _index_add(product_id)
    else:  # another request added it in between
        cache.incr(key)


def views_push() -> None:
    """Add this process's pending counts to Redis, in one round trip (Redis's INCRBY starts a
    missing key at 0, where Django's incr() asks whether the key exists first)."""
    with _pending_lock:
        counts = dict(_pending)
        _pending.clear()
    client = _redis_client()
    if not counts or client is None:
        return
    pipeline = client.pipeline(transaction=False)
    for product_id, views in counts.items():
        pipeline.incrby(cache.make_and_validate_key(f"{KEY_PREFIX}{product_id}"), views)
    for product_id, total in zip(counts, pipeline.execute(), strict=True):
        if total == counts[product_id]:  # the key is new: the flush must find it
            _index_add(product_id)


def _push_at_exit() -> None:
    try:
        views_push()
    except Exception:  # noqa: BLE001 - the process is ending; the counts are only statistics
        logger.warning("Product views of this process could not be pushed at exit", exc_info=True)


atexit.register(_push_at_exit)


def _index_add(product_id: int) -> None:
    index = cache.get(INDEX_KEY) or set()
    index.add(product_id)
    cache.set(INDEX_KEY, index, timeout=None)


def product_views_flush() -> int:
    """Move buffered counts into ProductRecord.num_views; returns the views written."""
    views_push()
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
