from tests.factories.catalog import CategoryFactory, ProductClassFactory, ProductFactory
from tests.factories.offers import VoucherFactory
from tests.factories.regions import DistrictFactory, ProvinceFactory, RegencyFactory, VillageFactory
from tests.factories.sellers import CooperativeFactory, SellerProfileFactory, UserFactory

__all__ = [
    "CategoryFactory",
    "CooperativeFactory",
    "DistrictFactory",
    "ProductClassFactory",
    "ProductFactory",
    "ProvinceFactory",
    "RegencyFactory",
    "SellerProfileFactory",
    "UserFactory",
    "VillageFactory",
    "VoucherFactory",
]
