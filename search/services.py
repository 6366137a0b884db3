"""The search service: listings, searches and autocomplete for the shop pages, and indexing.

Views call product_search(); it asks the configured backend for one page of ids and facet
counts, loads those products through catalog.selectors.product_browsable() (so a product
whose seller was suspended a moment ago is still never shown) and names the facet values.
"""

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalog.selectors import product_browsable
from core import batching, cache
from regions.models import Province, Regency, Village
from search import queries
from search.backends import DATABASE, get_backend
from search.backends.database import DatabaseBackend
from search.indexing import product_records
from sellers.models import SellerProfile

logger = logging.getLogger(__name__)
Category = get_model("catalogue", "Category")

FACET_TITLES = {
    queries.FACET_CATEGORY: _("Kategori"),
    queries.FACET_PROVINCE: _("Provinsi"),
    queries.FACET_REGENCY: _("Kabupaten/kota"),
    queries.FACET_VILLAGE: _("Desa"),
    queries.FACET_PRODUCER: _("Produsen"),
    queries.FACET_PRICE: _("Harga"),
    queries.FACET_HALAL: _("Sertifikat"),
    queries.FACET_PIRT: _("Izin pangan"),
    queries.FACET_IN_STOCK: _("Ketersediaan"),
}
FLAG_LABELS = {
    queries.FACET_HALAL: _("Bersertifikat halal"),
    queries.FACET_PIRT: _("Ber-P-IRT"),
    queries.FACET_IN_STOCK: _("Siap dibeli"),
}
FACET_ORDER = (
    queries.FACET_CATEGORY,
    queries.FACET_PROVINCE,
    queries.FACET_REGENCY,
    queries.FACET_VILLAGE,
    queries.FACET_PRODUCER,
    queries.FACET_PRICE,
    queries.FACET_IN_STOCK,
    queries.FACET_HALAL,
    queries.FACET_PIRT,
)


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    title: str
    values: list[FacetValue]

    @property
    def selected(self) -> FacetValue | None:
        return next((value for value in self.values if value.selected), None)


@dataclass
class ProductPage:
    total: int
    products: list
    facets: list[Facet] = field(default_factory=list)
    suggestion: str = ""
    partial: bool = False  # no product had every word: these have some of them
    estimated: bool = False  # the total and counts are estimates (very many matches)


def product_search(*, query: queries.ProductQuery) -> ProductPage:
    """One page of products with named facets. What the backend answers is cached until the
    listing changes (a product listed or withdrawn, a price, a sell-out: core.cache); the
    products themselves are loaded fresh or from cards of their current version."""
    found = cache.cached(
        cache.key_for("product-search", query, get_language()),
        lambda: _search_uncached(query),
        tags=("listing", "catalogue"),
    )
    return ProductPage(
        total=found.total,
        products=PageProducts(found.product_ids),
        facets=found.facets,
        suggestion=found.suggestion,
        partial=found.partial,
        estimated=found.estimated,
    )


class PageProducts(Sequence):
    """One page's products, read from the database only when something reads them: product
    cards cached for the product's current version need no product (catalog_tags.product_cards
    loads just the ones it must render)."""

    def __init__(self, product_ids: list[int]):
        self.ids = list(product_ids)
        self._loaded: list | None = None

    def load(self, ids: Iterable[int] | None = None) -> list:
        """The products with these ids (all of the page's by default) that are still for sale."""
        if ids is None:
            if self._loaded is None:
                found = product_browsable().in_bulk(self.ids)
                self._loaded = [found[pk] for pk in self.ids if pk in found]
            return self._loaded
        wanted = list(ids)
        found = product_browsable().in_bulk(wanted)
        return [found[pk] for pk in wanted if pk in found]

    def __len__(self) -> int:
        return len(self.load())

    def __bool__(self) -> bool:
        return bool(self.ids)

    def __getitem__(self, index):
        return self.load()[index]

    def __iter__(self):
        return iter(self.load())


