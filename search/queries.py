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


@dataclass(frozen=True)
class MatchLevel:
    """How strictly a plan is matched. Searches try the levels in LEVELS' order (both backends) and show the
    first that finds anything: every word, with at least one of them in the product's own
    title or category (so a product whose producer or description merely mentions the
    words is not listed: "keripik pisang" is not Kopi Robusta from a keripik producer),
    then every word anywhere; only then any word, which the page says."""

    every_word: bool
    own_text: bool


LEVELS = (
    MatchLevel(every_word=True, own_text=True),
    MatchLevel(every_word=True, own_text=False),
    MatchLevel(every_word=False, own_text=True),
    MatchLevel(every_word=False, own_text=False),
)

# What one query word scores where it is found, best place only: the shopper's word (or its
# stem) in the title, a synonym or correction of it in the title, the product's own category,
# anywhere else (ancestor categories, producer, place, description). Powers of ten apart,
# so that no number of lesser matches (at most MAX_QUERY_TERMS) outweighs a better one:
# all words in the title before some, some before synonyms only, titles before the rest.
TITLE_WORD, TITLE_ALTERNATIVE, OWN_CATEGORY, ELSEWHERE = 1000.0, 100.0, 10.0, 1.0
# Tie-breakers below one unit: the very word rather than another form of it, in stock,
# then how often and where the words occur (ts_rank on PostgreSQL).
EXACT_WORD, IN_STOCK, TEXT_RANK = 0.1, 0.05, 0.01


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
    # True when no product matched every word of the query and these match only some.
    partial: bool = False
    # True when the total and facet counts are estimates (from a sample of very many matches).
    estimated: bool = False


@dataclass(frozen=True)
class Suggestion:
    """One autocomplete entry."""

    title: str
    product_id: int
