"""Signal receivers that keep the search index in step with the catalogue.

Each receiver only works out which products changed and hands their ids to
search.services.products_index_later, which indexes them after commit (or, for the
database backend, in the same transaction). Bulk updates send no signals: run
``manage.py search_index --rebuild`` after them.
"""

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from oscar.core.loading import get_model

from search.backends import get_backend
from search.models import ProductSearchEntry
from search.services import products_index_later, search_index_rebuild
from sellers.models import SellerProfile

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
Line = get_model("order", "Line")


def _product_and_parent(product) -> set[int]:
    return {product.pk, product.parent_id}


def _via_product_id(instance) -> set[int]:
    ids = {instance.product_id}
    parent_id = Product.objects.filter(pk=instance.product_id).values_list("parent_id", flat=True).first()
    return ids | {parent_id}


def _seller_products(seller) -> set[int]:
    return set(StockRecord.objects.filter(partner_id=seller.partner_id).values_list("product_id", flat=True))


def _category_products(category) -> set[int]:
    return set(
        ProductCategory.objects.filter(category__path__startswith=category.path).values_list(
            "product_id", flat=True
        )
    )


# model → the products whose index entries one saved or deleted row affects
AFFECTED_PRODUCTS = {
    Product: _product_and_parent,
    StockRecord: _via_product_id,
    ProductCategory: _via_product_id,
    Category: _category_products,
    SellerProfile: _seller_products,
    Line: lambda line: {line.product_id},
}


def on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: rows may reference others not loaded yet
        return
    products_index_later(product_ids=AFFECTED_PRODUCTS[sender](instance))


def on_delete(sender, instance, **kwargs):
    if sender is Category or sender is SellerProfile:
        return  # their products go first (PROTECT/CASCADE), with their own signals
    products_index_later(product_ids=AFFECTED_PRODUCTS[sender](instance))


def on_categories_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # category.product_set changed: pk_set holds products
        products_index_later(product_ids=pk_set or _category_products(instance))
    else:
        products_index_later(product_ids={instance.pk})


def build_missing_database_index(sender, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    """After migrate: fill the database backend's index when it is empty but products exist.

    Databases from before the search app (a developer's SQLite, a deployed shop) then need no
    manual rebuild. Elasticsearch is never contacted here.
    """
    if using != DEFAULT_DB_ALIAS or not get_backend().transactional:
        return
    if ProductSearchEntry.objects.exists() or not Product.objects.filter(is_public=True).exists():
        return
    count = search_index_rebuild()
    if verbosity:
        print(f"Built the product search index: {count} products.")


def connect(app_config=None) -> None:
    for model in AFFECTED_PRODUCTS:
        post_save.connect(on_save, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"search-delete-{model._meta.label}")
    m2m_changed.connect(
        on_categories_changed, sender=Product.categories.through, dispatch_uid="search-product-categories"
    )
    if app_config is not None:
        post_migrate.connect(
            build_missing_database_index, sender=app_config, dispatch_uid="search-build-index"
        )
