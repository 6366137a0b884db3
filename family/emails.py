"""E-mails to the sender: a producer's delivery photo, the next family basket's link.

Each goes out in the sender's language: their account's (core.emails.user_language), or the
language a guest's order was placed in.
"""

from django.urls import reverse

from core.emails import send_templated_email, shop_url, user_language
from family.models import DeliveryPhoto, FamilyBasket


def _sender_language(order) -> str:
    return user_language(order.user) if order.user_id else order.language


def send_delivery_photo(photo_id: int) -> None:
    from family.services import tracking_url

    photo = DeliveryPhoto.objects.select_related(
        "seller_order__order__family_delivery", "seller_order__seller"
    ).get(pk=photo_id)
    seller_order = photo.seller_order
    delivery = seller_order.order.family_delivery
    send_templated_email(
        template="family/emails/delivery_photo",
        context={
            "seller_order": seller_order,
            "delivery": delivery,
            "recipient": seller_order.order.shipping_address.first_name,
            "photo_url": shop_url(reverse("family:photo", args=[delivery.token, seller_order.number])),
            "tracking_url": tracking_url(delivery),
        },
        to=[seller_order.order.email],
        language=_sender_language(seller_order.order),
    )


def send_family_basket(basket_id: int) -> None:
    from family.services import family_basket_link, family_basket_products

    basket = FamilyBasket.objects.select_related("repeat__source__order__shipping_address").get(pk=basket_id)
    order = basket.repeat.source.order
    send_templated_email(
        template="family/emails/family_basket",
        context={
            "basket": basket,
            "repeat": basket.repeat,
            "recipient": order.shipping_address.first_name,
            "products": family_basket_products(basket),
            "pay_url": family_basket_link(basket),
        },
        to=[order.email],
        language=_sender_language(order),
    )
