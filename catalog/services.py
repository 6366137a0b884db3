"""Writes to the catalogue: product classes and products with their seller's stock."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from catalog import tasks
from core import batching
from core.html import html_clean
from core.tasks import enqueue_on_commit
from sellers.images import image_clean, image_pixels
from sellers.models import SellerProfile
from sellers.services import audit_record

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
        description=html_clean(description),
        upc=upc or None,
        is_public=is_public,
        **compliance,
    )
    for code, value in _attributes_cleaned(product_class, attributes or {}).items():
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


def _attributes_cleaned(product_class: ProductClass, attributes: dict) -> dict:
    """Rich-text attribute values cut down to core.html's allow-list, as descriptions are."""
    if not attributes:
        return attributes
    richtext = set(
        product_class.attributes.filter(type=ProductAttribute.RICHTEXT).values_list("code", flat=True)
    )
    return {
        code: html_clean(value) if code in richtext and value else value for code, value in attributes.items()
    }


def product_image_add(*, product: Product, filename: str, content: bytes, caption: str = "") -> ProductImage:
    display_order = product.images.count()
    image = ProductImage(product=product, caption=caption, display_order=display_order)
    image.original.save(filename, ContentFile(content), save=False)
    image.save()
    return image


class StockChanged(ValidationError):
    """The stock changed (a sale shipped, another tab saved) since the seller's form was
    opened: saving its number would undo that change. ``current`` is the stock now."""

    def __init__(self, *, current: int | None):
        self.current = current
        super().__init__(
            {
                "num_in_stock": _(
                    "Stok berubah sejak formulir ini dibuka (misalnya ada pesanan yang dikirim): "
                    "sekarang %(current)s. Periksa jumlahnya lalu simpan lagi."
                )
                % {"current": "-" if current is None else current}
            }
        )


@transaction.atomic
def seller_product_save(
    *,
    seller: SellerProfile,
    actor,
    product: Product | None,
    product_class: ProductClass,
    category,
    price: Decimal,
    num_in_stock: int | None,
    num_in_stock_seen: int | None,
    attributes: dict,
    fields: dict,
) -> Product:
    """Create or update one of a seller's own products from the portal.

    ``num_in_stock_seen`` is the stock the seller's form showed: when the stock moved since
    (a shipment takes units off it), a different number is refused with StockChanged
    rather than written over the change.

    Products of a seller that is not approved yet are saved hidden: only approved sellers
    publish. A food product is refused publication without a P-IRT or BPOM number
    (Product.clean). The description keeps only core.html's allowed HTML: the product page
    shows it as HTML to every visitor.
    """
    creating = product is None
    if creating:
        product = Product(structure=Product.STANDALONE, product_class=product_class)
    for name, value in fields.items():
        setattr(product, name, value)
    if "description" in fields:
        product.description = html_clean(fields["description"])
    if not seller.is_approved:
        product.is_public = False
    for code, value in _attributes_cleaned(product_class, attributes).items():
        setattr(product.attr, code, value)
    product.full_clean(exclude=["slug", "upc"])
    product.save()
    ProductCategory.objects.filter(product=product).exclude(category=category).delete()
    ProductCategory.objects.get_or_create(product=product, category=category)
    if num_in_stock is None and not product.made_to_order:
        num_in_stock = 0
    stockrecord, _ = StockRecord.objects.select_for_update().get_or_create(
        product=product,
        partner=seller.partner,
        defaults={
            "partner_sku": f"{seller.partner.code}-{product.pk}",
            "price_currency": "IDR",
            "price": price,
        },
    )
    num_in_stock = None if product.made_to_order and num_in_stock is None else num_in_stock
    if not creating and stockrecord.num_in_stock not in (num_in_stock_seen, num_in_stock):
        raise StockChanged(current=stockrecord.num_in_stock)
    stockrecord.price = price
    stockrecord.num_in_stock = num_in_stock
    stockrecord.save()
    audit_record(
        actor=actor,
        seller=seller,
        action="product_create" if creating else "product_update",
        obj=product,
        title=product.title,
        price=price,
        stock=num_in_stock,
        public=product.is_public,
    )
    return product


@dataclass(frozen=True)
class StockPriceChange:
    """One row of the many-products form: the product, its producer, the new price and stock,
    and the stock the form showed (None for a made-to-order product, which has none)."""

    seller: SellerProfile
    product: Product
    price: Decimal
    num_in_stock: int | None
    num_in_stock_seen: int | None


class StockPricesChanged(ValidationError):
    """Some rows' stock moved since the form was opened; ``changed`` maps each such
    product's id to its StockChanged (with the stock now). Nothing was saved."""

    def __init__(self, *, changed: dict[int, StockChanged]):
        self.changed = changed
        super().__init__([message for error in changed.values() for message in error.messages])


