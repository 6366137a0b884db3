"""Facet counts in the database backend.

Three ways, by what is asked: the unfiltered catalogue's facets are added up from the counts
the indexer keeps (kept()); a search or narrowed listing on PostgreSQL is one statement that
counts every facet in one pass with GROUPING SETS and returns the page too
(search_snapshot()); on SQLite one GROUP BY per facet (counted()).
"""

import itertools
from collections import Counter

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, FloatField, IntegerField, Q, QuerySet, Sum, Value, When

from search import queries
from search.backends.database.ranking import (
    ENTRY_TABLE,
    SORT_COLUMNS,
    SQL_ORDERINGS,
    price_q,
    sort_without_rank,
)
from search.models import FacetCountChange, ProductSearchCategory


def counted(entries: QuerySet, query: queries.ProductQuery) -> dict:
    """A search or narrowed listing's facets on SQLite, one query per facet."""
    price_counts = {
        f"price_{n}": Count("pk", filter=price_q(price_range))
        for n, price_range in enumerate(queries.PRICE_RANGES)
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
        queries.FACET_PRICE: {
            price_range.key: summary[f"price_{n}"]
            for n, price_range in enumerate(queries.PRICE_RANGES)
            if summary[f"price_{n}"]
        },
        queries.FACET_HALAL: {True: summary["halal"]} if summary["halal"] else {},
        queries.FACET_PIRT: {True: summary["pirt"]} if summary["pirt"] else {},
        queries.FACET_IN_STOCK: {True: summary["in_stock"]} if summary["in_stock"] else {},
    }
    if not summary["_total"]:
        return facets | {
            name: {} for name in (queries.FACET_CATEGORY, queries.FACET_PROVINCE, queries.FACET_PRODUCER)
        }
    facets[queries.FACET_PROVINCE] = _counts(entries, "province_id")
    if query.province or query.regency or query.village:
        facets[queries.FACET_REGENCY] = _counts(entries, "regency_id")
    if query.regency or query.village:
        facets[queries.FACET_VILLAGE] = _counts(entries, "village_id")
    facets[queries.FACET_PRODUCER] = _counts(entries, "seller_id", limit=queries.PRODUCER_FACET_SIZE)
    facets[queries.FACET_CATEGORY] = _category_counts(entries, query)
    return facets