@dataclass(frozen=True)
class _Found:
    total: int
    product_ids: list[int]
    facets: list["Facet"]
    suggestion: str
    partial: bool = False
    estimated: bool = False


# Elasticsearch unreachable: each web process asks the database for this long before it
# tries the cluster again, so a steady load is not held up by one failing call per request.
SEARCH_FALLBACK_SECONDS = 10
_external_down_until = 0.0


def _backend_search(query: queries.ProductQuery) -> queries.SearchResult:
    """The configured backend's answer; the database's while an external index (Elasticsearch)
    is unreachable or failing. The database's index is kept current whatever the backend
    (products_index_later), so the fallback finds what the cluster would have."""
    global _external_down_until
    backend = get_backend()
    if backend.transactional or not getattr(settings, "SEARCH_FALLBACK", True):
        return backend.search(query)
    if time.monotonic() < _external_down_until:
        return _database_backend().search(query)
    try:
        return backend.search(query)
    except Exception:  # any failure of the cluster (refused, timeout, 5xx): the shop's own index answers
        _external_down_until = time.monotonic() + SEARCH_FALLBACK_SECONDS
        logger.warning(
            "Search backend %s failed; searching the database for %d s",
            type(backend).__name__, SEARCH_FALLBACK_SECONDS, exc_info=True,
        )  # fmt: skip
        return _database_backend().search(query)


def _database_backend() -> DatabaseBackend:
    return DatabaseBackend()


def _search_uncached(query: queries.ProductQuery) -> _Found:
    query = replace(query, facet_category_ids=_facet_category_ids(query.category))
    result = _backend_search(query)
    return _Found(
        total=result.total,
        product_ids=list(result.product_ids),
        facets=_named_facets(result, query),
        suggestion=result.suggestion if result.suggestion != query.text.lower() else "",
        partial=result.partial,
        estimated=result.estimated,
    )


def product_autocomplete(*, prefix: str, limit: int = 8) -> list[queries.Suggestion]:
    try:
        return get_backend().autocomplete(prefix[:100], limit=limit)
    except Exception:  # autocomplete is a convenience: the plain search still works
        logger.exception("Autocomplete failed for %r", prefix)
        return []


def _facet_category_ids(category_id: int | None) -> tuple[int, ...]:
    return cache.cached(
        f"facet-categories:{category_id}",
        lambda: _facet_category_ids_uncached(category_id),
        tags=("catalogue",),
    )


def _facet_category_ids_uncached(category_id: int | None) -> tuple[int, ...]:
    categories = Category.objects.filter(is_public=True)
    if category_id is None:
        return tuple(categories.filter(depth=1).values_list("id", flat=True))
    parent = Category.objects.filter(pk=category_id).first()
    if parent is None:
        return ()
    return tuple(
        categories.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list("id", flat=True)
    )


def _named_facets(result: queries.SearchResult, query: queries.ProductQuery) -> list[Facet]:
    selected = {
        queries.FACET_CATEGORY: query.category,
        queries.FACET_PROVINCE: query.province,
        queries.FACET_REGENCY: query.regency,
        queries.FACET_VILLAGE: query.village,
        queries.FACET_PRODUCER: query.producer,
        queries.FACET_PRICE: query.price,
        queries.FACET_HALAL: query.halal or None,
        queries.FACET_PIRT: query.pirt or None,
        queries.FACET_IN_STOCK: query.in_stock or None,
    }
    labellers: dict[str, Callable[[Iterable], dict]] = {
        # Every category, province and producer name fits in one small cached map; regencies
        # and villages are looked up by the keys at hand (Indonesia has 80,000 villages).
        queries.FACET_CATEGORY: lambda keys: _all_names(queries.FACET_CATEGORY, Category.objects.all()),
        queries.FACET_PROVINCE: lambda keys: _all_names(queries.FACET_PROVINCE, Province.objects.all()),
        queries.FACET_REGENCY: lambda keys: {r.pk: str(r) for r in Regency.objects.filter(pk__in=keys)},
        queries.FACET_VILLAGE: lambda keys: {v.pk: str(v) for v in Village.objects.filter(pk__in=keys)},
        queries.FACET_PRODUCER: lambda keys: _all_names(queries.FACET_PRODUCER, SellerProfile.objects.all()),
        queries.FACET_PRICE: lambda keys: {r.key: r.label for r in queries.PRICE_RANGES},
    }
    facets = []
    for name in FACET_ORDER:
        counts = result.facets.get(name)
        if not counts:
            continue
        if name in FLAG_LABELS:
            labels = {True: FLAG_LABELS[name]}
        else:
            labels = labellers[name](list(counts))
        keys = list(counts)
        if name == queries.FACET_PRICE:
            keys = [r.key for r in queries.PRICE_RANGES if r.key in counts]
        elif name != queries.FACET_PRODUCER:
            keys.sort(key=lambda key: str(labels.get(key, key)))
        values = [
            FacetValue(
                key="1" if key is True else str(key),
                label=str(labels.get(key, key)),
                count=counts[key],
                selected=selected[name] is not None
                and str(selected[name]) == str(key if key is not True else 1),
            )
            for key in keys
            if key in labels
        ]
        if values:
            facets.append(Facet(name=name, title=str(FACET_TITLES[name]), values=values))
    return facets


