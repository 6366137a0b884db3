"""Search in the shop's own database: PostgreSQL full-text search, or a plain SQLite match.

Text is stemmed with Sastrawi in Python (search.analysis) when rows are written and when a
query arrives, so PostgreSQL only needs its "simple" dictionary plus unaccent (the
``pasar_id`` configuration from this app's migration). Typos are corrected against the
vocabulary of listed words with pg_trgm similarity (difflib on SQLite); facets are counted
with GROUP BY over the filtered rows.
"""

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat

from search.analysis import query_terms, stem, synonyms_for, words
from search.backends.base import Progress, SearchBackend
from search.indexing import ProductRecord, chunked, listed_product_ids, product_records
from search.models import ProductSearchCategory, ProductSearchEntry, SearchTerm
from search.queries import (
    FACET_CATEGORY,
    FACET_HALAL,
    FACET_IN_STOCK,
    FACET_PIRT,
    FACET_PRICE,
    FACET_PRODUCER,
    FACET_PROVINCE,
    FACET_REGENCY,
    FACET_VILLAGE,
    PRICE_RANGES,
    PRODUCER_FACET_SIZE,
    SORT_NEWEST,
    SORT_POPULAR,
    SORT_PRICE_ASC,
    SORT_PRICE_DESC,
    SORT_RELEVANCE,
    SORT_TITLE,
    ProductQuery,
    SearchResult,
    Suggestion,
)

TS_CONFIG = "pasar_id"
MIN_SIMILARITY = 0.4
IN_STOCK_BOOST = 1.5
_ORDERINGS = {
    SORT_NEWEST: ("-date_created", "-product_id"),
    SORT_POPULAR: ("-num_sold", "-date_created", "-product_id"),
    SORT_PRICE_ASC: (F("price").asc(nulls_last=True), "product_id"),
    SORT_PRICE_DESC: (F("price").desc(nulls_last=True), "product_id"),
    SORT_TITLE: ("title", "product_id"),
}


@dataclass
class _TextPlan:
    """A query as groups of alternative phrases: every group must match one of its phrases."""

    groups: list[list[tuple[str, ...]]] = field(default_factory=list)  # phrases as stem tuples
    corrections: dict[str, str] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)

    @property
    def suggestion(self) -> str:
        if not self.corrections:
            return ""
        return " ".join(self.corrections.get(term, term) for term in self.terms)


