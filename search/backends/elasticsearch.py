"""Search through Elasticsearch 8, written with elasticsearch-dsl.

Products live in a timestamped index reached through an alias; a rebuild fills a new index
and swaps the alias in one request, so searches never see a half-built index.
"""

import logging
import time
from collections.abc import Iterable

from django.conf import settings
from elasticsearch import Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import Q, Search

from search import queries
from search.analysis import query_terms
from search.backends.base import Progress, SearchBackend
from search.documents import ProductDocument, product_index
from search.indexing import ProductRecord, chunked, listed_product_ids, product_records

logger = logging.getLogger(__name__)

IN_STOCK_WEIGHT = 1.5
CATEGORY_FACET_SIZE = 1000
FUZZY_BOOST = 0.5
TITLE_BOOST = 3
TITLE_PHRASE_BOOST = 5
_SORTS = {
    queries.SORT_NEWEST: [{"date_created": "desc"}, {"id": "desc"}],
    queries.SORT_POPULAR: [{"num_sold": "desc"}, {"date_created": "desc"}, {"id": "desc"}],
    queries.SORT_PRICE_ASC: [{"price": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
    queries.SORT_PRICE_DESC: [{"price": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    queries.SORT_TITLE: [{"title.raw": "asc"}, {"id": "asc"}],
}


def text_query(text: str) -> Q:
    """Every word somewhere, titles first, whole-title phrases highest.

    One clause per word, each met exactly (synonyms applied) or, scored lower, with a typo
    (fuzzy terms get no synonyms). Per-word clauses rather than operator "and": a word's
    synonyms share its position and must count as one alternative, which some
    ES-compatible servers get wrong with "and".
    """
    words_clauses = [
        Q(
            "bool",
            should=[
                Q("match", all_text={"query": term, "zero_terms_query": "all"}),
                Q(
                    "match",
                    all_text={
                        "query": term,
                        "fuzziness": "AUTO",
                        "prefix_length": 1,
                        "max_expansions": 20,
                        "zero_terms_query": "all",
                        "boost": FUZZY_BOOST,
                    },
                ),
            ],
            minimum_should_match=1,
        )
        for term in query_terms(text)
    ]
    return Q(
        "bool",
        must=words_clauses or [Q("match_none")],
        should=[
            Q("match", title={"query": text, "boost": TITLE_BOOST}),
            Q("match_phrase", title={"query": text, "boost": TITLE_PHRASE_BOOST}),
        ],
    )


def filters(query: queries.ProductQuery) -> list[Q]:
    clauses = []
    if query.category is not None:
        clauses.append(Q("term", category_ids=str(query.category)))
    for name, field in (("province", "province"), ("regency", "regency"), ("village", "village")):
        if getattr(query, name) is not None:
            clauses.append(Q("term", **{field: getattr(query, name)}))
    if query.producer is not None:
        clauses.append(Q("term", seller_id=str(query.producer)))
    if (price_range := query.price_range) is not None:
        bounds = {}
        if price_range.low is not None:
            bounds["gte"] = float(price_range.low)
        if price_range.high is not None:
            bounds["lt"] = float(price_range.high)
        clauses.append(Q("range", price=bounds))
    for flag, field in (("halal", "is_halal"), ("pirt", "has_pirt"), ("in_stock", "in_stock")):
        if getattr(query, flag):
            clauses.append(Q("term", **{field: True}))
    return clauses


def build_search(query: queries.ProductQuery, *, index: str) -> Search:
    """The whole request for one page of results with its facets and spelling suggestion."""
    search = Search(index=index).extra(track_total_hits=True)
    matching = text_query(query.text) if query.text else Q("match_all")
    scored = Q(
        "function_score",
        query=Q("bool", must=[matching], filter=filters(query)),
        functions=[
            {"filter": Q("term", in_stock=True).to_dict(), "weight": IN_STOCK_WEIGHT},
            {"field_value_factor": {"field": "num_sold", "modifier": "ln2p", "missing": 0}},
        ],
        score_mode="multiply",
        boost_mode="multiply",
    )
    search = search.query(scored)
    if query.text and query.sort == queries.SORT_RELEVANCE:
        search = search.sort("_score", {"num_sold": "desc"}, {"id": "desc"})
    else:
        search = search.sort(*_SORTS.get(query.sort, _SORTS[queries.SORT_NEWEST]))
    search = search.source(False)[query.offset : query.offset + query.limit]

    search.aggs.bucket(queries.FACET_PROVINCE, "terms", field="province", size=100)
    if query.province or query.regency or query.village:
        search.aggs.bucket(queries.FACET_REGENCY, "terms", field="regency", size=600)
    if query.regency or query.village:
        search.aggs.bucket(queries.FACET_VILLAGE, "terms", field="village", size=1000)
    search.aggs.bucket(queries.FACET_PRODUCER, "terms", field="seller_id", size=queries.PRODUCER_FACET_SIZE)
    if query.facet_category_ids:
        search.aggs.bucket(
            queries.FACET_CATEGORY,
            "terms",
            field="category_ids",
            include=[str(pk) for pk in query.facet_category_ids],
            # Generous: some ES-compatible servers cut to size before applying include.
            size=CATEGORY_FACET_SIZE,
        )
    ranges = []
    for price_range in queries.PRICE_RANGES:
        bucket = {"key": price_range.key}
        if price_range.low is not None:
            bucket["from"] = float(price_range.low)
        if price_range.high is not None:
            bucket["to"] = float(price_range.high)
        ranges.append(bucket)
    search.aggs.bucket(queries.FACET_PRICE, "range", field="price", ranges=ranges)
    search.aggs.bucket(queries.FACET_HALAL, "filter", filter=Q("term", is_halal=True))
    search.aggs.bucket(queries.FACET_PIRT, "filter", filter=Q("term", has_pirt=True))
    search.aggs.bucket(queries.FACET_IN_STOCK, "filter", filter=Q("term", in_stock=True))
    if query.text:
        search = search.suggest("spelling", query.text, term={"field": "spell", "suggest_mode": "missing"})
    return search


def autocomplete_search(prefix: str, *, index: str, limit: int) -> Search:
    return (
        Search(index=index)
        .source(["title"])
        .suggest("titles", prefix, completion={"field": "suggest", "size": limit, "skip_duplicates": True})
    )


class ElasticsearchBackend(SearchBackend):
    transactional = False

    def __init__(
        self, *, url: str, index_prefix: str | None = None, stemmer: bool = True, timeout: float = 5
    ):
        self.url = url
        self.alias = f"{index_prefix or getattr(settings, 'SEARCH_INDEX_PREFIX', 'pasar')}-products"
        self.stemmer = stemmer
        self.client = Elasticsearch(url, request_timeout=timeout)

    # --- Index management ---------------------------------------------------

    def create_index(self) -> str:
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1_000_000:06d}"
        product_index(name, stemmer=self.stemmer).create(using=self.client)
        return name

    def ensure_index(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            self.swap_alias(self.create_index())

    def swap_alias(self, new_index: str) -> list[str]:
        """Point the alias at new_index in one request; returns the indices it left."""
        try:
            old = list(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            old = []
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        return [name for name in old if name != new_index]

    def rebuild(self, *, progress: Progress | None = None, chunk_size: int = 500) -> int:
        ids = list(listed_product_ids())
        new_index = self.create_index()
        done = 0
        for chunk in chunked(ids, chunk_size):
            records, _gone = product_records(chunk)
            self._bulk(records, (), index=new_index)
            done += len(chunk)
            if progress:
                progress(done, len(ids))
        self.client.indices.refresh(index=new_index)
        for old in self.swap_alias(new_index):
            self.client.options(ignore_status=404).indices.delete(index=old)
        return len(ids)

    def index(self, records: Iterable[ProductRecord], *, delete_ids: Iterable[int] = ()) -> None:
        self.ensure_index()
        self._bulk(records, delete_ids, index=self.alias)

    def _bulk(self, records: Iterable[ProductRecord], delete_ids: Iterable[int], *, index: str) -> None:
        actions = [ProductDocument.from_record(r, index=index).to_dict(include_meta=True) for r in records]
        actions += [{"_op_type": "delete", "_index": index, "_id": pk} for pk in delete_ids]
        if actions:
            # A delete of a product never indexed is a 404: not an error here.
            helpers.bulk(self.client, actions, raise_on_error=False, refresh=self._refresh)

    @property
    def _refresh(self):
        return getattr(settings, "SEARCH_REFRESH_ON_WRITE", False)

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.alias)

    # --- Reading ------------------------------------------------------------

    def search(self, query: queries.ProductQuery) -> queries.SearchResult:
        response = build_search(query, index=self.alias).using(self.client).execute()
        aggregations = response.aggregations.to_dict() if "aggregations" in response else {}
        facets = {}
        for name in (queries.FACET_PROVINCE, queries.FACET_REGENCY, queries.FACET_VILLAGE):
            if name in aggregations:
                facets[name] = {b["key"]: b["doc_count"] for b in aggregations[name]["buckets"]}
        for name in (queries.FACET_PRODUCER, queries.FACET_CATEGORY):
            facets[name] = {
                int(b["key"]): b["doc_count"] for b in aggregations.get(name, {}).get("buckets", [])
            }
        wanted = set(query.facet_category_ids)
        facets[queries.FACET_CATEGORY] = {
            pk: n for pk, n in facets[queries.FACET_CATEGORY].items() if pk in wanted
        }
        facets[queries.FACET_PRICE] = {
            b["key"]: b["doc_count"]
            for b in aggregations.get(queries.FACET_PRICE, {}).get("buckets", [])
            if b["doc_count"]
        }
        for name in (queries.FACET_HALAL, queries.FACET_PIRT, queries.FACET_IN_STOCK):
            count = aggregations.get(name, {}).get("doc_count", 0)
            facets[name] = {True: count} if count else {}
        return queries.SearchResult(
            total=response.hits.total.value,
            product_ids=[int(hit.meta.id) for hit in response.hits],
            facets=facets,
            suggestion=_suggestion(query.text, response),
        )

    def autocomplete(self, prefix: str, *, limit: int = 8) -> list[queries.Suggestion]:
        prefix = " ".join(prefix.split())
        if len(prefix) < 2:
            return []
        response = autocomplete_search(prefix, index=self.alias, limit=limit).using(self.client).execute()
        options = response.suggest.titles[0].options if "suggest" in response else []
        return [
            queries.Suggestion(title=option._source.title, product_id=int(option._id)) for option in options
        ]


def _suggestion(text: str, response) -> str:
    if not text or "suggest" not in response:
        return ""
    replacements = {entry.text: entry.options[0].text for entry in response.suggest.spelling if entry.options}
    if not replacements:
        return ""
    terms = query_terms(text)
    return " ".join(replacements.get(term, term) for term in terms)
