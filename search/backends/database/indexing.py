"""Writing the database backend's index: entries, their category links and the vocabulary.

Every write also keeps the unfiltered catalogue's facet counts up to date, as +1/−1 rows of
FacetCountChange that facet_counts_compact() folds into one row per value (facets.kept()
adds them up). On PostgreSQL an entry's text is written as a tsvector in the
``pasar_id`` configuration (TS_CONFIG) that ranking.py searches with.
"""

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from django.db import connection, transaction

from search import queries
from search.analysis import stem, words
from search.backends.base import Progress
from search.indexing import ProductRecord, chunked, listed_product_ids, product_records
from search.models import FacetCountChange, ProductSearchCategory, ProductSearchEntry, SearchTerm

TS_CONFIG = "pasar_id"


def index(records: Iterable[ProductRecord], *, delete_ids: Iterable[int] = ()) -> None:
    records = list(records)
    with transaction.atomic():
        tally: Counter = Counter()
        _delete([record.id for record in records] + list(delete_ids), tally)
        _insert(records, tally)
        _tally_save(tally)


def _delete(product_ids: list[int], tally: Counter) -> None:
    """Remove these products' entries, taking what they counted off `tally`: the rows this
    transaction really deleted (RETURNING), so that two reindexes of one product cannot
    both take it off."""
    links = ProductSearchCategory._meta.db_table
    entries = ProductSearchEntry._meta.db_table
    with connection.cursor() as cursor:
        for chunk in chunked(product_ids, 500):
            ids = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {links} WHERE entry_id IN ({ids}) RETURNING category_id", chunk)  # noqa: S608
            tally.subtract((queries.FACET_CATEGORY, str(category_id)) for (category_id,) in cursor.fetchall())
            cursor.execute(
                f"DELETE FROM {entries} WHERE product_id IN ({ids}) "  # noqa: S608
                f"RETURNING {', '.join(_TALLIED_COLUMNS)}",
                chunk,
            )
            for row in cursor.fetchall():
                tally.subtract(_counted(*row))


def _insert(records: list[ProductRecord], tally: Counter) -> None:
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
    if connection.vendor == "postgresql":
        _insert_with_vectors(entries)
    else:
        ProductSearchEntry.objects.bulk_create(entries, batch_size=1000)
    links = [
        ProductSearchCategory(entry_id=record.id, category_id=category_id)
        for record in records
        for category_id in record.category_ids
    ]
    tally.update((queries.FACET_CATEGORY, str(link.category_id)) for link in links)
    ProductSearchCategory.objects.bulk_create(links, batch_size=2000)
    vocabulary = {word for record in records for word in _vocabulary(record)}
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word) for word in sorted(vocabulary)], ignore_conflicts=True, batch_size=2000
    )


# The columns _insert_with_vectors() writes as they are; the stems go into the vectors only.
_PLAIN_COLUMNS = (
    "product_id", "title", "title_normalized", "category_list", "seller_id", "province_id",
    "regency_id", "village_id", "price", "num_sold", "in_stock", "is_halal", "has_pirt", "date_created",
)  # fmt: skip
# Weights: A title, B own categories, C ancestor categories, producer and place, D description.
_VECTOR = " || ".join(f"setweight(to_tsvector('{TS_CONFIG}', %s), '{w}')" for w in "ABCD")
_OWN_VECTOR = " || ".join(f"setweight(to_tsvector('{TS_CONFIG}', %s), '{w}')" for w in "AB")
_TITLE_VECTOR = f"setweight(to_tsvector('{TS_CONFIG}', %s), 'A')"


