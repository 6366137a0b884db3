from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from cms.models.base import LanguageFallbackMixin
from cms.models.fields import image_field


class HomePage(LanguageFallbackMixin, Page):
    hero_title = models.CharField(_("judul utama"), max_length=120)
    hero_text = RichTextField(_("teks pembuka"), blank=True, features=["bold", "italic", "link"])
    hero_image = image_field(_("gambar utama"))
    hero_image_alt = models.CharField(
        _("teks alternatif gambar utama"), max_length=200, blank=True, help_text=_("Wajib bila ada gambar.")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
            ],
            heading=_("Pembuka"),
        ),
        InlinePanel("featured_product_links", label=_("Produk pilihan"), max_num=8),
        InlinePanel("featured_producer_links", label=_("Produsen pilihan"), max_num=6),
        InlinePanel("featured_story_links", label=_("Cerita pilihan"), max_num=3),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("beranda")

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            from django.core.exceptions import ValidationError

            raise ValidationError({"hero_image_alt": _("Tulis teks alternatif untuk gambar utama.")})

    def get_context(self, request, *args, **kwargs):
        from django.utils.functional import SimpleLazyObject
        from oscar.core.loading import get_model

        from catalog.selectors import product_browsable
        from cms import selectors
        from core import cache
        from regions import selectors as region_selectors

        context = super().get_context(request, *args, **kwargs)
        Category = get_model("catalogue", "Category")
        # Which products to feature is cached; the products themselves (price, stock) are
        # read fresh. Everything else on the page sits in cached template fragments, so these
        # are evaluated only when a fragment is rebuilt.
        product_ids = cache.cached(
            f"home-products:{self.pk}",
            lambda: [product.id for product in selectors.home_featured_products(home=self)],
            tags=("listing", "catalogue", "content"),
        )
        by_id = product_browsable().in_bulk(product_ids)
        context["featured_products"] = [by_id[pk] for pk in product_ids if pk in by_id]
        context["featured_producers"] = SimpleLazyObject(lambda: selectors.home_featured_producers(home=self))
        context["featured_stories"] = SimpleLazyObject(lambda: selectors.home_featured_stories(home=self))
        context["pillars"] = SimpleLazyObject(selectors.program_pillars)
        context["numbers"] = SimpleLazyObject(selectors.home_numbers)
        context["categories"] = Category.objects.browsable().filter(depth=1).order_by("path")
        context["villages"] = region_selectors.desmigratif_villages()[:12]
        return context


class HomeFeaturedProduct(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_product_links")
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("produk")
    )

    panels = [FieldPanel("product")]


class HomeFeaturedProducer(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_producer_links")
    seller = models.ForeignKey(
        "sellers.SellerProfile", on_delete=models.CASCADE, related_name="+", verbose_name=_("produsen")
    )

    panels = [FieldPanel("seller")]


class HomeFeaturedStory(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_story_links")
    story = models.ForeignKey(
        "cms.StoryPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("cerita")
    )

    panels = [FieldPanel("story")]
