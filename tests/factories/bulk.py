"""Thousands of rows in a few statements, for tests that must hold at 10,000 products or orders.

The factories make rows one by one through the models' own code (minutes for 10,000); these
copy the shape of rows the factories made, so a big catalogue looks like a small one to the
pages under test.
"""

import itertools
from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model

from fulfilment.models import SellerOrder

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")
Line = get_model("order", "Line")

_serial = itertools.count(1)


def products_bulk_create(*, count: int, sellers, category, product_class, image_path: str = "") -> list:
    """count public products spread over sellers, each with stock, the category and (when
    image_path is given) one image; search entries are left to the caller."""
    batch = next(_serial)
    products = Product.objects.bulk_create(
        [
            Product(
                title=f"Keripik Singkong Pedas {batch}-{n}",
                slug=f"keripik-{batch}-{n}",
                description="Dibuat tangan oleh keluarga pekerja migran.",
                product_class=product_class,
                structure=Product.STANDALONE,
                is_public=True,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    StockRecord.objects.bulk_create(
        [
            StockRecord(
                product=product,
                partner_id=sellers[n % len(sellers)].partner_id,
                partner_sku=f"bulk-{product.pk}",
                price=Decimal(5000 + (n % 50) * 1000),
                price_currency="IDR",
                num_in_stock=20,
            )
            for n, product in enumerate(products)
        ],
        batch_size=2000,
    )
    ProductCategory.objects.bulk_create(
        [ProductCategory(product=product, category=category) for product in products], batch_size=2000
    )
    if image_path:
        ProductImage.objects.bulk_create(
            [ProductImage(product=product, original=image_path, display_order=0) for product in products],
            batch_size=2000,
        )
    return products


def orders_bulk_copy(*, order, seller_orders, count: int) -> None:
    """count copies of a placed order (lines and producer orders included), numbered apart."""
    lines = list(order.lines.all())
    copies = []
    for n in range(count):
        copy = _clone(order)
        copy.number = f"{order.number}-{next(_serial)}-{n}"
        copy.date_placed = timezone.now()
        copies.append(copy)
    copies = Order.objects.bulk_create(copies, batch_size=1000)
    line_copies = []
    for copy in copies:
        for line in lines:
            clone = _clone(line)
            clone.order = copy
            line_copies.append(clone)
    Line.objects.bulk_create(line_copies, batch_size=2000)
    seller_order_copies = []
    for copy in copies:
        for seller_order in seller_orders:
            clone = _clone(seller_order)
            clone.order = copy
            clone.number = f"{copy.number}-{seller_order.seller_id}"
            seller_order_copies.append(clone)
    SellerOrder.objects.bulk_create(seller_order_copies, batch_size=2000)


def _clone(instance):
    clone = type(instance)()
    for field in instance._meta.concrete_fields:
        if not field.primary_key:
            setattr(clone, field.attname, getattr(instance, field.attname))
    return clone
