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


class SellerUnavailable(Unavailable):
    code = "seller-unavailable"
    message = _("Produsen sedang tidak menerima pesanan")
