"""``{% basket_fragment "template.html" %}``: a part of the page header that shows the visitor's
basket, rendered from the current context once per version of that basket (basket.services)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from basket.services import basket_owner
from marketplace import cache

register = template.Library()


@register.simple_tag(takes_context=True)
def basket_fragment(context, template_name: str):
    fragment = context.template.engine.get_template(template_name)
    owner = basket_owner(context.get("request"))
    if owner is None:
        return mark_safe(fragment.render(context))  # noqa: S308 - our own template's output
    name = f"{template_name}:{get_language()}"
    return mark_safe(cache.personal(owner, name, lambda: fragment.render(context)))  # noqa: S308