@transaction.atomic
@batching.batched()  # inside the transaction: the index changes commit with the rows
def seller_stock_prices_update(*, actor, changes: list[StockPriceChange]) -> list[Product]:
    """Save the prices and stock of many products at once (after a market day), all or none.

    Each stock is guarded like the product form's (StockChanged): a row whose stock moved
    since the form showed it refuses the whole save rather than undo the sale. Rows that
    change nothing write nothing; the search index is rewritten once for all the products
    changed (core.batching), not once per row.
    """
    records = {
        record.product_id: record
        for record in StockRecord.objects.select_for_update().filter(
            product__in=[change.product for change in changes],
            partner__in=[change.seller.partner_id for change in changes],
        )
    }
    changed, saved = {}, []
    for change in changes:
        record = records.get(change.product.pk)
        if record is None or record.partner_id != change.seller.partner_id:
            raise ValidationError(_("Produk ini bukan milik produsen yang Anda wakili."))
        stock = None if change.product.made_to_order else change.num_in_stock
        if record.num_in_stock not in (change.num_in_stock_seen, stock):
            changed[change.product.pk] = StockChanged(current=record.num_in_stock)
            continue
        if record.price == change.price and record.num_in_stock == stock:
            continue
        record.price, record.num_in_stock = change.price, stock
        record.save(update_fields=["price", "num_in_stock", "date_updated"])
        audit_record(
            actor=actor,
            seller=change.seller,
            action="product_update",
            obj=change.product,
            title=change.product.title,
            price=change.price,
            stock=stock,
            bulk=True,
        )
        saved.append(change.product)
    if changed:
        raise StockPricesChanged(changed=changed)
    return saved


@transaction.atomic
def seller_product_set_public(*, seller: SellerProfile, actor, product: Product, is_public: bool) -> Product:
    if is_public and not seller.is_approved:
        raise ValidationError(_("Produk baru bisa ditampilkan setelah pendaftaran Anda disetujui."))
    product.is_public = is_public
    product.full_clean(exclude=["slug", "upc"])
    product.save(update_fields=["is_public", "date_updated"])
    audit_record(
        actor=actor, seller=seller, action="product_show" if is_public else "product_hide", obj=product
    )
    return product


@transaction.atomic
def seller_product_delete(*, seller: SellerProfile, actor, product: Product) -> None:
    """Delete a product; past orders keep their lines (Oscar copies title and price)."""
    audit_record(actor=actor, seller=seller, action="product_delete", obj=product, title=product.title)
    for image in product.images.all():
        image.delete()
    product.delete()


@transaction.atomic
def seller_product_image_add(*, seller: SellerProfile, actor, product: Product, upload) -> ProductImage:
    """Store an uploaded photo after sellers.images cleaned it (type, size, EXIF, bombs)."""
    clean = image_clean(upload)
    image = product_image_add(
        product=product,
        filename=f"{slugify(product.title)[:60] or 'foto'}.{clean.extension}",
        content=clean.content,
        caption=product.title,
    )
    audit_record(actor=actor, seller=seller, action="image_add", obj=image, product=product.pk)
    enqueue_on_commit(tasks.make_product_image_renditions, image.pk)
    return image


def seller_product_images_add(
    *, seller: SellerProfile, actor, product: Product, uploads: list
) -> tuple[list[ProductImage], list[tuple[str, str]]]:
    """Add a batch of photos from one upload; returns (saved, [(file name, why refused)]).

    Only approved producers add product photos (an application has none to show). Bounded
    per producer and day (PHOTO_UPLOADS_PER_DAY, counted in the audit log, so deleting
    photos gives no more) and per request (PHOTO_MAX_PIXELS_PER_REQUEST, from each file's
    header before anything is decoded), so no request re-encodes more than it can in time.
    """
    if not seller.is_approved:
        raise ValidationError(_("Foto produk bisa diunggah setelah pendaftaran Anda disetujui."))
    since = timezone.now() - timedelta(days=1)
    left_today = (
        settings.PHOTO_UPLOADS_PER_DAY
        - seller.audit_entries.filter(action="image_add", created_at__gte=since).count()
    )
    pixels_left = settings.PHOTO_MAX_PIXELS_PER_REQUEST
    saved, refused = [], []
    for upload in uploads:
        if len(saved) >= left_today:
            refused.append(
                (
                    upload.name,
                    _("Batas %(n)s foto sehari tercapai; unggah lagi besok.")
                    % {"n": settings.PHOTO_UPLOADS_PER_DAY},
                )
            )
            continue
        pixels = image_pixels(upload)
        if pixels <= settings.PHOTO_MAX_PIXELS:  # larger ones are refused by image_clean itself
            if pixels > pixels_left:
                refused.append((upload.name, _("Terlalu banyak foto besar sekaligus; unggah foto ini lagi.")))
                continue
            pixels_left -= pixels
        try:
            saved.append(seller_product_image_add(seller=seller, actor=actor, product=product, upload=upload))
        except ValidationError as error:
            refused.append((upload.name, " ".join(error.messages)))
    return saved, refused


@transaction.atomic
def seller_product_image_delete(*, seller: SellerProfile, actor, image: ProductImage) -> None:
    audit_record(actor=actor, seller=seller, action="image_delete", obj=image, product=image.product_id)
    image.delete()
