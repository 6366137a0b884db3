"""Pricing and availability for the marketplace.

Prices are what the producer asks, tax included as sold in Indonesia. A product is
buyable only while its producer is approved; made-to-order products need no stock.
"""

from oscar.apps.partner import strategy
from oscar.apps.partner.strategy import *  # noqa: F401,F403 - Oscar fork convention

from partner.availability import MadeToOrder, SellerUnavailable


def _seller_is_approved(stockrecord) -> bool:
    seller = getattr(stockrecord.partner, "seller_profile", None)
    return seller is not None and seller.status == "approved"


class MarketplaceAvailability(strategy.StockRequired):
    def availability_policy(self, product, stockrecord):
        if stockrecord is not None and not _seller_is_approved(stockrecord):
            return SellerUnavailable()
        if stockrecord is not None and getattr(product, "made_to_order", False):
            return MadeToOrder(product.processing_days)
        return super().availability_policy(product, stockrecord)


class Default(strategy.UseFirstStockRecord, MarketplaceAvailability, strategy.NoTax, strategy.Structured):
    pass


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)
