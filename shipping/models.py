"""Couriers, their services and each service's tariff table, edited by program staff.

A tariff row prices one service from a producer's kabupaten (origin) to a destination
kabupaten: the first kilogram, each next kilogram, and the days the courier needs. A row
without a destination kabupaten is the fallback for every other kabupaten of its
province. Rows are loaded from the couriers' CSV price lists (``import_courier_rates``);
the rates providers in ``shipping.providers`` read them.
"""

from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Where a courier's tracking page address takes the waybill number.
WAYBILL_PLACEHOLDER = "{resi}"


class Courier(models.Model):
    class Kind(models.TextChoices):
        COURIER = "courier", _("Jasa kurir")
        OWN_DELIVERY = "own", _("Antar sendiri oleh produsen")

    code = models.SlugField(_("kode"), max_length=20, unique=True, help_text=_("Mis. 'jne', 'jnt'."))
    name = models.CharField(_("nama"), max_length=64)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.COURIER)
    # Express parcels: L×W×H (cm) / 6000 = kg; cargo services divide by 5000 or 4000.
    volumetric_divisor = models.PositiveIntegerField(
        _("pembagi berat volume"),
        default=6000,
        validators=[MinValueValidator(1000), MaxValueValidator(10000)],
        help_text=_("Berat volume (kg) = panjang × lebar × tinggi (cm) / pembagi."),
    )
    # JNE bills 1.3 kg as 1 kg and 1.31 kg as 2 kg: a tolerance of 300 g.
    rounding_tolerance_grams = models.PositiveSmallIntegerField(
        _("toleransi pembulatan (gram)"),
        default=300,
        validators=[MaxValueValidator(999)],
        help_text=_("Kelebihan sampai sekian gram di atas kg penuh tidak dihitung kg berikutnya."),
    )
    # The courier's public tracking page, linked from the buyer's order page: "{resi}" is
    # replaced by the waybill number; without it the page opens and the buyer pastes it.
    tracking_url = models.URLField(
        _("halaman lacak resi"),
        max_length=255,
        blank=True,
        help_text=_("Alamat halaman lacak kurir; {resi} diganti nomor resi, mis. https://…/tracking/{resi}."),
    )
    # A waybill typed with a digit missing or pasted with the order number is caught at
    # hand-over: letters and digits only, within the courier's usual length.
    waybill_min_length = models.PositiveSmallIntegerField(
        _("panjang resi paling sedikit"), default=8, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    waybill_max_length = models.PositiveSmallIntegerField(
        _("panjang resi paling banyak"), default=20, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kurir")
        verbose_name_plural = _("kurir")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(waybill_min_length__lte=models.F("waybill_max_length")),
                name="courier_waybill_lengths_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        rest = self.tracking_url.replace(WAYBILL_PLACEHOLDER, "")
        if "{" in rest or "}" in rest:
            raise ValidationError({"tracking_url": _("Selain {resi}, alamat tidak boleh memuat { atau }.")})

    @property
    def links_waybill(self) -> bool:
        """The tracking page opens on the number itself (else the buyer pastes it there)."""
        return WAYBILL_PLACEHOLDER in self.tracking_url

    def tracking_link(self, waybill: str) -> str:
        """The tracking page for one waybill ("" when the courier has none)."""
        if not self.tracking_url or not waybill:
            return ""
        return self.tracking_url.replace(WAYBILL_PLACEHOLDER, quote(waybill, safe=""))

    def waybill_problem(self, waybill: str) -> str:
        """Why a waybill cannot be this courier's, or "" when it looks right."""
        if self.kind == self.Kind.OWN_DELIVERY:
            return ""  # the producer's own note (who delivers, when), not a courier's number
        if not waybill.isascii() or not waybill.isalnum():
            return str(_("Nomor resi hanya berisi huruf dan angka."))
        if not self.waybill_min_length <= len(waybill) <= self.waybill_max_length:
            return str(
                _("Nomor resi %(courier)s panjangnya %(min)s sampai %(max)s karakter; yang diisi %(length)s.")
                % {
                    "courier": self.name,
                    "min": self.waybill_min_length,
                    "max": self.waybill_max_length,
                    "length": len(waybill),
                }
            )
        return ""


class CourierService(models.Model):
    courier = models.ForeignKey(
        Courier, on_delete=models.CASCADE, related_name="services", verbose_name=_("kurir")
    )
    code = models.SlugField(_("kode"), max_length=20, help_text=_("Mis. 'reg', 'yes'."))
    name = models.CharField(_("nama layanan"), max_length=64, help_text=_("Mis. 'REG', 'Kilat Khusus'."))
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["courier__name", "name"]
        verbose_name = _("layanan kurir")
        verbose_name_plural = _("layanan kurir")
        constraints = [
            models.UniqueConstraint(fields=["courier", "code"], name="one_service_code_per_courier")
        ]

    def __str__(self) -> str:
        return f"{self.courier.name} {self.name}"


class CourierRate(models.Model):
    service = models.ForeignKey(
        CourierService, on_delete=models.CASCADE, related_name="rates", verbose_name=_("layanan")
    )
    origin = models.ForeignKey(
        "regions.Regency", on_delete=models.CASCADE, related_name="+", verbose_name=_("kabupaten asal")
    )
    destination_province = models.ForeignKey(
        "regions.Province", on_delete=models.CASCADE, related_name="+", verbose_name=_("provinsi tujuan")
    )
    destination_regency = models.ForeignKey(
        "regions.Regency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kabupaten tujuan"),
        help_text=_("Kosong: semua kabupaten lain di provinsi tujuan."),
    )
    first_kg_price = models.DecimalField(_("harga kg pertama"), max_digits=10, decimal_places=0)
    next_kg_price = models.DecimalField(_("harga kg berikutnya"), max_digits=10, decimal_places=0)
    days_min = models.PositiveSmallIntegerField(
        _("perkiraan hari (paling cepat)"), validators=[MaxValueValidator(60)]
    )
    days_max = models.PositiveSmallIntegerField(
        _("perkiraan hari (paling lama)"), validators=[MaxValueValidator(60)]
    )

    class Meta:
        ordering = ["service", "origin", "destination_province", "destination_regency"]
        verbose_name = _("tarif kurir")
        verbose_name_plural = _("tarif kurir")
        indexes = [models.Index(fields=["origin", "destination_province"], name="courier_rate_route")]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "origin", "destination_province", "destination_regency"],
                name="one_courier_rate_per_route",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(first_kg_price__gte=0) & models.Q(next_kg_price__gte=0),
                name="courier_rate_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(days_min__lte=models.F("days_max")), name="courier_rate_days_ordered"
            ),
        ]

    def __str__(self) -> str:
        destination = self.destination_regency_id or self.destination_province_id
        return f"{self.service}: {self.origin_id} → {destination}"


from oscar.apps.shipping.models import *  # noqa: E402,F401,F403 - Oscar fork convention
