from django import template

from order.statuses import order_status_label

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    """{{ order.status|status_label }}: "Menunggu pembayaran" for "Pending"."""
    return order_status_label(status)