class DatabaseBackend(SearchBackend):
    transactional = True

    def __init__(self, **options):
        self.options = options

    @property
    def _postgres(self) -> bool:
        return connection.vendor == "postgresql"

    # --- Writing ------------------------------------------------------------

    def index(self, records: Iterable[ProductRecord], *, delete_ids: Iterable[int] = ()) -> None:
        records = list(records)
        with transaction.atomic():
            stale = [record.id for record in records] + list(delete_ids)
            ProductSearchCategory.objects.filter(entry_id__in=stale).delete()
            ProductSearchEntry.objects.filter(product_id__in=stale).delete()
            self._insert(records)

    def _insert(self, records: list[ProductRecord]) -> None:
        if not records:
            return
        entries = [_entry(record) for record in records]
        if self._postgres:
            # The vector is built in the INSERT, and the stems live on in it only: every search
            # reads the rows it matches, and a row written once, without them, is a third
            # narrower (48 MB instead of 78 MB at 100,000 products, where an UPDATE after
            # the INSERT left a dead copy of each row).
            for entry in entries:
                entry.search_vector = (
                    SearchVector(Value(entry.title_stems), weight="A", config=TS_CONFIG)
                    + SearchVector(Value(entry.body_stems), weight="B", config=TS_CONFIG)
                    + SearchVector(Value(entry.description_stems), weight="C", config=TS_CONFIG)
                )
                entry.title_stems = entry.body_stems = entry.description_stems = ""
        ProductSearchEntry.objects.bulk_create(entries, batch_size=1000)
        ProductSearchCategory.objects.bulk_create(
            [
                ProductSearchCategory(entry_id=record.id, category_id=category_id)
                for record in records
                for category_id in record.category_ids
            ],
            batch_size=2000,
        )
        vocabulary = {word for record in records for word in _vocabulary(record)}
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=word) for word in sorted(vocabulary)], ignore_conflicts=True, batch_size=2000
        )

    def rebuild(self, *, progress: Progress | None = None, chunk_size: int = 500) -> int:
        ids = list(listed_product_ids())
        done = 0
        with transaction.atomic():
            ProductSearchCategory.objects.all().delete()
            ProductSearchEntry.objects.all().delete()
            SearchTerm.objects.all().delete()
            for chunk in chunked(ids, chunk_size):
                records, _gone = product_records(chunk)
                self._insert(records)
                done += len(chunk)
                if progress:
                    progress(done, len(ids))
        return len(ids)

    # --- Reading ------------------------------------------------------------

    def search(self, query: ProductQuery) -> SearchResult:
        entries = _filtered(ProductSearchEntry.objects.all(), query)
        plan = self._plan(query.text) if query.text else None
        rank = None
        if plan is not None:
            entries, rank = self._match(entries, plan)
        if self._postgres and (plan is not None or _narrowed(query)):
            return self._search_snapshot(entries, rank, plan, query)
        facets = self._facets(entries, query)
        total = facets.pop("_total")
        if rank is not None and query.sort == SORT_RELEVANCE:
            ordering = (F("rank").desc(), "-num_sold", "-date_created", "-product_id")
            page = entries.annotate(rank=rank)
        else:
            ordering = _ORDERINGS.get(query.sort, _ORDERINGS[SORT_NEWEST])
            page = entries
        ids = list(
            page.order_by(*ordering).values_list("product_id", flat=True)[
                query.offset : query.offset + query.limit
            ]
        )
        return SearchResult(
            total=total, product_ids=ids, facets=facets, suggestion=plan.suggestion if plan else ""
        )

    def _plan(self, text: str) -> _TextPlan:
        terms = query_terms(text)
        alternatives = {term: {term, *synonyms_for(term)} for term in terms}
        every_word = {word for alts in alternatives.values() for alt in alts for word in alt.split()}
        known = set(SearchTerm.objects.filter(word__in=every_word).values_list("word", flat=True))
        plan = _TextPlan(terms=terms)
        for term in terms:
            phrases = alternatives[term]
            if not term.isdigit() and not any(all(w in known for w in p.split()) for p in phrases):
                corrections = self._similar_words(term)
                if corrections:
                    plan.corrections[term] = corrections[0]
                    for correction in corrections:
                        phrases |= {correction, *synonyms_for(correction)}
            plan.groups.append(sorted({tuple(stem(w) for w in p.split()) for p in phrases}))
        return plan

    def _similar_words(self, term: str) -> list[str]:
        if len(term) < 3:
            return []
        if self._postgres:
            return list(
                SearchTerm.objects.filter(TrigramSimilar(F("word"), term))  # "%": uses the trigram index
                .annotate(similarity=TrigramSimilarity("word", term))
                .filter(similarity__gte=MIN_SIMILARITY)
                .order_by("-similarity", "word")
                .values_list("word", flat=True)[:2]
            )
        candidates = SearchTerm.objects.filter(word__startswith=term[0]).values_list("word", flat=True)
        return difflib.get_close_matches(term, list(candidates[:5000]), n=2, cutoff=0.75)

    def _match(self, entries: QuerySet, plan: _TextPlan):
        if not plan.groups:  # only punctuation: nothing to look for
            return entries.none(), Value(0.0)
        if self._postgres:
            tsquery = " & ".join(
                "(" + " | ".join(" & ".join(phrase) for phrase in group) + ")" for group in plan.groups
            )
            search_query = SearchQuery(tsquery, search_type="raw", config=TS_CONFIG)
            rank = SearchRank(F("search_vector"), search_query, weights=[0.1, 0.2, 0.4, 1.0])
            entries = entries.filter(search_vector=search_query)
        else:
            entries = entries.annotate(
                document=Concat(
                    Value(" "), "title_stems", Value(" "), "body_stems", Value(" "),
                    "description_stems", Value(" "), output_field=TextField(),
                ),
                padded_title=Concat(Value(" "), "title_stems", Value(" "), output_field=TextField()),
            )  # fmt: skip
            rank = Value(0.0)
            for group in plan.groups:
                entries = entries.filter(_any_phrase("document", group))
                rank = rank + Case(
                    When(_any_phrase("padded_title", group), then=Value(1.0)),
                    default=Value(0.2),
                    output_field=FloatField(),
                )
        boosted = rank * Case(
            When(in_stock=True, then=Value(IN_STOCK_BOOST)), default=Value(1.0), output_field=FloatField()
        )
        return entries, boosted

    def _facets(self, entries: QuerySet, query: ProductQuery) -> dict:
        if self._postgres:
            return self._facets_grouped(entries, query)
        price_counts = {
            f"price_{n}": Count("pk", filter=_price_q(price_range))
            for n, price_range in enumerate(PRICE_RANGES)
        }
        summary = entries.order_by().aggregate(
            _total=Count("pk"),
            halal=Count("pk", filter=Q(is_halal=True)),
            pirt=Count("pk", filter=Q(has_pirt=True)),
            in_stock=Count("pk", filter=Q(in_stock=True)),
            **price_counts,
        )
        facets = {
            "_total": summary["_total"],
            FACET_PRICE: {
                price_range.key: summary[f"price_{n}"]
                for n, price_range in enumerate(PRICE_RANGES)
                if summary[f"price_{n}"]
            },
            FACET_HALAL: {True: summary["halal"]} if summary["halal"] else {},
            FACET_PIRT: {True: summary["pirt"]} if summary["pirt"] else {},
            FACET_IN_STOCK: {True: summary["in_stock"]} if summary["in_stock"] else {},
        }
        if not summary["_total"]:
            return facets | {name: {} for name in (FACET_CATEGORY, FACET_PROVINCE, FACET_PRODUCER)}
        facets[FACET_PROVINCE] = _counts(entries, "province_id")
        if query.province or query.regency or query.village:
            facets[FACET_REGENCY] = _counts(entries, "regency_id")
        if query.regency or query.village:
            facets[FACET_VILLAGE] = _counts(entries, "village_id")
        facets[FACET_PRODUCER] = _counts(entries, "seller_id", limit=PRODUCER_FACET_SIZE)
        facets[FACET_CATEGORY] = self._category_counts(entries, query)
        return facets

    def _search_snapshot(self, entries: QuerySet, rank, plan, query: ProductQuery) -> SearchResult:
        """A search or narrowed listing on PostgreSQL, in one statement: the matching rows are
        found once (a materialized CTE of the few columns the facets and the page need), and
        the facets, the category counts and the page are read from them. Matching a common
        word reads a fifth of the catalogue; done once per facet query and again for the page,
        it was most of the time of a search at 100,000 products. (A temporary table did the
        same in four statements, and cost its creation in the system catalogue each time.)"""
        columns = [*_FACET_COLUMNS, "num_sold", "date_created", "title"]
        category_ids = list(query.facet_category_ids)
        if category_ids:
            columns.append("category_list")
        matched = entries.order_by()
        if rank is not None and query.sort != SORT_RELEVANCE:
            rank = None  # ranking every match is costly; another order was asked for
        if rank is not None:
            matched = matched.annotate(rank=rank)
            columns.append("rank")
        suggestion = plan.suggestion if plan else ""
        try:
            matched_sql, matched_params = matched.values(*columns).query.sql_with_params()
        except EmptyResultSet:  # entries.none(): a query of punctuation only
            matched_sql, matched_params, rank = (
                "SELECT * FROM search_productsearchentry WHERE false",
                (),
                None,
            )
        if rank is not None:
            ordering = "rank DESC, num_sold DESC, date_created DESC, product_id DESC"
        else:
            ordering = _SQL_ORDERINGS.get(query.sort, _SQL_ORDERINGS[SORT_NEWEST])
        grouped_sql, grouped_params, grouped_columns = self._grouped_sql("matched", query)
        parts = [f"SELECT 1 AS part, {grouped_sql}"]
        params = [*matched_params, *grouped_params]
        if category_ids:
            # Each matching row's own list of categories: 7 ms for 20,000 rows here, where
            # joining them to their links took 90 ms.
            counts = ", ".join("COUNT(*) FILTER (WHERE strpos(category_list, %s) > 0)" for _ in category_ids)
            parts.append(f"SELECT 2, {_NO_KEYS}, 0, ARRAY[{counts}], NULL, NULL FROM matched")  # noqa: S608
            params += [f" {category_id} " for category_id in category_ids]
        # The page as one ordered array: ordered by the LIMIT's own top-N sort (a numbering
        # window over the same order sorted all 20,000 matches of a common word).
        parts.append(
            f"SELECT 3, {_NO_KEYS}, 0, "  # noqa: S608
            f"ARRAY(SELECT product_id FROM matched ORDER BY {ordering} LIMIT %s OFFSET %s), NULL, NULL"
        )
        params += [query.limit, query.offset]
        # Only our own column names, orderings from _SQL_ORDERINGS and the ORM's parameterised
        # SQL are put together here: no user text.
        sql = f"WITH matched AS MATERIALIZED ({matched_sql}) " + " UNION ALL ".join(parts)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        facets = self._grouped_facets([row[1:8] for row in rows if row[0] == 1], grouped_columns, query)
        total = facets.pop("_total")
        for row in rows:
            if row[0] == 2:
                facets[FACET_CATEGORY] = {
                    category_id: count
                    for category_id, count in zip(category_ids, row[6], strict=True)
                    if count
                }
        page = next(row[6] for row in rows if row[0] == 3)
        return SearchResult(total=total, product_ids=list(page), facets=facets, suggestion=suggestion)

    def _facets_grouped(self, entries: QuerySet, query: ProductQuery) -> dict:
        """The same counts as the SQLite path in one pass over the rows (PostgreSQL's GROUPING
        SETS) instead of one query per facet. Reached only by unfiltered listings: searches and
        narrowed listings go through _search_snapshot."""
        matched_sql, matched_params = entries.order_by().values(*_FACET_COLUMNS).query.sql_with_params()
        grouped_sql, grouped_params, grouped_columns = self._grouped_sql(f"({matched_sql}) AS matched", query)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {grouped_sql}", [*grouped_params, *matched_params])
            facets = self._grouped_facets(cursor.fetchall(), grouped_columns, query)
        if facets["_total"]:
            facets[FACET_CATEGORY] = self._category_counts(entries, query)
        return facets

    def _grouped_sql(self, source: str, query: ProductQuery) -> tuple[str, list, list[str]]:
        """Every facet but the categories in one pass over `source` (GROUPING SETS): the select
        list and FROM of a query whose rows are (province, seller, regency, village, grouping,
        counts), as _grouped_facets reads them; its parameters; the columns grouped by."""
        columns = ["province_id", "seller_id"]
        if query.province or query.regency or query.village:
            columns.append("regency_id")
        if query.regency or query.village:
            columns.append("village_id")
        price_counts, price_params = [], []
        for price_range in PRICE_RANGES:
            condition = ["price IS NOT NULL"]
            for bound, operator in ((price_range.low, ">="), (price_range.high, "<")):
                if bound is not None:
                    condition.append(f"price {operator} %s")
                    price_params.append(bound)
            price_counts.append(f"COUNT(*) FILTER (WHERE {' AND '.join(condition)})")
        keys = ", ".join(
            column if column in columns else f"NULL::{_KEY_TYPES[column]}" for column in _KEY_COLUMNS
        )
        sets = ", ".join(["()", *(f"({column})" for column in columns)])
        counts = ", ".join(
            [
                "COUNT(*)",
                "COUNT(*) FILTER (WHERE is_halal)",
                "COUNT(*) FILTER (WHERE has_pirt)",
                "COUNT(*) FILTER (WHERE in_stock)",
                *price_counts,
            ]
        )
        sql = (
            f"{keys}, GROUPING({', '.join(columns)}), ARRAY[{counts}], NULL::bigint, NULL::bigint "
            f"FROM {source} GROUP BY GROUPING SETS ({sets})"
        )
        return sql, price_params, columns

    def _grouped_facets(self, rows, columns: list[str], query: ProductQuery) -> dict:
        everything = (1 << len(columns)) - 1
        by_column: dict[str, list[tuple]] = {column: [] for column in columns}
        summary = None
        for row in rows:
            keys = dict(zip(_KEY_COLUMNS, row[:4], strict=True))
            grouping, counts = row[4], row[5]
            if grouping == everything:
                summary = counts
                continue
            for position, column in enumerate(columns):
                if not grouping & (1 << (len(columns) - 1 - position)):
                    by_column[column].append((keys[column], counts[0]))
        total, halal, pirt, in_stock, *prices = summary or (0, 0, 0, 0, *[0] * len(PRICE_RANGES))
        facets = {
            "_total": total,
            FACET_PRICE: {
                price_range.key: count
                for price_range, count in zip(PRICE_RANGES, prices, strict=True)
                if count
            },
            FACET_HALAL: {True: halal} if halal else {},
            FACET_PIRT: {True: pirt} if pirt else {},
            FACET_IN_STOCK: {True: in_stock} if in_stock else {},
        }
        if not total:
            return facets | {name: {} for name in (FACET_CATEGORY, FACET_PROVINCE, FACET_PRODUCER)}

        def ranked(column: str, limit: int | None = None) -> dict:
            pairs = sorted(by_column[column], key=lambda pair: (-pair[1], pair[0]))
            return dict(pairs[:limit] if limit else pairs)

        facets[FACET_PROVINCE] = ranked("province_id")
        if "regency_id" in by_column:
            facets[FACET_REGENCY] = ranked("regency_id")
        if "village_id" in by_column:
            facets[FACET_VILLAGE] = ranked("village_id")
        facets[FACET_PRODUCER] = ranked("seller_id", PRODUCER_FACET_SIZE)
        facets[FACET_CATEGORY] = {}
        return facets

    def _category_counts(self, entries: QuerySet, query: ProductQuery) -> dict:
        if not query.facet_category_ids:
            return {}
        links = ProductSearchCategory.objects.filter(category_id__in=query.facet_category_ids)
        if query.text or _narrowed(query):
            links = links.filter(entry__in=entries.values("pk"))
        # Unnarrowed, every entry is a listed product: the links alone are counted, from their
        # index (COUNT(*): counting their ids read every row of the table too).
        return dict(links.values_list("category_id").annotate(n=Count("*")).order_by())

    def autocomplete(self, prefix: str, *, limit: int = 8) -> list[Suggestion]:
        prefix = " ".join(words(prefix))
        if len(prefix) < 2:
            return []
        entries = (
            ProductSearchEntry.objects.filter(
                Q(title_normalized__startswith=prefix) | Q(title_normalized__contains=f" {prefix}")
            )
            .annotate(
                starts=Case(
                    When(title_normalized__startswith=prefix, then=Value(1)),
                    default=Value(0),
                    output_field=FloatField(),
                )
            )
            .order_by("-starts", "-in_stock", "-num_sold", "title")
            .values_list("title", "product_id")[:limit]
        )
        return [Suggestion(title=title, product_id=pk) for title, pk in entries]


