"""Program content on shop pages: ``{% load cms_tags %}{% stories_for_product product %}``."""

from django import template

from cms import selectors

register = template.Library()


@register.inclusion_tag("cms/includes/story_list.html")
def stories_for_product(product):
    return {
        "stories": selectors.stories_for_product(product=product),
        "heading_id": f"cerita-produk-{product.pk}",
    }


@register.inclusion_tag("cms/includes/story_list.html")
def stories_for_seller(seller):
    return {
        "stories": selectors.stories_for_seller(seller=seller),
        "heading_id": f"cerita-produsen-{seller.pk}",
    }


@register.inclusion_tag("cms/includes/story_list.html")
def stories_for_village(village):
    return {
        "stories": selectors.stories_for_village(village=village),
        "heading_id": f"cerita-desa-{village.pk}",
    }


@register.inclusion_tag("cms/includes/course_badges.html")
def course_badges(seller):
    return {"badges": selectors.badges_for_seller(seller=seller), "seller": seller}


@register.inclusion_tag("cms/includes/village_page_link.html")
def village_page_link(village):
    return {"village_page": selectors.village_page_for(village=village), "village": village}
