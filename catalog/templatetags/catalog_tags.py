"""``{% product_cards products %}``: the product grid's cards, each rendered once per version of
its product (and of the catalogue around it), language and the currency its price is
converted to (with which rate), and shared by every visitor,
logged in or not: a sale touches the cards of the products it sold, not the others.

The only custom cache tag of the shop: Django's ``{% cache %}`` would read one entry per
card, where this reads all of a page's cards and their versions in one round trip and
renders only the missing ones (a search page's products are loaded for those alone). A
card's add-to-basket form gets the visitor's CSRF token on the way out
(marketplace.csrf.CsrfTokenMiddleware). Oscar's ``render_product`` builds each card from
several templates, which made it most of a listing's time.
"""

from django import template
from django.core.cache import cache as django_cache
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from oscar.templatetags.product_tags import render_product

from core import cache
from exchange.visitors import visitor_conversion

register = template.Library()


@register.simple_tag(takes_context=True)
def product_cards(context, products):
    """products: a list of products, or a search page's PageProducts, whose products are read
    from the database only for the cards not cached yet."""
    language = get_language()
    request = context.get("request")
    # A card shows its price in the visitor's currency too: one entry per conversion shown.
    converted_with = visitor_conversion(request).cache_key if request is not None else ""
    ids = list(products.ids) if hasattr(products, "ids") else [product.pk for product in products]
    tags = cache.product_tags(ids)
    keys = [f"card:{language}:{converted_with}:{pk}" for pk in ids]
    found, current = cache.read_with_versions(keys, [*tags, "catalogue"])
    catalogue = current["catalogue"]
    cards, missing = {}, []
    for pk, tag, key in zip(ids, tags, keys, strict=True):
        stored = found.get(key)
        if stored is not None and stored[0] == (current[tag], catalogue):
            cards[pk] = stored[1]
        else:
            missing.append(pk)
    if missing:
        fresh = products.load(missing) if hasattr(products, "load") else products
        made = {}
        for product in fresh:
            if product.pk in missing:
                cards[product.pk] = cache.compacted(str(render_product(context, product)))
                built_from = (current[f"product:{product.pk}"], catalogue)
                made[f"card:{language}:{converted_with}:{product.pk}"] = (built_from, cards[product.pk])
        django_cache.set_many(made, cache.TIMEOUT)
    cache.page_shows(request, {tag: current[tag] for tag in tags})
    return format_html_join(
        "\n",
        '<li class="col-6 col-md-4 col-lg-3">{}</li>',
        # A product withdrawn since the search has no card.
        ((mark_safe(cards[pk]),) for pk in ids if pk in cards),  # noqa: S308 - our templates
    ) or format_html("")


@register.simple_tag
def product_origin(product):
    """The producer's profile of a product card, from the stock records the card's queryset
    prefetched with their village and kabupaten (catalog.selectors.product_browsable); None
    for a product with no producer."""
    for record in product.stockrecords.all():
        seller = getattr(record.partner, "seller_profile", None)
        if seller is not None:
            return seller
    return None
