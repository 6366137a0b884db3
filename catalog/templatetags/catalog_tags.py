"""``{% product_cards products %}``: the product grid's cards, each rendered once per catalogue
generation and language and shared by every visitor, logged in or not.

A card's only per-visitor part is the CSRF token of its add-to-basket form: it is cached as a
hole and filled with this request's token (marketplace.cache). Oscar's ``render_product``
builds each card from several templates, which made it most of a listing's time.
"""

import hashlib

from django import template
from django.core.cache import cache as django_cache
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from oscar.templatetags.product_tags import render_product

from marketplace import cache

register = template.Library()


def _key(product_id: int, language: str, generation: int) -> str:
    return "card:" + hashlib.sha256(repr((product_id, language, generation)).encode()).hexdigest()


@register.simple_tag(takes_context=True)
def product_cards(context, products):
    request = context.get("request")
    generation = cache.generations()[cache.CATALOGUE]
    language = get_language()
    keys = {product.pk: _key(product.pk, language, generation) for product in products}
    found = django_cache.get_many(list(keys.values()))
    made = {}
    cards = []
    for product in products:
        html = found.get(keys[product.pk])
        if html is None:
            html = made[keys[product.pk]] = cache.csrf_holes_made(str(render_product(context, product)))
        cards.append((mark_safe(cache.csrf_holes_filled(html, request)),))  # noqa: S308 - our templates
    if made:
        django_cache.set_many(made, cache.TIMEOUT)
    return format_html_join("\n", '<li class="col-6 col-md-4 col-lg-3">{}</li>', cards) or format_html("")
