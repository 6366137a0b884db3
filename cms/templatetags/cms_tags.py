"""Program content on shop pages: ``{% load cms_tags %}{% stories_for_product product %}``.

Each renders once per version of the content (a story published, changed or withdrawn gives
it a new one; see core.cache) and language, so the busiest shop pages ask Wagtail nothing.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cms import selectors
from core import cache

register = template.Library()


def _rendered(context, template_name: str, key: tuple, make_context) -> str:
    request = context.get("request")

    def render() -> str:
        return render_to_string(template_name, make_context(), request=request)

    return mark_safe(  # noqa: S308 - our own template's output
        cache.cached(
            cache.key_for("cms-fragment", template_name, *key, get_language()), render, tags=("content",)
        )
    )


def _story_list(context, kind: str, obj, stories) -> str:
    heading_id = f"cerita-{kind}-{obj.pk}"
    return _rendered(
        context,
        "cms/includes/story_list.html",
        (kind, obj.pk),
        lambda: {"stories": stories(), "heading_id": heading_id},
    )


@register.simple_tag(takes_context=True)
def stories_for_product(context, product):
    return _story_list(context, "produk", product, lambda: selectors.stories_for_product(product=product))


@register.simple_tag(takes_context=True)
def stories_for_seller(context, seller):
    return _story_list(context, "produsen", seller, lambda: selectors.stories_for_seller(seller=seller))


@register.simple_tag(takes_context=True)
def stories_for_village(context, village):
    return _story_list(context, "desa", village, lambda: selectors.stories_for_village(village=village))


@register.inclusion_tag("cms/includes/course_badges.html")
def course_badges(seller):
    return {"badges": selectors.badges_for_seller(seller=seller), "seller": seller}


@register.simple_tag(takes_context=True)
def village_page_link(context, village):
    return _rendered(
        context,
        "cms/includes/village_page_link.html",
        (village.pk,),
        lambda: {"village_page": selectors.village_page_for(village=village), "village": village},
    )


@register.simple_tag(takes_context=True)
def shop_info_links(context):
    """The footer's links to the shop's own pages (cms.ShopInfoPage), and to selling here."""
    return _rendered(
        context, "cms/includes/shop_info_links.html", (), lambda: {"pages": selectors.shop_info_pages()}
    )


@register.simple_tag(takes_context=True)
def shop_info_url(context, purpose: str) -> str:
    """The address of the shop's page for a purpose ("terms", "privacy"…), "" when there is none."""
    return _rendered(
        context,
        "cms/includes/shop_info_url.txt",
        (purpose,),
        lambda: {"page": selectors.shop_info_pages().get(purpose)},
    )


@register.simple_tag(takes_context=True)
def training_link(context, css_class: str = ""):
    """A link to the producers' training, or nothing while there is no training page."""
    return _rendered(
        context,
        "cms/includes/training_link.html",
        (css_class,),
        lambda: {"index": selectors.training_index(), "css_class": css_class},
    )
