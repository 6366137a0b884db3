"""Which change touches which cache tag (core.cache): the table in the README's Performance
section, as code. Wired from the glue app, which may know every app: the domain apps send their
ordinary model signals and know nothing of the cache."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from wagtail.signals import page_published, page_unpublished

from core.cache import product_tags, tags_changed

PRODUCT_PARTS = (
    ("catalogue", "ProductImage"),
    ("catalogue", "ProductAttributeValue"),
    ("catalogue", "ProductCategory"),
)
STRUCTURE = (
    ("catalogue", "Category"),
    ("catalogue", "ProductClass"),
    ("regions", "Village"),
    ("sellers", "Cooperative"),
)
PRICING = (
    ("offer", "ConditionalOffer"),
    ("offer", "Range"),
    ("offer", "RangeProduct"),
    ("offer", "Condition"),
    ("offer", "Benefit"),
    ("voucher", "Voucher"),
)


def _product_changed(sender, instance, **kwargs) -> None:
    tags_changed(f"product:{instance.pk}", "listing")


def _product_part_changed(sender, instance, **kwargs) -> None:
    tags_changed(f"product:{instance.product_id}", "listing")


def _categories_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action.startswith("post_"):
        product_ids = (pk_set or ()) if reverse else (instance.pk,)
        tags_changed(*product_tags(product_ids), "listing", *(("catalogue",) if reverse else ()))


def _listing_shows(stockrecord) -> tuple | None:
    loaded = stockrecord.__dict__  # not the deferred fields: reading those would query
    if not {"price", "num_in_stock", "num_allocated"} <= loaded.keys():
        return None
    return (loaded["price"], (loaded["num_in_stock"] or 0) - (loaded["num_allocated"] or 0) > 0)


def _stockrecord_loaded(sender, instance, **kwargs) -> None:
    instance._listing_shows = _listing_shows(instance)


def _stockrecord_changed(sender, instance, **kwargs) -> None:
    # A sale changes the product's page and card; listings only when it sells out, comes back
    # or changes price (they filter and sort by those).
    shown = _listing_shows(instance)
    if shown is not None and shown == getattr(instance, "_listing_shows", None) and not kwargs.get("created"):
        tags_changed(f"product:{instance.product_id}")
    else:
        tags_changed(f"product:{instance.product_id}", "listing", "prices")
    instance._listing_shows = shown


def _seller_changed(sender, instance, **kwargs) -> None:
    partner_id = instance.pk if sender.__name__ == "Partner" else instance.partner_id
    stock = apps.get_model("partner", "StockRecord").objects.filter(partner_id=partner_id)
    tags_changed(*product_tags(stock.values_list("product_id", flat=True)), "listing")


def _structure_changed(sender, **kwargs) -> None:
    tags_changed("catalogue", "listing")


def _pricing_changed(sender, **kwargs) -> None:
    tags_changed("catalogue", "prices")


def _content_changed(sender, **kwargs) -> None:
    tags_changed("content")


def _connect(receiver, model, name: str) -> None:
    post_save.connect(receiver, sender=model, dispatch_uid=f"cache-save-{name}")
    post_delete.connect(receiver, sender=model, dispatch_uid=f"cache-delete-{name}")


def invalidation_connect() -> None:
    product = apps.get_model("catalogue", "Product")
    stockrecord = apps.get_model("partner", "StockRecord")
    _connect(_product_changed, product, "product")
    for app_label, name in PRODUCT_PARTS:
        _connect(_product_part_changed, apps.get_model(app_label, name), name)
    # product.categories.add() writes the through table without saving ProductCategory.
    m2m_changed.connect(_categories_changed, sender=product.categories.through, dispatch_uid="cache-m2m-cat")
    post_init.connect(_stockrecord_loaded, sender=stockrecord, dispatch_uid="cache-init-stockrecord")
    _connect(_stockrecord_changed, stockrecord, "stockrecord")
    _connect(_seller_changed, apps.get_model("partner", "Partner"), "partner")
    _connect(_seller_changed, apps.get_model("sellers", "SellerProfile"), "seller")
    for app_label, name in STRUCTURE:
        _connect(_structure_changed, apps.get_model(app_label, name), name)
    for app_label, name in PRICING:
        _connect(_pricing_changed, apps.get_model(app_label, name), name)
    # Pages, and the snippets and settings pages show (programme figures, badges, links).
    for model in apps.get_app_config("cms").get_models():
        _connect(_content_changed, model, f"cms-{model.__name__}")
    page_published.connect(_content_changed, dispatch_uid="cache-page-published")
    page_unpublished.connect(_content_changed, dispatch_uid="cache-page-unpublished")
    post_delete.connect(
        _content_changed, sender=apps.get_model("wagtailcore", "Page"), dispatch_uid="cache-page-deleted"
    )
