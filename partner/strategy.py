"""Pricing and availability for the marketplace.

Prices are what the producer asks, tax included as sold in Indonesia. A product is
buyable only while it is shown in the shop (public, and its parent too) and its producer
is approved; made-to-order products need no stock. Oscar's add-to-basket form, its basket
lines and our checkout all ask this availability, so a product hidden from the shop
cannot be bought by posting its id either.
"""

from oscar.apps.partner import strategy
from oscar.apps.partner.strategy import *  # noqa: F401,F403 - Oscar fork convention

from partner.availability import MadeToOrder, ProductWithdrawn, SellerUnavailable


def seller_is_approved(stockrecord) -> bool:
    seller = getattr(stockrecord.partner, "seller_profile", None)
    return seller is not None and seller.status == "approved"


def product_is_public(product) -> bool:
    """Shown in the shop: what Oscar's product page checks before answering 404."""
    return product.is_public and (not product.is_child or product.parent.is_public)


class MarketplaceAvailability(strategy.StockRequired):
    def availability_policy(self, product, stockrecord):
        if not product_is_public(product):
            return ProductWithdrawn()
        if stockrecord is not None and not seller_is_approved(stockrecord):
            return SellerUnavailable()
        if stockrecord is not None and getattr(product, "made_to_order", False):
            return MadeToOrder(product.processing_days)
        return super().availability_policy(product, stockrecord)


class Default(strategy.UseFirstStockRecord, MarketplaceAvailability, strategy.NoTax, strategy.Structured):
    pass


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)
