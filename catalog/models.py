"""Oscar's catalogue with the fields Indonesian food law and village production need.

Compliance numbers are fields rather than EAV attributes because the shop filters on
them (halal, PIRT) and validates them together with the product class.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import (
    AbstractProduct,
    AbstractProductAttributeValue,
    AbstractProductClass,
)

from core.html import html_safe, html_text

# SPP-IRT numbers are 15 digits (P-IRT No. 2063212010123-25 style is printed with a
# dash and expiry suffix); BPOM registrations are "MD"/"ML" followed by 12 digits.
pirt_validator = RegexValidator(
    r"^\d{12,15}(-\d{2})?$", _("Nomor P-IRT terdiri dari 12-15 digit, boleh diakhiri -YY.")
)
bpom_validator = RegexValidator(r"^(MD|ML) ?\d{12}$", _("Nomor BPOM diawali MD atau ML lalu 12 digit."))


class ProductClass(AbstractProductClass):
    is_food = models.BooleanField(
        _("pangan olahan"),
        default=False,
        help_text=_("Produk pangan wajib punya nomor P-IRT atau BPOM sebelum dipublikasikan."),
    )


class Product(AbstractProduct):
    pirt_number = models.CharField(_("nomor P-IRT"), max_length=20, blank=True, validators=[pirt_validator])
    bpom_number = models.CharField(_("nomor BPOM"), max_length=16, blank=True, validators=[bpom_validator])
    halal_number = models.CharField(_("nomor sertifikat halal"), max_length=40, blank=True)
    shelf_life_days = models.PositiveIntegerField(
        _("masa simpan (hari)"), null=True, blank=True, validators=[MaxValueValidator(3650)]
    )
    best_before = models.DateField(_("baik digunakan sebelum"), null=True, blank=True)
    net_weight_grams = models.PositiveIntegerField(_("berat bersih (gram)"), null=True, blank=True)
    # What the courier weighs: the goods in their own bottle or bag, not the shipping box
    # (the producer's packaging weight is added per parcel). Empty only for products
    # listed before weights were asked; the portal requires it.
    weight_grams = models.PositiveIntegerField(
        _("berat kirim (gram)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50000)],
        help_text=_("Berat satu barang dengan kemasannya sendiri, mis. 750 untuk sebotol sirup 600 ml."),
    )
    # Bulky goods only: couriers bill the larger of the weight and L×W×H / divisor.
    length_cm = models.PositiveSmallIntegerField(
        _("panjang (cm)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(300)]
    )
    width_cm = models.PositiveSmallIntegerField(
        _("lebar (cm)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(300)]
    )
    height_cm = models.PositiveSmallIntegerField(
        _("tinggi (cm)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(300)]
    )
    made_to_order = models.BooleanField(
        _("dibuat sesuai pesanan"),
        default=False,
        help_text=_("Tanpa stok siap kirim; dibuat setelah dipesan."),
    )
    processing_days = models.PositiveSmallIntegerField(
        _("waktu proses (hari)"), default=1, validators=[MaxValueValidator(60)]
    )

    def clean(self):
        super().clean()
        product_class = self.get_product_class()
        if (
            self.is_public
            and product_class is not None
            and product_class.is_food
            and not (self.pirt_number or self.bpom_number)
        ):
            raise ValidationError(
                {"pirt_number": _("Produk pangan harus punya nomor P-IRT atau BPOM sebelum tampil.")}
            )

    @property
    def is_food(self) -> bool:
        product_class = self.get_product_class()
        return bool(product_class and product_class.is_food)

    @property
    def is_halal(self) -> bool:
        return bool(self.halal_number)

    def get_meta_description(self):
        # Oscar strips the tags of the description but keeps what scripts and forms held.
        meta_description = self.meta_description
        if not meta_description and self.is_child:
            meta_description = self.parent.meta_description
        return meta_description or html_text(self.description)


class ProductAttributeValue(AbstractProductAttributeValue):
    @property
    def _richtext_as_html(self):
        # Oscar shows a rich-text attribute as it was stored; sellers fill attributes in the portal.
        return html_safe(self.value)


from oscar.apps.catalogue.models import *  # noqa: E402,F401,F403 - Oscar's fork convention
