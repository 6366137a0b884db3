"""Sending an order to the family: the gift's details, the family's message and tracking
link, the producers' delivery photos, and the repeats that prepare the next family basket."""

import calendar
from datetime import date, timedelta
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from core.emails import shop_url
from core.tasks import enqueue_on_commit
from family import tasks
from family.models import DeliveryPhoto, FamilyBasket, FamilyDelivery, FamilyRepeat
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from partner.strategy import product_is_public, seller_is_approved
from sellers.images import image_clean

Product = get_model("catalogue", "Product")
Selector = get_class("partner.strategy", "Selector")

# Links already e-mailed carry baskets signed with this salt: changing it breaks them all.
BASKET_LINK_SALT = "pasar.family-basket"


@transaction.atomic
def family_delivery_create(
    *, order, sender_name: str, gift_message: str, notify_family: bool
) -> FamilyDelivery:
    """Mark a just-placed order as sent to the family (its shipping address is theirs)."""
    delivery = FamilyDelivery(
        order=order,
        sender_name=sender_name.strip(),
        gift_message=gift_message.strip(),
        notify_family=notify_family,
    )
    delivery.full_clean(exclude=["order"])
    delivery.save()
    return delivery


def tracking_url(delivery: FamilyDelivery) -> str:
    return shop_url(reverse("family:tracking", args=[delivery.token]))


def family_message(delivery: FamilyDelivery) -> str:
    """The plain text the buyer forwards (SMS, WhatsApp): in Indonesian, the family's language,
    whatever language the buyer reads the shop in."""
    with translation.override("id"):
        return render_to_string(
            "family/message.txt",
            {
                "delivery": delivery,
                "recipient": delivery.order.shipping_address.first_name,
                "tracking_url": tracking_url(delivery),
            },
        ).strip()


def whatsapp_link(delivery: FamilyDelivery) -> str:
    """WhatsApp's click-to-chat link (WhatsApp Help Center, "How to use click to chat"): the number
    in international form without "+" or separators, the message URL-encoded; no API key."""
    number = str(delivery.order.shipping_address.phone_number or "").lstrip("+")
    return f"https://wa.me/{number}?text={quote(family_message(delivery), safe='')}"


@transaction.atomic
def delivery_photo_add(*, seller_order: SellerOrder, upload, by) -> DeliveryPhoto:
    """Keep the producer's photo of a part handed over (re-encoded as product photos are: no
    EXIF or GPS, bounded pixels), mark the part delivered if it was only shipped, and e-mail
    the sender. A second photo replaces the first."""
    if not hasattr(seller_order.order, "family_delivery"):
        raise ValidationError(_("Foto bukti terima hanya untuk kiriman ke keluarga."))
    if seller_order.status not in (SellerOrder.Status.SHIPPED, SellerOrder.Status.DELIVERED):
        raise ValidationError(_("Foto bukti terima bisa diunggah setelah pesanan dikirim."))
    clean = image_clean(upload)
    if seller_order.status == SellerOrder.Status.SHIPPED:
        seller_order = fulfilment_services.seller_order_deliver(seller_order=seller_order)
    photo = DeliveryPhoto.objects.filter(seller_order=seller_order).first() or DeliveryPhoto(
        seller_order=seller_order
    )
    old_name = photo.image.name if photo.pk else ""
    photo.uploaded_by, photo.width, photo.height = by, clean.width, clean.height
    photo.image.save(f"bukti.{clean.extension}", ContentFile(clean.content), save=False)
    photo.save()
    if old_name:
        photo.image.storage.delete(old_name)
    enqueue_on_commit(tasks.send_delivery_photo, photo.pk)
    return photo


# --- Repeats: the family basket on payday ------------------------------------------------


def _monthly_date_after(day: int, after: date) -> date:
    """The first date after ``after`` falling on ``day`` of its month (day is 1-28)."""
    candidate = after.replace(day=day)
    if candidate > after:
        return candidate
    year, month = (after.year + 1, 1) if after.month == 12 else (after.year, after.month + 1)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def family_repeat_create(
    *,
    delivery: FamilyDelivery,
    kind: str,
    day_of_month: int | None = None,
    on: date | None = None,
    today=None,
) -> FamilyRepeat:
    """Repeat a family order: monthly on ``day_of_month``, or once (before a feast) ``on``."""
    today = today or timezone.localdate()
    if kind == FamilyRepeat.Kind.MONTHLY:
        if not day_of_month or not 1 <= day_of_month <= 28:
            raise ValidationError({"day_of_month": _("Pilih tanggal 1 sampai 28.")})
        next_date = _monthly_date_after(day_of_month, today)
    else:
        if on is None or on <= today:
            raise ValidationError({"on": _("Pilih tanggal setelah hari ini.")})
        next_date, day_of_month = on, None
    repeat = FamilyRepeat(source=delivery, kind=kind, day_of_month=day_of_month, next_date=next_date)
    repeat.full_clean()
    repeat.save()
    return repeat


@transaction.atomic
def family_repeat_stop(*, repeat: FamilyRepeat) -> FamilyRepeat:
    repeat.is_active = False
    repeat.save(update_fields=["is_active"])
    return repeat


