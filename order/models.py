"""Oscar's order app, with what an Indonesian marketplace order needs on top."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractShippingAddress
from oscar.apps.order.abstract_models import AbstractOrder

from exchange.countries import COUNTRIES_OF_WORK, HOME_COUNTRY


class Order(AbstractOrder):
    # E-mails about the order go out in the language the buyer shopped in.
    language = models.CharField(_("bahasa"), max_length=10, default="id")
    # The client address the order was placed from (core.clients): unpaid orders are limited
    # per address, and staff release an address's hoard. Erased with the buyer's data.
    placed_from = models.GenericIPAddressField(_("dipesan dari alamat IP"), null=True, blank=True)
    # Where the buyer worked when they ordered (exchange.visitors), kept as it was then: the
    # impact figures count orders from abroad by it, and e-mails convert prices with it.
    country_of_work = models.CharField(
        _("negara kerja pembeli"),
        max_length=2,
        choices=[(country.code, country.name) for country in COUNTRIES_OF_WORK.values()],
        default=HOME_COUNTRY,
        db_index=True,
    )

    # The buyer's own number (E.164, any country's: a worker abroad has a local one there);
    # the recipient's, on the shipping address, stays Indonesian. Erased with the buyer's data.
    buyer_phone = models.CharField(_("nomor HP pembeli"), max_length=16, blank=True)

    @property
    def currency_of_work(self) -> str:
        country = COUNTRIES_OF_WORK.get(self.country_of_work)
        return country.currency.code if country else ""

    @property
    def is_from_abroad(self) -> bool:
        return self.country_of_work != HOME_COUNTRY


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
