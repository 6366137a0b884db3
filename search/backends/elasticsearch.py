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
from search.documents import INDEX_ANALYZER, ProductDocument, product_index
from search.indexing import ProductRecord, chunked, listed_product_ids, product_records
from search.queries import (
    ELSEWHERE,
    EXACT_WORD,
    IN_STOCK,
    OWN_CATEGORY,
    TITLE_ALTERNATIVE,
    TITLE_WORD,
)

logger = logging.getLogger(__name__)

CATEGORY_FACET_SIZE = 1000
# A typo one letter off in the title ("kerupk"): below the very word, above farther typos.
CLOSE_TYPO = 150.0
_SORTS = {
    queries.SORT_NEWEST: [{"date_created": "desc"}, {"id": "desc"}],
    queries.SORT_POPULAR: [{"num_sold": "desc"}, {"date_created": "desc"}, {"id": "desc"}],
    queries.SORT_PRICE_ASC: [{"price": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
    queries.SORT_PRICE_DESC: [{"price": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    queries.SORT_TITLE: [{"title.raw": "asc"}, {"id": "asc"}],
}


def text_query(text: str, level: queries.MatchLevel = queries.LEVELS[0]) -> Q:
    """The products that match the text at this level (queries.LEVELS), scored in tiers.

    One clause per word, met exactly (synonyms applied) or with a typo (fuzzy terms get no
    synonyms). Per-word clauses rather than operator "and": a word's synonyms share its
    position and must count as one alternative, which some ES-compatible servers get wrong
    with "and". The score is the sum over the words of the best place each is found
    (_word_score), like the database backend's tiers.
    """
    terms = query_terms(text)
    if not terms:
        return Q("match_none")
    # A word the server's analysis drops (a stop word of its own list) must not fail the query.
    found = [
        Q(
            "bool",
            should=[
                _match("all_text", term, zero_terms_query="all"),
                _match("all_text", term, fuzzy=True, zero_terms_query="all"),
            ],
            minimum_should_match=1,
        )
        for term in terms
    ]
    own_text = [
        clause
        for term in terms
        for field in ("title", "category")
        for clause in (_match(field, term), _match(field, term, fuzzy=True))
    ]
    return Q(
        "bool",
        filter=[
            Q("bool", must=found) if level.every_word else Q("bool", should=found, minimum_should_match=1),
            *([Q("bool", should=own_text, minimum_should_match=1)] if level.own_text else []),
        ],
        should=[_word_score(term) for term in terms],
    )


def _match(field: str, term: str, *, fuzzy: bool = False, **options) -> Q:
    if fuzzy:
        options = {"fuzziness": "AUTO", "prefix_length": 1, "max_expansions": 20, **options}
    return Q("match", **{field: {"query": term, **options}})


def _word_score(term: str) -> Q:
    """The best place one word is found, as a constant score (the tiers of
    search.backends.database.ranking): the word or its stem in the title, a closer or a
    farther typo or a synonym of it in the title, the product's own category, anywhere."""
    tiers = [
        (_match("title.plain", term), TITLE_WORD + EXACT_WORD),
        (_match("title", term, analyzer=INDEX_ANALYZER), TITLE_WORD),
        (_match("title", term, fuzzy=True, fuzziness=1, analyzer=INDEX_ANALYZER), CLOSE_TYPO),
        (_match("title", term), TITLE_ALTERNATIVE),
        (_match("title", term, fuzzy=True), TITLE_ALTERNATIVE),
        (_match("category", term), OWN_CATEGORY),
        (_match("category", term, fuzzy=True), OWN_CATEGORY),
        (_match("all_text", term), ELSEWHERE),
        (_match("all_text", term, fuzzy=True), ELSEWHERE),
    ]
    return Q("dis_max", queries=[Q("constant_score", filter=clause, boost=score) for clause, score in tiers])


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


def build_search(
    query: queries.ProductQuery, *, index: str, level: queries.MatchLevel = queries.LEVELS[0]
) -> Search:
    """The whole request for one page of results with its facets and spelling suggestion."""
    search = Search(index=index).extra(track_total_hits=True)
    matching = text_query(query.text, level) if query.text else Q("match_all")
    # Being in stock only breaks ties within a tier: added, not multiplied (a product
    # matching by its category must not pass one matching by its title). How many were
    # sold orders ties after the score.
    scored = Q(
        "bool",
        must=[matching],
        filter=filters(query),
        should=[Q("constant_score", filter=Q("term", in_stock=True), boost=IN_STOCK)],
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
        # The strictest level that finds anything (queries.LEVELS), as the database does.
        several_words = len(query_terms(query.text)) > 1
        levels = [level for level in queries.LEVELS if level.every_word or several_words]
        for level in levels if query.text else queries.LEVELS[:1]:
            response = build_search(query, index=self.alias, level=level).using(self.client).execute()
            if response.hits.total.value:
                break
        result = self._result(query, response)
        result.partial = not level.every_word and bool(result.total)
        return result

    def _result(self, query: queries.ProductQuery, response) -> queries.SearchResult:
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
