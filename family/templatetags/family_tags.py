from django import template

from family import selectors, services
from family.forms import FamilyRepeatForm

register = template.Library()


@register.inclusion_tag("family/_order_family.html")
def family_order_panel(order, token):
    """The order page's part for a family order: the message for the family (WhatsApp, SMS
    text), their tracking link, the delivery photos, and the repeats. Empty otherwise."""
    delivery = selectors.family_delivery_for_order(order=order)
    if delivery is None:
        return {"delivery": None}
    return {
        "delivery": delivery,
        "order": order,
        "token": token,
        "address": order.shipping_address,
        "message": services.family_message(delivery),
        "whatsapp_url": services.whatsapp_link(delivery),
        "tracking_url": services.tracking_url(delivery),
        "photo_parts": [part for part in order.seller_orders.all() if hasattr(part, "delivery_photo")],
        "repeats": selectors.family_repeats(delivery=delivery),
        "repeat_form": FamilyRepeatForm(),
    }


@register.simple_tag
def family_message_for(order) -> str:
    """The family's message (with the tracking link) for the confirmation e-mail, or ""."""
    delivery = selectors.family_delivery_for_order(order=order)
    return services.family_message(delivery) if delivery is not None else ""


@register.simple_tag
def family_whatsapp_for(order) -> str:
    delivery = selectors.family_delivery_for_order(order=order)
    return services.whatsapp_link(delivery) if delivery is not None else ""