def _entry(record: ProductRecord) -> ProductSearchEntry:
    return ProductSearchEntry(
        product_id=record.id,
        title=record.title[:255],
        title_normalized=" ".join(words(record.title))[:255],
        title_stems=" ".join(stem(w) for w in words(record.title)),
        body_stems=" ".join(
            stem(w)
            for text in (*record.category_names, record.seller_name, *record.place_names)
            for w in words(text)
        ),
        description_stems=" ".join(stem(w) for w in words(record.description)),
        category_list=_category_list(record.category_ids),
        seller_id=record.seller_id,
        province_id=record.province_code,
        regency_id=record.regency_code,
        village_id=record.village_code,
        price=record.price,
        num_sold=record.num_sold,
        in_stock=record.in_stock,
        is_halal=record.is_halal,
        has_pirt=record.has_pirt,
        date_created=record.date_created,
    )


def _category_list(category_ids) -> str:
    return f" {' '.join(str(category_id) for category_id in category_ids)} " if category_ids else ""


def _vocabulary(record: ProductRecord) -> set[str]:
    texts = (
        record.title,
        record.description,
        *record.category_names,
        record.seller_name,
        *record.place_names,
    )
    return {word for text in texts for word in words(text) if 3 <= len(word) <= 64 and word.isalpha()}


