"""Wagtail pages of the shop. The home page shows the shop itself, read live."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from catalog import selectors as catalog_selectors
from regions import selectors as region_selectors


class HomePage(Page):
    hero_title = models.CharField(_("judul utama"), max_length=120)
    hero_text = RichTextField(_("teks pembuka"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("hero_title"), FieldPanel("hero_text")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("beranda")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        Category = get_model("catalogue", "Category")
        context["featured_products"] = catalog_selectors.product_list(sort=catalog_selectors.SORT_NEWEST)[:8]
        context["categories"] = Category.objects.browsable().filter(depth=1).order_by("path")
        context["villages"] = region_selectors.desmigratif_villages()[:12]
        return context
