"""E-mails about a producer's part of an order, in plain text and HTML, in the buyer's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from fulfilment.models import SellerOrder


def _buyer_language(order) -> str:
    language = getattr(order, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _send(*, template: str, context: dict, to: list[str], language: str) -> None:
    if not to:
        return
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context)
        html = render_to_string(f"{template}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    message.send()


def send_shipping_notice(seller_order: SellerOrder) -> None:
    order = seller_order.order
    _send(
        template="fulfilment/emails/shipping_notice",
        context={"seller_order": seller_order, "order": order, "lines": list(seller_order.lines())},
        to=[order.email] if order.email else [],
        language=_buyer_language(order),
    )
