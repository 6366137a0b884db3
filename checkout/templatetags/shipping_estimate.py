from django import template

from checkout.services import basket_shipping_estimate as estimate_for

register = template.Library()


@register.simple_tag(takes_context=True)
def basket_shipping_estimate(context):
    """The basket's delivery estimate for the signed-in buyer's saved address, or None."""
    request, basket = context.get("request"), context.get("basket")
    if request is None or basket is None:
        return None
    return estimate_for(basket=basket, user=request.user)
