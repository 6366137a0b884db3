from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.availability import *  # noqa: F401,F403 - Oscar fork convention
from oscar.apps.partner.availability import Available, Unavailable


class MadeToOrder(Available):
    """Purchasable without shelf stock; the producer makes it after the order."""

    code = "made-to-order"

    def __init__(self, processing_days: int):
        self.processing_days = processing_days

    @property
    def message(self):
        return _("Dibuat sesuai pesanan (%(days)s hari)") % {"days": self.processing_days}

    @property
    def short_message(self):
        return _("Dibuat sesuai pesanan")


class NotForSale(Unavailable):
    """Not sold now, whatever the stock: the message is also the reason Oscar's basket form
    gives (its own is a bare "unavailable")."""

    def is_purchase_permitted(self, quantity):
        return False, self.message


class SellerUnavailable(NotForSale):
    code = "seller-unavailable"
    message = _("Produsen sedang tidak menerima pesanan")


class ProductWithdrawn(NotForSale):
    """The producer took the product out of the shop (not public): its page is a 404 too."""

    code = "product-withdrawn"
    message = _("Produk ini sudah tidak dijual")
