"""Orders a buyer (often a migrant worker abroad) sends to their family in Indonesia.

The recipient's address is the order's own shipping address (official regions, desa and all);
what is kept here is what makes the order a gift: who it is from, the message, whether the
family knows it is coming, the token of the family's tracking page, the producers' delivery
photos, and the repeats ("family basket on payday") with the baskets they prepared.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

GIFT_MESSAGE_MAX_LENGTH = 300


def tracking_token() -> str:
    # 128 bits: the family's page needs no login, so the link itself is the key.
    return secrets.token_urlsafe(16)


class FamilyDelivery(models.Model):
    order = models.OneToOneField("order.Order", on_delete=models.CASCADE, related_name="family_delivery")
    token = models.CharField(_("token pelacakan"), max_length=32, unique=True, default=tracking_token)
    sender_name = models.CharField(_("nama pengirim"), max_length=100)
    gift_message = models.TextField(_("pesan hadiah"), max_length=GIFT_MESSAGE_MAX_LENGTH, blank=True)
    notify_family = models.BooleanField(_("beri tahu keluarga sebelum tiba"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kiriman untuk keluarga")
        verbose_name_plural = _("kiriman untuk keluarga")

    def __str__(self) -> str:
        return f"{self.order.number} → {self.order.shipping_address.first_name}"


def delivery_photo_path(instance, filename: str) -> str:
    # An unguessable name: the photo shows a family's door; only the token's page links it.
    return f"bukti-terima/{secrets.token_urlsafe(16)}.{filename.rsplit('.', 1)[-1]}"


class DeliveryPhoto(models.Model):
    """The producer's proof that one part reached the family (cleaned as product photos are)."""

    seller_order = models.OneToOneField(
        "fulfilment.SellerOrder", on_delete=models.CASCADE, related_name="delivery_photo"
    )
    image = models.ImageField(_("foto"), upload_to=delivery_photo_path)
    # As sellers.images left it, for the page's width/height attributes (no layout shift).
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("foto bukti terima")
        verbose_name_plural = _("foto bukti terima")

    def __str__(self) -> str:
        return str(self.seller_order)


class FamilyRepeat(models.Model):
    """The same gift again: every month on payday, or once before a feast on a chosen date."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Setiap bulan (hari gajian)")
        LEBARAN = "lebaran", _("Sekali, sebelum Lebaran")
        IDUL_ADHA = "idul_adha", _("Sekali, sebelum Idul Adha")
        YEAR_END = "year_end", _("Sekali, sebelum akhir tahun")

    source = models.ForeignKey(FamilyDelivery, on_delete=models.CASCADE, related_name="repeats")
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    # Monthly: the day of the month (28 at most, so every month has it).
    day_of_month = models.PositiveSmallIntegerField(
        _("tanggal gajian"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    # The date the next basket is for; the scheduler prepares it a few days before.
    next_date = models.DateField(_("tanggal kiriman berikutnya"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kiriman rutin")
        verbose_name_plural = _("kiriman rutin")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="monthly") | models.Q(day_of_month__gte=1, day_of_month__lte=28),
                name="family_repeat_monthly_has_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.order.number}: {self.get_kind_display()}"


class FamilyBasket(models.Model):
    """One basket a repeat prepared for one date: what is still sold of the first order, and
    what was left out. Paid through the normal checkout from the link e-mailed to the buyer."""

    repeat = models.ForeignKey(FamilyRepeat, on_delete=models.CASCADE, related_name="baskets")
    for_date = models.DateField(_("untuk tanggal"))
    # [{"product": id, "quantity": n}] of the products still sold when it was prepared.
    items = models.JSONField(default=list)
    # Titles of the products no longer sold, for the e-mail's and the page's note.
    skipped = models.JSONField(default=list)
    order = models.OneToOneField(
        "order.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keranjang keluarga")
        verbose_name_plural = _("keranjang keluarga")
        constraints = [
            # The scheduler runs every half hour: one basket per repeat and date, however often.
            models.UniqueConstraint(fields=["repeat", "for_date"], name="one_family_basket_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.repeat} {self.for_date}"
