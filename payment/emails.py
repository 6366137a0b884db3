"""What the buyer hears about their payment: received, refunded (and where to be paid back), cancelled.

Each links to the order's own page (its signed link), which shows the same with dates.
"""

from django.urls import reverse

from core.emails import send_templated_email, shop_url
from order.tokens import order_status_token
from payment.models import OrderPayment, PaymentRefund
from payment.selectors import refund_account_wanted


def order_page_url(order) -> str:
    return shop_url(reverse("checkout:order-status", args=[order.number, order_status_token(order)]))


def refund_account_url(order) -> str:
    return shop_url(reverse("payment:refund-account", args=[order.number, order_status_token(order)]))


def _send(template: str, payment: OrderPayment, **context) -> None:
    order = payment.order
    send_templated_email(
        template=f"payment/emails/{template}",
        context={"order": order, "payment": payment, "order_url": order_page_url(order), **context},
        to=[order.email],
        language=order.language,
    )


def send_payment_received(payment_id: int) -> None:
    _send("payment_received", OrderPayment.objects.select_related("order").get(pk=payment_id))


def send_order_cancelled(payment_id: int) -> None:
    payment = OrderPayment.objects.select_related("order").get(pk=payment_id)
    # A transfer may have been made just too late: the buyer can say where it goes back.
    account_url = refund_account_url(payment.order) if refund_account_wanted(payment) else ""
    _send("order_cancelled", payment, account_url=account_url)


def send_refund_notice(refund_id: int) -> None:
    """Sent when a refund is made, and for a bank transfer again once staff sent the money."""
    refund = PaymentRefund.objects.select_related("payment__order").get(pk=refund_id)
    payment = refund.payment
    needs_account = refund.transferred_at is None and refund_account_wanted(payment)
    _send(
        "refund",
        payment,
        refund=refund,
        remaining=payment.amount_kept,
        account_url=refund_account_url(payment.order) if needs_account else "",
    )
