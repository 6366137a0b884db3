from django import template

from checkout.views import order_status_url as build_order_status_url

register = template.Library()


@register.simple_tag
def order_status_url(order) -> str:
    return build_order_status_url(order)
