from decimal import Decimal

import factory
from oscar.test import factories as oscar_factories

from tests.factories.sellers import SellerProfileFactory


class ProductClassFactory(oscar_factories.ProductClassFactory):
    class Meta:
        django_get_or_create = ("name",)

    name = "Kerajinan"
    is_food = False


class CategoryFactory(oscar_factories.CategoryFactory):
    name = factory.Sequence(lambda n: f"Kategori {n}")


class ProductFactory(oscar_factories.ProductFactory):
    """A public product sold by one seller, priced in Rupiah."""

    class Params:
        seller = factory.SubFactory(SellerProfileFactory)
        price = Decimal("25000")
        num_in_stock = 10

    title = factory.Sequence(lambda n: f"Tas Anyaman Bambu {n}")
    description = "Dibuat tangan oleh keluarga pekerja migran."
    weight_grams = 500
    product_class = factory.SubFactory(ProductClassFactory)
    stockrecords = factory.RelatedFactory(
        oscar_factories.StockRecordFactory,
        "product",
        partner=factory.SelfAttribute("..seller.partner"),
        price=factory.SelfAttribute("..price"),
        price_currency="IDR",
        num_in_stock=factory.SelfAttribute("..num_in_stock"),
    )
    categories = factory.RelatedFactory(
        oscar_factories.ProductCategoryFactory,
        "product",
        category=factory.SubFactory(CategoryFactory),
    )