def _insert_with_vectors(entries: list[ProductSearchEntry]) -> None:
    """PostgreSQL: the entries as multi-row INSERTs that build both vectors from the stems.

    The stems live on in the vectors only: every search reads the rows it matches, and a row
    written once, without them, is a third narrower (48 MB instead of 78 MB at 100,000
    products). Plain SQL, not bulk_create() with SearchVector expressions: compiling those
    for each row was 80 % of indexing (10,000 products: 58 s of 72)."""
    table = ProductSearchEntry._meta.db_table
    columns = ", ".join([*_PLAIN_COLUMNS, "title_stems", "category_stems", "body_stems"])
    columns += ", description_stems, search_vector, own_vector, title_vector, indexed_at"
    plain = ", ".join(["%s"] * len(_PLAIN_COLUMNS))
    row = f"({plain}, '', '', '', '', {_VECTOR}, {_OWN_VECTOR}, {_TITLE_VECTOR}, now())"
    with connection.cursor() as cursor:
        for chunk in chunked(entries, 500):
            params = []
            for entry in chunk:
                params += [getattr(entry, column) for column in _PLAIN_COLUMNS]
                params += [entry.title_stems, entry.category_stems, entry.body_stems, entry.description_stems]
                params += [entry.title_stems, entry.category_stems, entry.title_stems]
            # Only this module's column names and TS_CONFIG; every value is a parameter.
            rows = ", ".join([row] * len(chunk))
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {rows}", params)  # noqa: S608


def rebuild(*, progress: Progress | None = None, chunk_size: int = 500) -> int:
    ids = list(listed_product_ids())
    done = 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Reindexing waits until the rebuild commits (searches go on): a product listed
            # meanwhile would be counted by its own change and again by the rebuild's.
            tables = (ProductSearchEntry, ProductSearchCategory, SearchTerm, FacetCountChange)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {', '.join(m._meta.db_table for m in tables)} IN EXCLUSIVE MODE")
        ProductSearchCategory.objects.all().delete()
        ProductSearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
        FacetCountChange.objects.all().delete()
        tally: Counter = Counter()
        for chunk in chunked(ids, chunk_size):
            records, _gone = product_records(chunk)
            _insert(records, tally)
            done += len(chunk)
            if progress:
                progress(done, len(ids))
        _tally_save(tally)
        if connection.vendor == "postgresql":
            # Every entry is new: the planner's estimates decide whether a search is counted
            # exactly or from a sample (sampling.py), and should not wait for autovacuum.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {ProductSearchEntry._meta.db_table}")
    return len(ids)


def facet_counts_compact() -> int:
    """Fold the facet count changes into one row per value; returns the rows left."""
    table = FacetCountChange._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
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


def _entry(record: ProductRecord) -> ProductSearchEntry:
    return ProductSearchEntry(
        product_id=record.id,
        title=record.title[:255],
        title_normalized=" ".join(words(record.title))[:255],
        title_stems=_stems(record.title),
        category_stems=_joined(_shared_stems(text) for text in record.own_category_names),
        body_stems=_joined(
            _shared_stems(text) for text in (*record.category_names, record.seller_name, *record.place_names)
        ),
        description_stems=_stems(record.description),
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


def _stems(text: str) -> str:
    return " ".join(stem(w) for w in words(text))


# Category, producer and place names recur on thousands of entries: stemmed once each.
_shared_stems = lru_cache(maxsize=20_000)(_stems)


def _joined(parts) -> str:
    return " ".join(part for part in parts if part)


# What an entry counts in: the columns _delete() reads back, in _counted()'s order.
_TALLIED_COLUMNS = ("province_id", "seller_id", "in_stock", "is_halal", "has_pirt", "price")


def _counted(province_id, seller_id, in_stock, is_halal, has_pirt, price) -> list[tuple[str, str]]:
    """The facet values one index entry counts in (the unfiltered catalogue's facets)."""
    values = [
        ("_total", ""),
        (queries.FACET_PROVINCE, str(province_id)),
        (queries.FACET_PRODUCER, str(seller_id)),
    ]
    values += [
        (flag, "") for flag, on in zip(queries.FLAG_FACETS, (is_halal, has_pirt, in_stock), strict=True) if on
    ]
    if price is not None:
        price = Decimal(str(price))  # SQLite gives back a float or a string
        values += [
            (queries.FACET_PRICE, price_range.key)
            for price_range in queries.PRICE_RANGES
            if price_range.contains(price)
        ]
    return values


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
