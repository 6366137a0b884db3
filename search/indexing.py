"""Products → what the search backends store, computed once for both.

Only products that may be shown (catalog.selectors.product_browsable: public, sold by an
approved seller) become records; every other id asked for is reported as gone, so the
backends delete it.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Min, Prefetch, Sum
from oscar.core.loading import get_model

from catalog.selectors import product_browsable
from core.html import html_text

Category = get_model("catalogue", "Category")
Line = get_model("order", "Line")
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


def _records_queryset(ids: Iterable[int]):
    return (
        product_browsable()
        .filter(id__in=list(ids))
        .prefetch_related(None)
        .select_related("product_class")
        .prefetch_related(
            "categories",
            Prefetch(
                "stockrecords",
                queryset=StockRecord.objects.select_related(
                    "partner__seller_profile__village__district__regency__province"
                ).order_by("id"),
            ),
        )
        .annotate(min_price=Min("stockrecords__price"))
        .order_by()
    )


def product_records(ids: Iterable[int]) -> tuple[list[ProductRecord], set[int]]:
    """Records of the listed products among ids, and the ids that must leave the index."""
    ids = set(ids)
    if not ids:
        return [], set()
    products = list(_records_queryset(ids))
    sold = dict(
        Line.objects.filter(product_id__in=[p.pk for p in products])
        .values_list("product_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    ancestry = _category_ancestry()
    records = [record for product in products if (record := _record(product, sold, ancestry))]
    return records, ids - {record.id for record in records}


def _record(product, sold: dict, ancestry: dict) -> ProductRecord | None:
    stockrecords = [s for s in product.stockrecords.all() if s.partner.seller_profile.status == "approved"]
    if not stockrecords:
        return None
    seller = stockrecords[0].partner.seller_profile
    village = seller.village
    district = village.district
    regency = district.regency
    category_ids: dict[int, None] = {}
    category_names: dict[str, None] = {}
    for category in product.categories.all():
        ids, names = ancestry.get(category.pk, ((category.pk,), (category.name,)))
        category_ids.update(dict.fromkeys(ids))
        category_names.update(dict.fromkeys(names))
    in_stock = product.made_to_order or any((s.net_stock_level or 0) > 0 for s in stockrecords)
    return ProductRecord(
        id=product.pk,
        title=product.title or "",
        # Words only: descriptions are stored as HTML ("&amp;", "<strong>").
        description=html_text(product.description),
        category_ids=tuple(category_ids),
        category_names=tuple(category_names),
        own_category_names=tuple(dict.fromkeys(category.name for category in product.categories.all())),
        seller_id=seller.pk,
        seller_name=seller.name,
        village_code=village.code,
        regency_code=regency.code,
        province_code=regency.province_id,
        place_names=(village.name, district.name, regency.name, regency.province.name),
        price=product.min_price,
        num_sold=int(sold.get(product.pk) or 0),
        in_stock=bool(in_stock),
        is_halal=bool(product.halal_number),
        has_pirt=bool(product.pirt_number),
        date_created=product.date_created,
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
