"""Writes to the catalogue: product classes and products with their seller's stock."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from sellers.models import SellerProfile

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


def product_class_ensure(*, name: str, is_food: bool, attributes: list[tuple[str, str, str]]) -> ProductClass:
    """Get or create a product class with its attributes, given as (code, name, type)."""
    product_class, _ = ProductClass.objects.get_or_create(
        name=name, defaults={"is_food": is_food, "requires_shipping": True, "track_stock": True}
    )
    for code, label, attribute_type in attributes:
        ProductAttribute.objects.get_or_create(
            product_class=product_class, code=code, defaults={"name": label, "type": attribute_type}
        )
    return product_class


@transaction.atomic
def product_create(
    *,
    seller: SellerProfile,
    product_class: ProductClass,
    title: str,
    description: str,
    category_path: str,
    price: Decimal,
    num_in_stock: int | None,
    upc: str = "",
    attributes: dict | None = None,
    is_public: bool = True,
    **compliance,
) -> Product:
    """Create a standalone product sold by one seller, validated like the dashboard would.

    compliance takes the catalogue's food and production fields (pirt_number,
    bpom_number, halal_number, shelf_life_days, net_weight_grams, made_to_order,
    processing_days).
    """
    product = Product(
        structure=Product.STANDALONE,
        product_class=product_class,
        title=title,
        description=description,
        upc=upc or None,
        is_public=is_public,
        **compliance,
    )
    for code, value in (attributes or {}).items():
        setattr(product.attr, code, value)
    product.full_clean(exclude=["slug"])
    product.save()
    category = create_from_breadcrumbs(category_path)
    ProductCategory.objects.create(product=product, category=category)
    StockRecord.objects.create(
        product=product,
        partner=seller.partner,
        partner_sku=upc or f"{seller.partner.code}-{product.pk}",
        price_currency="IDR",
        price=price,
        # Made-to-order products have no shelf stock; Oscar treats None as untracked.
        num_in_stock=num_in_stock,
    )
    return product


def product_image_add(*, product: Product, filename: str, content: bytes, caption: str = "") -> ProductImage:
    display_order = product.images.count()
    image = ProductImage(product=product, caption=caption, display_order=display_order)
    image.original.save(filename, ContentFile(content), save=False)
    image.save()
    return image
