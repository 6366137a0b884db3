"""Search in the shop's own database: PostgreSQL full-text search, or a plain SQLite match.

Text is stemmed with Sastrawi in Python (search.analysis) when rows are written and when a
query arrives, so PostgreSQL only needs its "simple" dictionary plus unaccent (the
``pasar_id`` configuration from this app's migration). Typos are corrected against the
vocabulary of listed words with pg_trgm similarity (difflib on SQLite); facets are counted
with GROUP BY over the filtered rows.
"""

import difflib
import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat

from search.analysis import query_terms, stem, synonyms_for, words
from search.backends.base import Progress, SearchBackend
from search.indexing import ProductRecord, chunked, listed_product_ids, product_records
from search.models import FacetCountChange, ProductSearchCategory, ProductSearchEntry, SearchTerm
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
            tally: Counter = Counter()
            self._delete([record.id for record in records] + list(delete_ids), tally)
            self._insert(records, tally)
            _tally_save(tally)

    def _delete(self, product_ids: list[int], tally: Counter) -> None:
        """Remove these products' entries, taking what they counted off `tally`: the rows this
        transaction really deleted (RETURNING), so that two reindexes of one product cannot
        both take it off."""
        links = ProductSearchCategory._meta.db_table
        entries = ProductSearchEntry._meta.db_table
        with connection.cursor() as cursor:
            for chunk in chunked(product_ids, 500):
                ids = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {links} WHERE entry_id IN ({ids}) RETURNING category_id", chunk)  # noqa: S608
                tally.subtract((FACET_CATEGORY, str(category_id)) for (category_id,) in cursor.fetchall())
                cursor.execute(
                    f"DELETE FROM {entries} WHERE product_id IN ({ids}) "  # noqa: S608
                    f"RETURNING {', '.join(_TALLIED_COLUMNS)}",
                    chunk,
                )
                for row in cursor.fetchall():
                    tally.subtract(_counted(*row))

    def _insert(self, records: list[ProductRecord], tally: Counter) -> None:
        if not records:
            return
        entries = [_entry(record) for record in records]
        for entry in entries:
            tally.update(
                _counted(
                    entry.province_id,
                    entry.seller_id,
                    entry.in_stock,
                    entry.is_halal,
                    entry.has_pirt,
                    entry.price,
                )
            )
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
        links = [
            ProductSearchCategory(entry_id=record.id, category_id=category_id)
            for record in records
            for category_id in record.category_ids
        ]
        tally.update((FACET_CATEGORY, str(link.category_id)) for link in links)
        ProductSearchCategory.objects.bulk_create(links, batch_size=2000)
        vocabulary = {word for record in records for word in _vocabulary(record)}
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=word) for word in sorted(vocabulary)], ignore_conflicts=True, batch_size=2000
        )

    def rebuild(self, *, progress: Progress | None = None, chunk_size: int = 500) -> int:
        ids = list(listed_product_ids())
        done = 0
        with transaction.atomic():
            if self._postgres:
                # Reindexing waits until the rebuild commits (searches go on): a product listed
                # meanwhile would be counted by its own change and again by the rebuild's.
                tables = (ProductSearchEntry, ProductSearchCategory, SearchTerm, FacetCountChange)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"LOCK TABLE {', '.join(m._meta.db_table for m in tables)} IN EXCLUSIVE MODE"
                    )
            ProductSearchCategory.objects.all().delete()
            ProductSearchEntry.objects.all().delete()
            SearchTerm.objects.all().delete()
            FacetCountChange.objects.all().delete()
            tally: Counter = Counter()
            for chunk in chunked(ids, chunk_size):
                records, _gone = product_records(chunk)
                self._insert(records, tally)
                done += len(chunk)
                if progress:
                    progress(done, len(ids))
            _tally_save(tally)
        return len(ids)

    def facet_counts_compact(self) -> int:
        """Fold the facet count changes into one row per value; returns the rows left."""
        table = FacetCountChange._meta.db_table
        with transaction.atomic(), connection.cursor() as cursor:
            if self._postgres:
                # One statement: what it deletes is exactly what it sums, while reindexes go on
                # adding rows it does not see.
                cursor.execute(
                    f"WITH folded AS (DELETE FROM {table} RETURNING facet, value, change) "  # noqa: S608
                    f"INSERT INTO {table} (facet, value, change) SELECT facet, value, SUM(change) "
                    "FROM folded GROUP BY facet, value HAVING SUM(change) <> 0"
                )
            else:  # SQLite has one writer at a time: no change can commit in between
                cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608
                (last,) = cursor.fetchone()
                if last is not None:
                    cursor.execute(
                        f"SELECT facet, value, SUM(change) FROM {table} WHERE id <= %s "  # noqa: S608
                        "GROUP BY facet, value HAVING SUM(change) <> 0",
                        [last],
                    )
                    folded = cursor.fetchall()
                    cursor.execute(f"DELETE FROM {table} WHERE id <= %s", [last])  # noqa: S608
                    FacetCountChange.objects.bulk_create(
                        [FacetCountChange(facet=f, value=v, change=n) for f, v, n in folded], batch_size=1000
                    )
        return FacetCountChange.objects.count()

    # --- Reading ------------------------------------------------------------

    def search(self, query: ProductQuery) -> SearchResult:
        entries = _filtered(ProductSearchEntry.objects.all(), query)
        plan = self._plan(query.text) if query.text else None
        rank = None
        if plan is not None:
            entries, rank = self._match(entries, plan)
        if plan is None and not _narrowed(query):
            facets = self._facets_counted(query)
        elif self._postgres:
            return self._search_snapshot(entries, rank, plan, query)
        else:
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
        """A search or narrowed listing's facets on SQLite, one query per facet."""
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
        found once (a materialized CTE of the few columns the facets and the page need), every
        facet is counted from them in one pass (GROUPING SETS), and the page is their top N.
        Matching a common word reads a fifth of the catalogue; done once per facet and again
        for the page, it was most of the time of a search at 100,000 products."""
        if rank is not None and query.sort != SORT_RELEVANCE:
            rank = None  # ranking every match is costly; another order was asked for
        grouped = _grouped_columns(query)
        sort = SORT_RELEVANCE if rank is not None else _sort_without_rank(query)
        matched = entries.order_by().annotate(price_band=_PRICE_BAND)
        if rank is not None:
            matched = matched.annotate(rank=rank)
        suggestion = plan.suggestion if plan else ""
        try:
            columns = dict.fromkeys(["product_id", *grouped, *_SORT_COLUMNS[sort]])
            matched_sql, params = matched.values(*columns).query.sql_with_params()
        except EmptyResultSet:  # entries.none(): a query of punctuation only
            facets = self._grouped_facets([], grouped, query)
            facets.pop("_total")
            return SearchResult(total=0, product_ids=[], facets=facets, suggestion=suggestion)
        # Each facet value counted once (COUNT(*) per grouping set): the three flags as one set
        # of their combinations, and the categories by each distinct list of them, which
        # _grouped_facets adds up per category (a few dozen lists, where testing every row
        # for every category cost more than all the other facets).
        sets = ", ".join(
            ["()", *(f"({c})" for c in grouped if c not in _FLAG_COLUMNS), f"({', '.join(_FLAG_COLUMNS)})"]
        )
        keys = ", ".join(c if c in grouped else f"NULL::{_KEY_TYPES[c]}" for c in _KEY_COLUMNS)
        # Only our own column names, orderings from _SQL_ORDERINGS and the ORM's parameterised
        # SQL are put together here: no user text.
        sql = (
            f"WITH matched AS MATERIALIZED ({matched_sql}) "  # noqa: S608
            f"SELECT {keys}, GROUPING({', '.join(grouped)}), COUNT(*), NULL::bigint[] "
            f"FROM matched GROUP BY GROUPING SETS ({sets}) "
            f"UNION ALL SELECT {', '.join(['NULL'] * len(_KEY_COLUMNS))}, -1, 0, "
            f"ARRAY(SELECT product_id FROM matched ORDER BY {_SQL_ORDERINGS[sort]} LIMIT %s OFFSET %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, query.limit, query.offset])
            rows = cursor.fetchall()
        page = next(row[-1] for row in rows if row[-3] == -1)
        facets = self._grouped_facets([row[:-1] for row in rows if row[-3] != -1], grouped, query)
        total = facets.pop("_total")
        return SearchResult(total=total, product_ids=list(page), facets=facets, suggestion=suggestion)

    def _facets_counted(self, query: ProductQuery) -> dict:
        """The unfiltered catalogue's facets, from the counts the indexer keeps (a few hundred
        rows to add up, where counting every listed product took 70-140 ms at 100,000)."""
        counts: dict[str, dict[str, int]] = {}
        changes = FacetCountChange.objects.values_list("facet", "value").annotate(n=Sum("change")).order_by()
        for facet, value, n in changes:
            if n:
                counts.setdefault(facet, {})[value] = n
        total = counts.get("_total", {}).get("", 0)
        facets = {
            "_total": total,
            FACET_PRICE: {
                price_range.key: counts[FACET_PRICE][price_range.key]
                for price_range in PRICE_RANGES
                if price_range.key in counts.get(FACET_PRICE, {})
            },
            **{
                flag: {True: counts[flag][""]} if counts.get(flag, {}).get("") else {}
                for flag in _FLAG_FACETS
            },
        }
        if not total:
            return facets | {name: {} for name in (FACET_CATEGORY, FACET_PROVINCE, FACET_PRODUCER)}

        facets[FACET_PROVINCE] = _ranked(counts.get(FACET_PROVINCE, {}))
        producers = {int(value): n for value, n in counts.get(FACET_PRODUCER, {}).items()}
        facets[FACET_PRODUCER] = _ranked(producers, PRODUCER_FACET_SIZE)
        categories = counts.get(FACET_CATEGORY, {})
        facets[FACET_CATEGORY] = {
            category_id: categories[str(category_id)]
            for category_id in query.facet_category_ids
            if categories.get(str(category_id))
        }
        return facets

    def _grouped_facets(self, rows, grouped: list[str], query: ProductQuery) -> dict:
        """Facets from _search_snapshot's rows: the key columns (_KEY_COLUMNS), GROUPING() of
        `grouped` (a bit set for each column the row is not grouped by) and the count."""
        total = 0
        counts: dict[str, Counter] = {column: Counter() for column in _KEY_COLUMNS}
        # GROUPING() of a row: which grouping set it counts, one per facet.
        bit = {column: 1 << position for position, column in enumerate(reversed(grouped))}
        everything = (1 << len(grouped)) - 1
        flags = everything & ~sum(bit[column] for column in _FLAG_COLUMNS)
        single = {everything & ~bit[column]: column for column in grouped if column not in _FLAG_COLUMNS}
        flag_positions = [_KEY_COLUMNS.index(column) for column in _FLAG_COLUMNS]
        for row in rows:
            grouping, n = row[len(_KEY_COLUMNS)], row[len(_KEY_COLUMNS) + 1]
            if grouping == everything:
                total = n
            elif grouping == flags:
                for column, position in zip(_FLAG_COLUMNS, flag_positions, strict=True):
                    if row[position]:
                        counts[column][True] += n
            else:
                column = single[grouping]
                key = row[_KEY_COLUMNS.index(column)]
                if column == "category_list":
                    for category_id in key.split():
                        counts[column][int(category_id)] += n
                elif key is not None:
                    counts[column][key] += n
        facets = {
            "_total": total,
            FACET_PRICE: {PRICE_RANGES[band].key: n for band, n in sorted(counts["price_band"].items())},
            **{flag: dict(counts[column]) for flag, column in zip(_FLAG_FACETS, _FLAG_COLUMNS, strict=True)},
        }
        if not total:
            return facets | {name: {} for name in (FACET_CATEGORY, FACET_PROVINCE, FACET_PRODUCER)}

        facets[FACET_PROVINCE] = _ranked(counts["province_id"])
        if "regency_id" in grouped:
            facets[FACET_REGENCY] = _ranked(counts["regency_id"])
        if "village_id" in grouped:
            facets[FACET_VILLAGE] = _ranked(counts["village_id"])
        facets[FACET_PRODUCER] = _ranked(counts["seller_id"], PRODUCER_FACET_SIZE)
        facets[FACET_CATEGORY] = {
            category_id: counts["category_list"][category_id]
            for category_id in query.facet_category_ids
            if counts["category_list"][category_id]
        }
        return facets

    def _category_counts(self, entries: QuerySet, query: ProductQuery) -> dict:
        if not query.facet_category_ids:
            return {}
        links = ProductSearchCategory.objects.filter(
            category_id__in=query.facet_category_ids, entry__in=entries.values("pk")
        )
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


# What an entry counts in: the columns _delete() reads back, in _counted()'s order.
_TALLIED_COLUMNS = ("province_id", "seller_id", "in_stock", "is_halal", "has_pirt", "price")
_FLAG_FACETS = (FACET_HALAL, FACET_PIRT, FACET_IN_STOCK)


def _counted(province_id, seller_id, in_stock, is_halal, has_pirt, price) -> list[tuple[str, str]]:
    """The facet values one index entry counts in (the unfiltered catalogue's facets)."""
    values = [("_total", ""), (FACET_PROVINCE, str(province_id)), (FACET_PRODUCER, str(seller_id))]
    values += [
        (flag, "") for flag, on in zip(_FLAG_FACETS, (is_halal, has_pirt, in_stock), strict=True) if on
    ]
    if price is not None:
        price = Decimal(str(price))  # SQLite gives back a float or a string
        values += [
            (FACET_PRICE, price_range.key) for price_range in PRICE_RANGES if price_range.contains(price)
        ]
    return values


def _ranked(counts: dict, limit: int | None = None) -> dict:
    """Facet values by count, most first (ties by value), as _counts() orders them in SQL."""
    pairs = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return dict(pairs[:limit] if limit else pairs)


def _tally_save(tally: Counter) -> None:
    FacetCountChange.objects.bulk_create(
        [FacetCountChange(facet=facet, value=value, change=n) for (facet, value), n in tally.items() if n],
        batch_size=1000,
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
    if query.category is not None and connection.vendor == "postgresql":
        # From the rows' own lists of categories, through their GIN index (migration 0005),
        # which PostgreSQL can AND with a province's or producer's index: joined to the
        # links, a top-level category in one province probed 15,000 rows one by one.
        entries = entries.alias(category_ids=_CATEGORY_IDS).filter(
            category_ids__contains=[str(query.category)]
        )
    elif query.category is not None:
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


# An entry's category_list as an array, exactly as the index of migration 0005 is built.
_CATEGORY_IDS = Func(
    Func(F("category_list"), function="btrim"),
    Value(" "),
    function="string_to_array",
    output_field=ArrayField(TextField()),
)
# What _search_snapshot's rows carry, in this order (NULL where a row is not grouped by it).
_KEY_COLUMNS = (
    "province_id", "seller_id", "regency_id", "village_id",
    "price_band", "is_halal", "has_pirt", "in_stock", "category_list",
)  # fmt: skip
_KEY_TYPES = {
    "province_id": "varchar",
    "seller_id": "bigint",
    "regency_id": "varchar",
    "village_id": "varchar",
    "price_band": "integer",
    "is_halal": "boolean",
    "has_pirt": "boolean",
    "in_stock": "boolean",
    "category_list": "text",
}
_FLAG_COLUMNS = ("is_halal", "has_pirt", "in_stock")  # in _FLAG_FACETS' order
# The position in PRICE_RANGES of a row's price, or NULL: one expression per row, where a
# count per range compared every price five times over.


def _price_band() -> Case:
    contiguous = (
        PRICE_RANGES[0].low is None
        and PRICE_RANGES[-1].high is None
        and all(a.high == b.low for a, b in itertools.pairwise(PRICE_RANGES))
    )
    if not contiguous:
        return Case(
            *(When(_price_q(price_range), then=Value(band)) for band, price_range in enumerate(PRICE_RANGES)),
            default=None,
            output_field=IntegerField(),
        )
    # Ranges that follow each other: one comparison per range below the price (at 6,000
    # matching rows, 1.7 ms where testing both bounds of every range took 3.2).
    return Case(
        When(price__isnull=True, then=None),
        *(
            When(price__lt=price_range.high, then=Value(band))
            for band, price_range in enumerate(PRICE_RANGES[:-1])
        ),
        default=Value(len(PRICE_RANGES) - 1),
        output_field=IntegerField(),
    )


_PRICE_BAND = _price_band()
# What each order reads of a matching row.
_SORT_COLUMNS = {
    SORT_RELEVANCE: ("rank", "num_sold", "date_created"),
    SORT_NEWEST: ("date_created",),
    SORT_POPULAR: ("num_sold", "date_created"),
    SORT_PRICE_ASC: ("price",),
    SORT_PRICE_DESC: ("price",),
    SORT_TITLE: ("title",),
}


def _sort_without_rank(query: ProductQuery) -> str:
    return SORT_NEWEST if query.sort == SORT_RELEVANCE else query.sort


def _grouped_columns(query: ProductQuery) -> list[str]:
    """The columns _search_snapshot groups by: the region levels below the one chosen, and the
    categories when their facet is shown."""
    columns = ["province_id", "seller_id"]
    if query.province or query.regency or query.village:
        columns.append("regency_id")
    if query.regency or query.village:
        columns.append("village_id")
    columns += ["price_band", *_FLAG_COLUMNS]
    if query.facet_category_ids:
        columns.append("category_list")
    return columns


_SQL_ORDERINGS = {
    SORT_RELEVANCE: "rank DESC, num_sold DESC, date_created DESC, product_id DESC",
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