def _all_names(facet: str, queryset) -> dict:
    return cache.cached(
        f"facet-names:{facet}",
        lambda: dict(queryset.values_list("pk", "name")),
        tags=("listing", "catalogue"),
    )


# --- Indexing ---------------------------------------------------------------


def products_index(*, product_ids: Iterable[int]) -> None:
    """Bring these products' index entries up to date (or remove them), now."""
    records, gone = product_records(product_ids)
    get_backend().index(records, delete_ids=gone)
    # An external index changes after the commit that touched the listing; results cached in
    # between must not outlive it. The database's index changes in that same transaction.
    if getattr(settings, "SEARCH_BACKEND", DATABASE) != DATABASE:
        cache.tags_changed("listing")


def _products_index_now(ids: set[int]) -> None:
    products_index(product_ids=ids)


def _database_index_now(ids: set[int]) -> None:
    records, gone = product_records(ids)
    _database_backend().index(records, delete_ids=gone)


def products_index_later(*, product_ids: Iterable[int]) -> None:
    """Reindex after the current transaction commits, once per product per transaction.

    The database backend's index is a table of the same database, so it changes inside
    the transaction; an external index is written only after a commit, by a background
    task (search.tasks), so no request waits on the search cluster.
    """
    ids = {pk for pk in product_ids if pk is not None}
    if not ids:
        return
    backend = get_backend()
    if backend.transactional:
        # Once for all the rows of a batch (core.batching: an order's lines and stock).
        batching.run_batched("search-index", ids, _products_index_now)
        return
    # The database's own index changes with the product even when Elasticsearch is the
    # backend: it is what search falls back on while the cluster is unreachable.
    batching.run_batched("search-index-database", ids, _database_index_now)
    # Ids gather on the connection; the first callback to run after a commit takes them all
    # and later ones find nothing (ids left by a rollback are merely reindexed once more).
    pending = getattr(connection, "_search_pending_ids", None)
    if pending is None:
        pending = connection._search_pending_ids = set()
    pending.update(ids)
    transaction.on_commit(_flush_pending)


def _flush_pending() -> None:
    ids = getattr(connection, "_search_pending_ids", None)
    connection._search_pending_ids = None
    if not ids:
        return
    from search.tasks import products_index_task

    try:
        products_index_task.enqueue(sorted(ids))
    except Exception:  # the shop keeps working; search_index --rebuild repairs the index
        logger.exception("Search indexing failed for %d products", len(ids))


def search_index_rebuild(*, progress=None, chunk_size: int = 500) -> int:
    backend = get_backend()
    if not backend.transactional:  # the fallback's index too (_backend_search)
        _database_backend().rebuild(progress=progress, chunk_size=chunk_size)
    indexed = backend.rebuild(progress=progress, chunk_size=chunk_size)
    cache.tags_changed("listing")
    return indexed
