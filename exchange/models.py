from django.db import models
from django.utils.translation import gettext_lazy as _

from exchange.countries import FOREIGN_CURRENCY_CODES


class ExchangeRate(models.Model):
    """How many rupiah one unit of a foreign currency was worth on a day (Bank Indonesia's
    middle rate, per 1 unit even where BI quotes per 100)."""

    currency = models.CharField(
        _("mata uang"), max_length=3, choices=[(code, code) for code in FOREIGN_CURRENCY_CODES]
    )
    rate = models.DecimalField(_("kurs (Rp per 1 unit)"), max_digits=14, decimal_places=4)
    date = models.DateField(_("tanggal"))
    source = models.CharField(_("sumber"), max_length=100, default="Kurs Transaksi BI")
    date_updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kurs mata uang")
        verbose_name_plural = _("kurs mata uang")
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="exchange_rate_one_per_currency_day"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="exchange_rate_positive"),
        ]
        indexes = [models.Index(fields=["currency", "-date"])]

    def __str__(self) -> str:
        return f"{self.currency} {self.date}: Rp {self.rate}"