def _any_phrase(field_name: str, group: list[tuple[str, ...]]) -> Q:
    condition = Q()
    for phrase in group:
        every = Q()
        for stem_word in phrase:
            every &= Q(**{f"{field_name}__contains": f" {stem_word} "})
        condition |= every
    return condition


def _price_q(price_range) -> Q:
    condition = Q(price__isnull=False)
    if price_range.low is not None:
        condition &= Q(price__gte=price_range.low)
    if price_range.high is not None:
        condition &= Q(price__lt=price_range.high)
    return condition


def _filtered(entries: QuerySet, query: ProductQuery) -> QuerySet:
    if query.category is not None:
        entries = entries.filter(
            pk__in=ProductSearchCategory.objects.filter(category_id=query.category).values("entry_id")
        )
    for name, column in (
        ("province", "province_id"),
        ("regency", "regency_id"),
        ("village", "village_id"),
        ("producer", "seller_id"),
    ):
        value = getattr(query, name)
        if value is not None:
            entries = entries.filter(**{column: value})
    if query.price_range is not None:
        entries = entries.filter(_price_q(query.price_range))
    if query.halal:
        entries = entries.filter(is_halal=True)
    if query.pirt:
        entries = entries.filter(has_pirt=True)
    if query.in_stock:
        entries = entries.filter(in_stock=True)
    return entries


