"""The product page, with who made it, where, and what the law requires buyers to see."""

import json
from urllib.parse import quote

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from catalog import selectors
from catalog.analytics import product_view_count
from core.cache import anonymous_page
from core.html import html_text
from partner.availability import NotForSale

AttributeValue = get_model("catalogue", "ProductAttributeValue")
Option = get_model("catalogue", "Option")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


def _count_cached_view(request, *args, pk, **kwargs) -> None:
    product_view_count(int(pk))


def _product_page_shows(request, *args, pk, **kwargs) -> tuple[str, ...]:
    return (f"product:{int(pk)}", "catalogue", "content")


# Served whole to anonymous visitors until the product, the catalogue around it or the
# stories change; a view served from the cache is still counted.
@method_decorator(anonymous_page(tags=_product_page_shows, on_hit=_count_cached_view), name="dispatch")
class ProductDetailView(OscarProductDetailView):
    def get_queryset(self):
        # One query per relation the page shows; Oscar's template and the pricing strategy
        # read the stock record, images and attributes several times each.
        return (
            Product.objects.annotate(
                has_product_class_options=Exists(
                    Option.objects.filter(productclass=OuterRef("product_class"))
                ),
                has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
            )
            .select_related("product_class", "parent")
            .prefetch_related(
                Prefetch("images", queryset=ProductImage.objects.order_by("display_order")),
                Prefetch(
                    "stockrecords",
                    queryset=StockRecord.objects.select_related(
                        "partner__seller_profile__village__district__regency__province"
                    ),
                ),
                Prefetch("attribute_values", queryset=AttributeValue.objects.select_related("attribute")),
                "categories",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        stockrecord = next(iter(product.stockrecords.all()), None)
        seller = getattr(stockrecord.partner, "seller_profile", None) if stockrecord else None
        url = self.request.build_absolute_uri(product.get_absolute_url())
        context["seller"] = seller
        availability = self.request.strategy.fetch_for_product(product).availability
        # A suspended producer's or withdrawn product: the reason, instead of a basket form
        # or a restock alert.
        context["not_for_sale"] = availability.message if isinstance(availability, NotForSale) else ""
        context["stockrecord"] = stockrecord
        context["whatsapp_share_url"] = "https://wa.me/?text=" + quote(f"{product.get_title()} {url}")
        context["json_ld"] = self.json_ld(product, stockrecord, seller, url, context)
        context["units_sold"] = selectors.product_units_sold(product=product)
        reviews = selectors.product_reviews_shown(product=product)
        context["reviews"] = reviews
        context["verified_reviewers"] = selectors.reviewers_who_bought(
            product=product, user_ids=[review.user_id for review in reviews]
        )
        return context

    def json_ld(self, product, stockrecord, seller, url, context) -> str:
        data = {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": product.get_title(),
            "description": html_text(product.description)[:500],
            "url": url,
            "sku": stockrecord.partner_sku if stockrecord else str(product.pk),
        }
        image = product.primary_image()
        if getattr(image, "original", None) and getattr(image.original, "url", None):
            data["image"] = self.request.build_absolute_uri(image.original.url)
        if seller is not None:
            data["brand"] = {"@type": "Brand", "name": seller.name}
        if stockrecord is not None and stockrecord.price is not None:
            # What the basket form goes by: stock, made to order, and a producer who sells.
            available = self.request.strategy.fetch_for_product(product).availability.is_available_to_buy
            data["offers"] = {
                "@type": "Offer",
                "price": f"{stockrecord.price:.0f}",
                "priceCurrency": "IDR",
                "availability": "https://schema.org/" + ("InStock" if available else "OutOfStock"),
                "url": url,
                "seller": {"@type": "Organization", "name": seller.name if seller else "Pasar Desmigratif"},
            }
        # "<" escaped so product text can never close the script element.
        return mark_safe(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))  # noqa: S308