def search_snapshot(
    entries: QuerySet, rank, plan, query: queries.ProductQuery, *, best: Q | None = None
) -> queries.SearchResult:
    """A search or narrowed listing on PostgreSQL: the matching rows are found once (a
    materialized CTE of the few columns the facets and the page need), every facet is
    counted from them in one pass (GROUPING SETS), and the page is their top N, in the same
    statement unless it is ranked. Matching a common word reads a fifth of the catalogue;
    done once per facet and again for the page, it was most of the time of a search at
    100,000 products.

    A ranked page (`rank`: ranking.postgres_rank) ranks only the `best` tier
    (ranking.best_tier) when there are enough of them for the page, else every match:
    computing the rank of every row of a common word cost as much as all its facets. The
    best tier's rank is computed in the CTE, from the row the match has just read: looked up
    again by primary key to be ranked, 3,000 rows of "madu" at 100,000 products took 21 ms
    where this takes 13. Only when the best tier cannot fill the page is every match ranked
    from its entry. It is part of the same statement too: as a second query, compiling and
    matching again was half the time of a search that finds a few hundred products."""
    if rank is not None and query.sort != queries.SORT_RELEVANCE:
        rank = None  # ranking every match is costly; another order was asked for
    grouped = _grouped_columns(query)
    sort = sort_without_rank(query)
    matched = entries.order_by().annotate(price_band=_PRICE_BAND)
    if rank is not None and best is not None:
        # NULL outside the best tier (the rank itself is never NULL): the tier is read off
        # it, so each row is tested against the tier's condition once.
        matched = matched.annotate(
            best_rank=Case(When(best, then=rank), default=None, output_field=FloatField())
        )
    suggestion = plan.suggestion if plan else ""
    try:
        # The best tier's rank and what breaks its ties, for a page ranked in the CTE.
        extra = ["best_rank", "num_sold", "date_created"] if rank is not None and best is not None else []
        columns = dict.fromkeys(["product_id", *grouped, *extra, *SORT_COLUMNS[sort]])
        matched_sql, params = matched.values(*columns).query.sql_with_params()
    except EmptyResultSet:  # entries.none(): a query of punctuation only
        facets = _grouped_facets([], grouped, query)
        facets.pop("_total")
        return queries.SearchResult(total=0, product_ids=[], facets=facets, suggestion=suggestion)
    # Each facet value counted once (COUNT(*) per grouping set): the three flags as one set
    # of their combinations, and the categories by each distinct list of them, which
    # _grouped_facets adds up per category (a few dozen lists, where testing every row
    # for every category cost more than all the other facets).
    sets = ", ".join(
        ["()", *(f"({c})" for c in grouped if c not in _FLAG_COLUMNS), f"({', '.join(_FLAG_COLUMNS)})"]
    )
    keys = ", ".join(c if c in grouped else f"NULL::{_KEY_TYPES[c]}" for c in _KEY_COLUMNS)
    best_count = "COUNT(*) FILTER (WHERE best_rank IS NOT NULL)" if extra else "0"
    # Only our own column names, orderings from SQL_ORDERINGS and the ORM's parameterised
    # SQL are put together here: no user text.
    sql = (
        f"WITH matched AS MATERIALIZED ({matched_sql}) "  # noqa: S608
        f"SELECT {keys}, GROUPING({', '.join(grouped)}), COUNT(*), {best_count}, NULL::bigint[] "
        f"FROM matched GROUP BY GROUPING SETS ({sets}) "
    )
    sql += f"UNION ALL SELECT {', '.join(['NULL'] * len(_KEY_COLUMNS))}, -1, 0, 0, "  # noqa: S608
    if rank is None:
        sql += f"ARRAY(SELECT product_id FROM matched ORDER BY {SQL_ORDERINGS[sort]} LIMIT %s OFFSET %s)"  # noqa: S608
        params = [*params, query.limit, query.offset]
    else:
        # Every matched row ranked from its entry (by primary key); when the best tier fills
        # the page, its rank from the CTE instead (PostgreSQL runs one arm of the CASE).
        every_match = (
            f"ARRAY(SELECT {ENTRY_TABLE}.product_id FROM {ENTRY_TABLE} "  # noqa: S608
            f"WHERE {ENTRY_TABLE}.product_id IN (SELECT product_id FROM matched) "
            f"ORDER BY {rank.sql} DESC, num_sold DESC, date_created DESC, product_id DESC LIMIT %s OFFSET %s)"
        )
        if extra:
            sql += (
                "CASE WHEN (SELECT COUNT(*) FROM matched WHERE best_rank IS NOT NULL) >= %s "  # noqa: S608
                "THEN ARRAY(SELECT product_id FROM matched WHERE best_rank IS NOT NULL "
                "ORDER BY best_rank DESC, num_sold DESC, "
                f"date_created DESC, product_id DESC LIMIT %s OFFSET %s) ELSE {every_match} END"
            )
            params = [*params, query.offset + query.limit, query.limit, query.offset]
        else:
            sql += every_match
        params = [*params, *rank.params, query.limit, query.offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counted_rows = [row[:-2] for row in rows if row[-4] != -1]
    facets = _grouped_facets(counted_rows, grouped, query)
    total = facets.pop("_total")
    page = list(next(row[-1] for row in rows if row[-4] == -1))
    return queries.SearchResult(total=total, product_ids=page, facets=facets, suggestion=suggestion)


def kept(query: queries.ProductQuery) -> dict:
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
        queries.FACET_PRICE: {
            price_range.key: counts[queries.FACET_PRICE][price_range.key]
            for price_range in queries.PRICE_RANGES
            if price_range.key in counts.get(queries.FACET_PRICE, {})
        },
        **{
            flag: {True: counts[flag][""]} if counts.get(flag, {}).get("") else {}
            for flag in queries.FLAG_FACETS
        },
    }
    if not total:
        return facets | {
            name: {} for name in (queries.FACET_CATEGORY, queries.FACET_PROVINCE, queries.FACET_PRODUCER)
        }

    facets[queries.FACET_PROVINCE] = _ranked(counts.get(queries.FACET_PROVINCE, {}))
    producers = {int(value): n for value, n in counts.get(queries.FACET_PRODUCER, {}).items()}
    facets[queries.FACET_PRODUCER] = _ranked(producers, queries.PRODUCER_FACET_SIZE)
    categories = counts.get(queries.FACET_CATEGORY, {})
    facets[queries.FACET_CATEGORY] = {
        category_id: categories[str(category_id)]
        for category_id in query.facet_category_ids
        if categories.get(str(category_id))
    }
    return facets