# What the facet counts read of each matching row.
_FACET_COLUMNS = (
    "product_id", "province_id", "regency_id", "village_id", "seller_id",
    "is_halal", "has_pirt", "in_stock", "price",
)  # fmt: skip
# The grouping keys of _grouped_sql's rows, always all four (NULL where not grouped by).
_KEY_COLUMNS = ("province_id", "seller_id", "regency_id", "village_id")
_KEY_TYPES = {
    "province_id": "varchar",
    "seller_id": "bigint",
    "regency_id": "varchar",
    "village_id": "varchar",
}
_NO_KEYS = "NULL, NULL, NULL, NULL"
_SQL_ORDERINGS = {
    SORT_NEWEST: "date_created DESC, product_id DESC",
    SORT_POPULAR: "num_sold DESC, date_created DESC, product_id DESC",
    SORT_PRICE_ASC: "price ASC NULLS LAST, product_id ASC",
    SORT_PRICE_DESC: "price DESC NULLS LAST, product_id ASC",
    SORT_TITLE: "title ASC, product_id ASC",
}


def _narrowed(query: ProductQuery) -> bool:
    """Any filter besides the text."""
    return any(
        (
            query.category is not None,
            query.province,
            query.regency,
            query.village,
            query.producer is not None,
            query.price,
            query.halal,
            query.pirt,
            query.in_stock,
        )
    )


def _counts(entries: QuerySet, column: str, *, limit: int | None = None) -> dict:
    rows = entries.order_by().values_list(column).annotate(n=Count("pk")).order_by("-n", column)
    if limit:
        rows = rows[:limit]
    return dict(rows)