def _still_sold(product) -> bool:
    if product is None or not product_is_public(product):
        return False
    stockrecord = product.stockrecords.select_related("partner__seller_profile").first()
    if stockrecord is None or not seller_is_approved(stockrecord):
        return False
    return Selector().strategy().fetch_for_product(product).availability.is_available_to_buy


def _prepare(repeat: FamilyRepeat) -> FamilyBasket | None:
    items, skipped = [], []
    for line in repeat.source.order.lines.select_related("product"):
        if _still_sold(line.product):
            items.append({"product": line.product_id, "quantity": line.quantity})
        else:
            skipped.append(line.title)
    try:
        with transaction.atomic():
            basket = FamilyBasket.objects.create(
                repeat=repeat, for_date=repeat.next_date, items=items, skipped=skipped
            )
    except IntegrityError:
        return None  # already prepared (a second scheduler run at the same moment)
    if repeat.kind == FamilyRepeat.Kind.MONTHLY:
        repeat.next_date = _monthly_date_after(repeat.day_of_month, repeat.next_date)
    else:
        repeat.is_active = False
    repeat.save(update_fields=["next_date", "is_active"])
    enqueue_on_commit(tasks.send_family_basket, basket.pk)
    return basket


def family_baskets_prepare(*, now=None) -> list[FamilyBasket]:
    """Prepare each repeat's basket FAMILY_BASKET_DAYS_BEFORE days before its date and e-mail
    the buyer its "Bayar dan kirim" link; products no longer sold are left out and named.
    The scheduler runs it (``prepare_family_baskets``); repeating it prepares nothing twice."""
    today = timezone.localdate(now or timezone.now())
    due = FamilyRepeat.objects.filter(
        is_active=True, next_date__lte=today + timedelta(days=settings.FAMILY_BASKET_DAYS_BEFORE)
    ).select_related("source__order")
    prepared = []
    for repeat in due:
        with transaction.atomic():
            # Locked and read again: a second scheduler (or a run by hand) at the same moment
            # waits here, then finds the date moved on.
            locked = (
                FamilyRepeat.objects.select_for_update(of=("self",))
                .select_related("source__order")
                .filter(pk=repeat.pk, is_active=True)
                .first()
            )
            if locked is None or locked.next_date != repeat.next_date:
                continue
            if (basket := _prepare(locked)) is not None:
                prepared.append(basket)
    return prepared


def family_basket_link(basket: FamilyBasket) -> str:
    token = signing.dumps(basket.pk, salt=BASKET_LINK_SALT, compress=True)
    return shop_url(reverse("family:basket-pay", args=[token]))


def family_basket_from_token(token: str) -> FamilyBasket | None:
    """The basket a link names, while it is fresh (FAMILY_BASKET_LINK_DAYS) and not yet ordered."""
    try:
        pk = signing.loads(
            token, salt=BASKET_LINK_SALT, max_age=timedelta(days=settings.FAMILY_BASKET_LINK_DAYS)
        )
    except signing.BadSignature:
        return None
    return (
        FamilyBasket.objects.select_related("repeat__source__order__shipping_address__village")
        .filter(pk=pk, order__isnull=True)
        .first()
    )


def family_basket_products(basket: FamilyBasket) -> list[tuple]:
    """(product, quantity) of what the basket holds that is still sold now."""
    products = Product.objects.in_bulk([item["product"] for item in basket.items])
    return [
        (products[item["product"]], item["quantity"])
        for item in basket.items
        if _still_sold(products.get(item["product"]))
    ]


@transaction.atomic
def family_basket_fill(*, family_basket: FamilyBasket, basket) -> list[str]:
    """Put the family basket's products into the buyer's (Oscar) basket, replacing what it
    held, for the normal checkout. Returns the titles left out since it was prepared."""
    if basket.id:  # a visitor's basket is only saved once something is added to it
        basket.flush()
    wanted = family_basket_products(family_basket)
    for product, quantity in wanted:
        basket.add_product(product, quantity)
    kept = {product.pk for product, _quantity in wanted}
    return list(family_basket.skipped) + [
        product.title
        for product in Product.objects.filter(pk__in=[item["product"] for item in family_basket.items])
        if product.pk not in kept
    ]


@transaction.atomic
def family_basket_ordered(*, family_basket: FamilyBasket, order) -> FamilyBasket:
    family_basket.order = order
    family_basket.save(update_fields=["order"])
    return family_basket


@transaction.atomic
def family_delivery_erase(*, order) -> int:
    """A buyer's data erased (privacy.services): the gift's names and words, the photos of the
    family's door, the repeats and their unpaid baskets. Returns how many deliveries."""
    delivery = FamilyDelivery.objects.filter(order=order).first()
    if delivery is None:
        return 0
    for photo in DeliveryPhoto.objects.filter(seller_order__order=order):
        photo.image.delete(save=False)
        photo.delete()
    FamilyBasket.objects.filter(repeat__source=delivery, order__isnull=True).delete()
    delivery.repeats.update(is_active=False)
    delivery.sender_name, delivery.gift_message = "", ""
    delivery.save(update_fields=["sender_name", "gift_message"])
    return 1