def _grouped_facets(rows, grouped: list[str], query: queries.ProductQuery) -> dict:
    """Facets from search_snapshot's rows: the key columns (_KEY_COLUMNS), GROUPING() of
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
        queries.FACET_PRICE: {
            queries.PRICE_RANGES[band].key: n for band, n in sorted(counts["price_band"].items())
        },
        **{
            flag: dict(counts[column])
            for flag, column in zip(queries.FLAG_FACETS, _FLAG_COLUMNS, strict=True)
        },
    }
    if not total:
        return facets | {
            name: {} for name in (queries.FACET_CATEGORY, queries.FACET_PROVINCE, queries.FACET_PRODUCER)
        }

    facets[queries.FACET_PROVINCE] = _ranked(counts["province_id"])
    if "regency_id" in grouped:
        facets[queries.FACET_REGENCY] = _ranked(counts["regency_id"])
    if "village_id" in grouped:
        facets[queries.FACET_VILLAGE] = _ranked(counts["village_id"])
    facets[queries.FACET_PRODUCER] = _ranked(counts["seller_id"], queries.PRODUCER_FACET_SIZE)
    facets[queries.FACET_CATEGORY] = {
        category_id: counts["category_list"][category_id]
        for category_id in query.facet_category_ids
        if counts["category_list"][category_id]
    }
    return facets


def _category_counts(entries: QuerySet, query: queries.ProductQuery) -> dict:
    if not query.facet_category_ids:
        return {}
    links = ProductSearchCategory.objects.filter(
        category_id__in=query.facet_category_ids, entry__in=entries.values("pk")
    )
    return dict(links.values_list("category_id").annotate(n=Count("*")).order_by())


def _counts(entries: QuerySet, column: str, *, limit: int | None = None) -> dict:
    rows = entries.order_by().values_list(column).annotate(n=Count("pk")).order_by("-n", column)
    if limit:
        rows = rows[:limit]
    return dict(rows)


def _ranked(counts: dict, limit: int | None = None) -> dict:
    """Facet values by count, most first (ties by value), as _counts() orders them in SQL."""
    pairs = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return dict(pairs[:limit] if limit else pairs)


def _grouped_columns(query: queries.ProductQuery) -> list[str]:
    """The columns search_snapshot groups by: the region levels below the one chosen, and the
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


# What search_snapshot's rows carry, in this order (NULL where a row is not grouped by it).
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
_FLAG_COLUMNS = ("is_halal", "has_pirt", "in_stock")  # in queries.FLAG_FACETS' order
# The position in PRICE_RANGES of a row's price, or NULL: one expression per row, where a
# count per range compared every price five times over.


def _price_band() -> Case:
    contiguous = (
        queries.PRICE_RANGES[0].low is None
        and queries.PRICE_RANGES[-1].high is None
        and all(a.high == b.low for a, b in itertools.pairwise(queries.PRICE_RANGES))
    )
    if not contiguous:
        return Case(
            *(
                When(price_q(price_range), then=Value(band))
                for band, price_range in enumerate(queries.PRICE_RANGES)
            ),
            default=None,
            output_field=IntegerField(),
        )
    # Ranges that follow each other: one comparison per range below the price (at 6,000
    # matching rows, 1.7 ms where testing both bounds of every range took 3.2).
    return Case(
        When(price__isnull=True, then=None),
        *(
            When(price__lt=price_range.high, then=Value(band))
            for band, price_range in enumerate(queries.PRICE_RANGES[:-1])
        ),
        default=Value(len(queries.PRICE_RANGES) - 1),
        output_field=IntegerField(),
    )


_PRICE_BAND = _price_band()
