from django import template

from checkout.views import order_status_url as build_order_status_url
from order.tokens import order_status_token
from payment.selectors import payment_summary

register = template.Library()


@register.simple_tag
def order_status_url(order) -> str:
    return build_order_status_url(order)


@register.inclusion_tag("payment/_payment_summary.html", takes_context=True)
def order_payment_summary(context, order) -> dict:
    """The money of an order as its buyer sees it: paid, refunded, what remains, with dates."""
    payment = getattr(order, "payment", None)
    if payment is None:
        return {"summary": None}
    return {
        "summary": payment_summary(payment),
        "order": order,
        "token": order_status_token(order),
        # An inclusion tag's template misses the page's context processors: {% price %} needs it.
        "visitor_conversion": context.get("visitor_conversion"),
    }
