"""Oscar's address app: a buyer's address book keeps the official desa/kelurahan of each
address, as the order's shipping address does, so a saved address can be delivered to again
(delivery rates go by region)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractUserAddress

# The columns of an address the checkout keeps in the session and copies to the order's
# ShippingAddress (checkout.services.order_place), in this order.
SHIPPING_COLUMNS = (
    "first_name",
    "line1",
    "line2",
    "line3",
    "line4",
    "state",
    "postcode",
    "phone_number",
    "notes",
)


class UserAddress(AbstractUserAddress):
    village = models.ForeignKey(
        "regions.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )

    def shipping_columns(self) -> dict:
        """What the checkout keeps for this address (text only: it goes into the session)."""
        return {name: str(getattr(self, name)) if getattr(self, name) else "" for name in SHIPPING_COLUMNS}


from oscar.apps.address.models import *  # noqa: E402,F401,F403 - Oscar fork convention
