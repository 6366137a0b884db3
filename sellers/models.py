"""Producers (sellers) and the cooperatives they belong to.

A seller is linked one-to-one to Oscar's Partner, so stock and prices stay in Oscar's
stock records; this model holds what the program and buyers need to know about them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(r"^\+62\d{8,13}$", _("Tulis nomor dengan awalan +62, mis. +6281234567890."))


class Cooperative(models.Model):
    class Kind(models.TextChoices):
        KOPERASI = "koperasi", _("Koperasi")
        BUMDES = "bumdes", _("BUMDes")

    name = models.CharField(_("nama"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.KOPERASI)
    village = models.ForeignKey(
        "regions.Village", on_delete=models.PROTECT, related_name="cooperatives", verbose_name=_("desa")
    )
    description = models.TextField(_("deskripsi"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("tahun berdiri"), null=True, blank=True)
    # Operators run the shop for members who have no phone of their own.
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="operated_cooperatives", verbose_name=_("operator")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("koperasi")
        verbose_name_plural = _("koperasi")

    def __str__(self) -> str:
        return self.name


class SellerProfileQuerySet(models.QuerySet):
    def approved(self) -> "SellerProfileQuerySet":
        return self.filter(status=SellerProfile.Status.APPROVED)


class SellerProfile(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Mendaftar")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")
        SUSPENDED = "suspended", _("Ditangguhkan")

    class EnterpriseKind(models.TextChoices):
        FAMILY = "family", _("Usaha keluarga")
        COOPERATIVE = "cooperative", _("Koperasi")
        GROUP = "group", _("Kelompok usaha bersama")

    partner = models.OneToOneField("partner.Partner", on_delete=models.PROTECT, related_name="seller_profile")
    # Members without a phone are run by their cooperative's operator, so no account.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seller_profile",
    )
    village = models.ForeignKey(
        "regions.Village", on_delete=models.PROTECT, related_name="sellers", verbose_name=_("desa")
    )
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("anggota koperasi"),
    )
    name = models.CharField(_("nama usaha"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    enterprise_kind = models.CharField(
        _("jenis usaha"), max_length=20, choices=EnterpriseKind.choices, default=EnterpriseKind.FAMILY
    )
    story = models.TextField(_("cerita singkat"), blank=True)
    photo = models.ImageField(_("foto"), upload_to="sellers/", blank=True)
    whatsapp = models.CharField(_("nomor WhatsApp"), max_length=16, validators=[phone_validator])
    bank_account_name = models.CharField(_("nama pemilik rekening"), max_length=100, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account_number = models.CharField(
        _("nomor rekening"),
        max_length=30,
        blank=True,
        validators=[RegexValidator(r"^\d{6,20}$", _("Nomor rekening hanya angka, 6-20 digit."))],
    )
    packaging_grams = models.PositiveSmallIntegerField(
        _("berat kemasan kiriman (gram)"),
        default=100,
        validators=[MaxValueValidator(5000)],
        help_text=_("Kardus, bubble wrap dan lakban satu paket; ditambahkan ke berat barang."),
    )
    offers_local_delivery = models.BooleanField(
        _("antar sendiri di kabupaten sendiri"),
        default=False,
        help_text=_("Produsen mengantar sendiri ke pembeli di kabupatennya, dengan tarif 'Antar sendiri'."),
    )
    offers_pickup = models.BooleanField(_("bisa diambil sendiri"), default=False)
    # Cash on delivery: the producer (or its courier) collects the buyer's cash at the door
    # and records it in the portal; above the maximum a parcel is too much cash to carry.
    offers_cod = models.BooleanField(
        _("terima bayar di tempat (COD)"),
        default=False,
        help_text=_("Pembeli membayar tunai saat paket tiba; Anda mencatat uang yang diterima di portal."),
    )
    cod_max_order_value = models.DecimalField(
        _("batas nilai paket COD"),
        max_digits=12,
        decimal_places=0,
        default=Decimal("1000000"),
        validators=[MinValueValidator(Decimal("10000")), MaxValueValidator(Decimal("50000000"))],
        help_text=_("Barang + ongkos kirim satu paket; di atas ini COD tidak ditawarkan."),
    )
    pickup_note = models.CharField(
        _("alamat/waktu pengambilan"),
        max_length=255,
        blank=True,
        help_text=_("Mis. 'Balai desa, Senin-Sabtu 08.00-15.00'."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    status_reason = models.TextField(_("alasan status"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = SellerProfileQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("produsen")
        verbose_name_plural = _("produsen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["applied", "approved", "rejected", "suspended"]),
                name="seller_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sellers:profile", kwargs={"slug": self.slug})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def masked_bank_account_number(self) -> str:
        number = self.bank_account_number
        if not number:
            return ""
        return "•" * max(len(number) - 4, 0) + number[-4:]


class AuditLogEntry(models.Model):
    """Who did what in the seller portal, and for which producer.

    When a cooperative operator acts for a member, actor and seller differ; the program
    reviews these entries.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="seller_audit_entries"
    )
    seller = models.ForeignKey(SellerProfile, on_delete=models.PROTECT, related_name="audit_entries")
    action = models.CharField(_("tindakan"), max_length=64)
    object_type = models.CharField(_("jenis objek"), max_length=64, blank=True)
    object_id = models.CharField(_("id objek"), max_length=64, blank=True)
    detail = models.JSONField(_("rincian"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")

    def __str__(self) -> str:
        return f"{self.actor} → {self.seller}: {self.action}"

    @property
    def on_behalf(self) -> bool:
        return self.seller.user_id != self.actor_id
