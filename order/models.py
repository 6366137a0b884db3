"""Oscar's order app, with what an Indonesian marketplace order needs on top."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractShippingAddress
from oscar.apps.order.abstract_models import AbstractOrder


class Order(AbstractOrder):
    # E-mails about the order go out in the language the buyer shopped in.
    language = models.CharField(_("bahasa"), max_length=10, default="id")
    # The client address the order was placed from (core.clients): unpaid orders are limited
    # per address, and staff release an address's hoard. Erased with the buyer's data.
    placed_from = models.GenericIPAddressField(_("dipesan dari alamat IP"), null=True, blank=True)


class ShippingAddress(AbstractShippingAddress):
    # The official desa/kelurahan, so delivery rates and reports work by region.
    village = models.ForeignKey(
        "regions.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )


from oscar.apps.order.models import *  # noqa: E402,F401,F403 - Oscar fork convention
