"""What a product search asks for and what it answers, the same for every backend.

A ProductQuery is built from validated URL parameters (search.forms); a backend turns it
into SQL or an Elasticsearch request and answers with a SearchResult of product ids,
raw facet counts and an optional spelling suggestion.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

SORT_RELEVANCE = "relevancy"
SORT_NEWEST = "newest"
SORT_POPULAR = "popular"
SORT_PRICE_ASC = "price-asc"
SORT_PRICE_DESC = "price-desc"
SORT_TITLE = "title-asc"
SORTS = (SORT_RELEVANCE, SORT_NEWEST, SORT_POPULAR, SORT_PRICE_ASC, SORT_PRICE_DESC, SORT_TITLE)


@dataclass(frozen=True)
class PriceRange:
    key: str
    label: str
    low: Decimal | None
    high: Decimal | None  # exclusive

    def contains(self, price: Decimal) -> bool:
        return (self.low is None or price >= self.low) and (self.high is None or price < self.high)


PRICE_RANGES = (
    PriceRange("0-25000", _("di bawah Rp 25.000"), None, Decimal(25_000)),
    PriceRange("25000-50000", _("Rp 25.000 – 50.000"), Decimal(25_000), Decimal(50_000)),
    PriceRange("50000-100000", _("Rp 50.000 – 100.000"), Decimal(50_000), Decimal(100_000)),
    PriceRange("100000-250000", _("Rp 100.000 – 250.000"), Decimal(100_000), Decimal(250_000)),
    PriceRange("250000-", _("Rp 250.000 ke atas"), Decimal(250_000), None),
)
PRICE_RANGES_BY_KEY = {price_range.key: price_range for price_range in PRICE_RANGES}

# Facet names are also the URL parameters that select one of their values.
FACET_CATEGORY = "category"
FACET_PROVINCE = "province"
FACET_REGENCY = "regency"
FACET_VILLAGE = "village"
FACET_PRODUCER = "producer"
FACET_PRICE = "price"
FACET_HALAL = "halal"
FACET_PIRT = "pirt"
FACET_IN_STOCK = "in_stock"
FLAG_FACETS = (FACET_HALAL, FACET_PIRT, FACET_IN_STOCK)
PRODUCER_FACET_SIZE = 20


@dataclass(frozen=True)
class ProductQuery:
    """One search or listing; every filter is optional and all of them must hold."""

    text: str = ""
    category: int | None = None
    province: str | None = None
    regency: str | None = None
    village: str | None = None
    producer: int | None = None
    price: str | None = None
    halal: bool = False
    pirt: bool = False
    in_stock: bool = False
    sort: str = SORT_RELEVANCE
    offset: int = 0
    limit: int = 24
    # Category ids the category facet counts: the children of the chosen category, or
    # the top level. Filled by the service, which knows the category tree.
    facet_category_ids: tuple[int, ...] = ()

    def __post_init__(self):
        if self.sort not in SORTS:
            object.__setattr__(self, "sort", SORT_RELEVANCE if self.text else SORT_NEWEST)
        if self.price is not None and self.price not in PRICE_RANGES_BY_KEY:
            object.__setattr__(self, "price", None)

    @property
    def price_range(self) -> PriceRange | None:
        return PRICE_RANGES_BY_KEY.get(self.price) if self.price else None

    def with_page(self, offset: int, limit: int) -> "ProductQuery":
        return replace(self, offset=max(offset, 0), limit=limit)


@dataclass
class SearchResult:
    """Ids of one page of products, best first, with facet counts over all matches.

    facets maps a facet name to {value key: count}: category ids (ints), region codes,
    producer (seller) ids, price range keys, and for the flags {True: count}.
    """

    total: int
    product_ids: list[int]
    facets: dict[str, dict] = field(default_factory=dict)
    suggestion: str = ""


@dataclass(frozen=True)
class Suggestion:
    """One autocomplete entry."""

    title: str
    product_id: int
