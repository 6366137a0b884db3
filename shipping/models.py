"""Delivery rates per producer and destination province, edited by program staff.

No courier API: each producer ships with a local courier at the rate in this table.
A rate row without a province is that producer's rate for every other province; a row
without a producer is the program's default.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShippingRate(models.Model):
    seller = models.ForeignKey(
        "sellers.SellerProfile",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shipping_rates",
        verbose_name=_("produsen"),
        help_text=_("Kosong: tarif bawaan program untuk semua produsen."),
    )
    province = models.ForeignKey(
        "regions.Province",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provinsi tujuan"),
        help_text=_("Kosong: semua provinsi lain."),
    )
    price = models.DecimalField(_("ongkos kirim"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("tarif kirim")
        verbose_name_plural = _("tarif kirim")
        ordering = ["seller__name", "province__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "province"], name="one_rate_per_seller_province", nulls_distinct=False
            ),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="shipping_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.seller or _('Semua produsen')} → {self.province or _('semua provinsi')}: {self.price}"


from oscar.apps.shipping.models import *  # noqa: E402,F401,F403 - Oscar fork convention
