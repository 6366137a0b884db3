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
    """products: a list of products, or a search page's PageProducts, whose products are read
    from the database only for the cards not cached yet."""
    request = context.get("request")
    generation = cache.generations()[cache.CATALOGUE]
    language = get_language()
    ids = list(products.ids) if hasattr(products, "ids") else [product.pk for product in products]
    keys = {pk: _key(pk, language, generation) for pk in ids}
    found = django_cache.get_many(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        fresh = products.load(missing) if hasattr(products, "load") else products
        made = {
            keys[product.pk]: cache.csrf_holes_made(cache.compacted(str(render_product(context, product))))
            for product in fresh
            if product.pk in missing
        }
        django_cache.set_many(made, cache.TIMEOUT)
        found.update(made)
    cards = [
        (mark_safe(cache.csrf_holes_filled(found[keys[pk]], request)),)  # noqa: S308 - our templates
        for pk in ids
        if keys[pk] in found  # a product withdrawn since the search has no card
    ]
    return format_html_join("\n", '<li class="col-6 col-md-4 col-lg-3">{}</li>', cards) or format_html("")


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        request = context.get("request")
        return mark_safe(  # noqa: S308 - our templates
            cache.csrf_holes_filled(
                cache.cached(
                    "shared-fragment",
                    (self.name, request.get_full_path() if request else "", get_language()),
                    lambda: cache.csrf_holes_made(self.nodelist.render(context)),
                    depends_on=(cache.CATALOGUE,),
                ),
                request,
            )
        )


@register.tag
def sharedfragment(parser, token):
    """``{% sharedfragment name %}…{% endsharedfragment %}``: a part of a listing page that is
    the same for every visitor of the same URL (filters, sorting, cards), cached per URL,
    language and catalogue generation, with each visitor's CSRF token filled in."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("sharedfragment takes one name")
    nodelist = parser.parse(("endsharedfragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, bits[1])
