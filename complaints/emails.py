"""E-mails for every step of a cancellation or a complaint, to the side that must know,
each reader in their own language (the buyer's order language, each producer reader's own)."""

from django.urls import reverse

from complaints.models import CancellationRequest, ComplaintEvent
from core.emails import send_templated_email, send_templated_email_to_users, shop_url
from fulfilment.emails import producer_readers
from order.tokens import order_status_token

Role = ComplaintEvent.Role


def _buyer_url(seller_order, name: str) -> str:
    order = seller_order.order
    return shop_url(reverse(name, args=[order.number, order_status_token(order), seller_order.number]))


def _to_buyer(seller_order, template: str, context: dict) -> None:
    order = seller_order.order
    # Amounts with the buyer's currency of work beside the rupiah (the producers' copies: rupiah).
    context = {**context, "buyer_currency": order.currency_of_work}
    send_templated_email(template=template, context=context, to=[order.email], language=order.language)


def send_complaint_step(event_id: int) -> None:
    """The buyer's steps go to the producer, the producer's to the buyer, staff's and the
    scheduler's to both."""
    event = ComplaintEvent.objects.select_related(
        "complaint__seller_order__order", "complaint__seller_order__seller"
    ).get(pk=event_id)
    complaint = event.complaint
    seller_order = complaint.seller_order
    context = {"event": event, "complaint": complaint, "seller_order": seller_order}
    if event.role != Role.BUYER:
        _to_buyer(
            seller_order,
            "complaints/emails/complaint_step",
            {**context, "url": _buyer_url(seller_order, "orders:complaint")},
        )
    if event.role != Role.PRODUCER:
        send_templated_email_to_users(
            template="complaints/emails/complaint_step",
            context={
                **context,
                "url": shop_url(reverse("sellers:portal-complaint", args=[seller_order.number])),
            },
            users=producer_readers(seller_order.seller),
        )


def send_cancellation_step(request_id: int, to: str) -> None:
    """``to`` is "producer" (a request, or a cancellation before packing) or "buyer" (the answer)."""
    request = CancellationRequest.objects.select_related("seller_order__order", "seller_order__seller").get(
        pk=request_id
    )
    seller_order = request.seller_order
    context = {"request": request, "seller_order": seller_order}
    if to == "buyer":
        order = seller_order.order
        url = shop_url(reverse("checkout:order-status", args=[order.number, order_status_token(order)]))
        _to_buyer(seller_order, "complaints/emails/cancellation_step", {**context, "url": url})
    else:
        send_templated_email_to_users(
            template="complaints/emails/cancellation_step",
            context={**context, "url": shop_url(seller_order.get_absolute_url())},
            users=producer_readers(seller_order.seller),
        )
