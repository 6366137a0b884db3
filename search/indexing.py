"""Products → what the search backends store, computed once for both.

Only products that may be shown (catalog.selectors.product_browsable: public, sold by an
approved seller) become records; every other id asked for is reported as gone, so the
backends delete it.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Min, Sum
from oscar.core.loading import get_model

from catalog.selectors import product_browsable
from core.html import html_text

Category = get_model("catalogue", "Category")
Line = get_model("order", "Line")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


@dataclass(frozen=True)
class ProductRecord:
    id: int
    title: str
    description: str
    category_ids: tuple[int, ...]  # each category of the product and all their ancestors
    category_names: tuple[str, ...]
    # The names of the categories the product was put in, without their ancestors: what a
    # product is ("Tenun"), where "Pakaian dan Bordir" above it names a whole shelf.
    own_category_names: tuple[str, ...]
    seller_id: int
    seller_name: str
    village_code: str
    regency_code: str
    province_code: str
    place_names: tuple[str, ...]  # desa, kecamatan, kabupaten, provinsi
    price: Decimal | None
    num_sold: int
    in_stock: bool
    is_halal: bool
    has_pirt: bool
    date_created: datetime


def _category_ancestry() -> dict[int, tuple[tuple[int, ...], tuple[str, ...]]]:
    """category id → (ids, names) of itself and its ancestors, from one query of the tree."""
    rows = list(Category.objects.values_list("id", "path", "name"))
    by_path = {path: (pk, name) for pk, path, name in rows}
    step = Category.steplen
    ancestry = {}
    for pk, path, _name in rows:
        chain = [by_path[path[:end]] for end in range(step, len(path) + 1, step) if path[:end] in by_path]
        ancestry[pk] = (tuple(c[0] for c in chain), tuple(c[1] for c in chain))
    return ancestry


# A stock record's producer and places, as _record reads them (values, not model instances:
# building five related objects per stock record was most of a rebuild's time).
_SELLER = "partner__seller_profile__"
_STOCK_COLUMNS = (
    "product_id", "num_in_stock", "num_allocated", f"{_SELLER}status", f"{_SELLER}id", f"{_SELLER}name",
    f"{_SELLER}village__code", f"{_SELLER}village__name", f"{_SELLER}village__district__name",
    f"{_SELLER}village__district__regency__code", f"{_SELLER}village__district__regency__name",
    f"{_SELLER}village__district__regency__province__code",
    f"{_SELLER}village__district__regency__province__name",
)  # fmt: skip
_PRODUCT_COLUMNS = (
    "id", "title", "description", "made_to_order", "halal_number", "pirt_number", "date_created", "min_price"
)  # fmt: skip


@dataclass(frozen=True)
class _Stock:
    product_id: int
    num_in_stock: int | None
    num_allocated: int | None
    status: str
    seller_id: int
    seller_name: str
    village_code: str
    village_name: str
    district_name: str
    regency_code: str
    regency_name: str
    province_code: str
    province_name: str

    @property
    def net_stock_level(self) -> int:  # as Oscar's StockRecord.net_stock_level
        if self.num_in_stock is None:
            return 0
        return self.num_in_stock - (self.num_allocated or 0)


def product_records(ids: Iterable[int]) -> tuple[list[ProductRecord], set[int]]:
    """Records of the listed products among ids, and the ids that must leave the index.

    Read as plain values in four queries per call, whatever the number of ids: a rebuild
    passes thousands at a time."""
    ids = set(ids)
    if not ids:
        return [], set()
    products = list(
        product_browsable()
        .filter(id__in=list(ids))
        .prefetch_related(None)
        .annotate(min_price=Min("stockrecords__price"))
        .order_by()
        .values_list(*_PRODUCT_COLUMNS)
    )
    found = [row[0] for row in products]
    categories: dict[int, list[tuple[int, str]]] = {}
    for product_id, category_id, name in (
        ProductCategory.objects.filter(product_id__in=found)
        .order_by("category__path")  # as Category's own ordering, which product.categories had
        .values_list("product_id", "category_id", "category__name")
    ):
        categories.setdefault(product_id, []).append((category_id, name))
    stock: dict[int, list[_Stock]] = {}
    for row in StockRecord.objects.filter(product_id__in=found).order_by("id").values_list(*_STOCK_COLUMNS):
        stock.setdefault(row[0], []).append(_Stock(*row))
    sold = dict(
        Line.objects.filter(product_id__in=found)
        .values_list("product_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    ancestry = _category_ancestry()
    records = [
        record
        for row in products
        if (record := _record(row, categories.get(row[0], []), stock.get(row[0], []), sold, ancestry))
    ]
    return records, ids - {record.id for record in records}


def _record(row, categories, stockrecords, sold: dict, ancestry: dict) -> ProductRecord | None:
    pk, title, description, made_to_order, halal_number, pirt_number, date_created, min_price = row
    stockrecords = [s for s in stockrecords if s.status == "approved"]
    if not stockrecords:
        return None
    seller = stockrecords[0]
    category_ids: dict[int, None] = {}
    category_names: dict[str, None] = {}
    for category_id, name in categories:
        ids, names = ancestry.get(category_id, ((category_id,), (name,)))
        category_ids.update(dict.fromkeys(ids))
        category_names.update(dict.fromkeys(names))
    in_stock = made_to_order or any((s.net_stock_level or 0) > 0 for s in stockrecords)
    return ProductRecord(
        id=pk,
        title=title or "",
        # Words only: descriptions are stored as HTML ("&amp;", "<strong>").
        description=html_text(description),
        category_ids=tuple(category_ids),
        category_names=tuple(category_names),
        own_category_names=tuple(dict.fromkeys(name for _id, name in categories)),
        seller_id=seller.seller_id,
        seller_name=seller.seller_name,
        village_code=seller.village_code,
        regency_code=seller.regency_code,
        province_code=seller.province_code,
        place_names=(seller.village_name, seller.district_name, seller.regency_name, seller.province_name),
        price=min_price,
        num_sold=int(sold.get(pk) or 0),
        in_stock=bool(in_stock),
        is_halal=bool(halal_number),
        has_pirt=bool(pirt_number),
        date_created=date_created,
    )


def listed_product_ids() -> Iterator[int]:
    """Every product id that may be listed, in id order, for a rebuild."""
    return product_browsable().prefetch_related(None).order_by("id").values_list("id", flat=True).iterator()


def chunked(values: Iterable[int], size: int) -> Iterator[list[int]]:
    chunk = []
    for value in values:
        chunk.append(value)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
