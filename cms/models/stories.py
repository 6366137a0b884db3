from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import StoryStreamBlock
from cms.models.fields import image_field


class StoryIndexPage(RoutablePageMixin, Page):
    """Success stories, newest first, filterable by tag, village and producer; with an RSS feed."""

    intro = models.TextField(_("ringkasan"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StoryPage"]
    max_count_per_parent = 1
    template = "cms/story_index_page.html"

    class Meta:
        verbose_name = _("daftar cerita")

    @path("")
    def index(self, request):
        from django.core.paginator import Paginator

        from cms import selectors

        filters = selectors.StoryFilters.from_query(request.GET)
        stories = selectors.story_list(index=self, filters=filters)
        page_obj = Paginator(stories, 12).get_page(request.GET.get("halaman"))
        context = {
            "filters": filters,
            "stories": page_obj,
            "tags": selectors.story_tags(index=self),
            "villages": selectors.story_villages(index=self),
            "producers": selectors.story_producers(index=self),
        }
        return self.render(request, context_overrides=context)

    @path("rss/", name="feed")
    def feed(self, request):
        from cms.feeds import StoryFeed

        return StoryFeed(self)(request)


class StoryPageTag(TaggedItemBase):
    content_object = ParentalKey("cms.StoryPage", on_delete=models.CASCADE, related_name="tagged_items")


class StoryPage(Page):
    date = models.DateField(_("tanggal"), default=timezone.localdate)
    intro = models.TextField(
        _("ringkasan"), max_length=300, help_text=_("Satu-dua kalimat untuk daftar dan RSS.")
    )
    image = image_field(_("gambar utama"))
    image_alt = models.CharField(_("teks alternatif gambar utama"), max_length=200, blank=True)
    body = StreamField(StoryStreamBlock(), verbose_name=_("isi cerita"), blank=True)
    producers = ParentalManyToManyField(
        "sellers.SellerProfile", blank=True, related_name="stories", verbose_name=_("produsen")
    )
    villages = ParentalManyToManyField(
        "regions.Village", blank=True, related_name="stories", verbose_name=_("desa")
    )
    products = ParentalManyToManyField(
        "catalogue.Product", blank=True, related_name="stories", verbose_name=_("produk")
    )
    tags = ClusterTaggableManager(through=StoryPageTag, blank=True, verbose_name=_("tag"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Gambar utama")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("producers", widget=forms.CheckboxSelectMultiple),
                FieldPanel("products", widget=forms.CheckboxSelectMultiple),
                FieldPanel("villages", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Terkait dengan"),
        ),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["cms.StoryIndexPage"]
    subpage_types = []
    template = "cms/story_page.html"

    class Meta:
        verbose_name = _("cerita")
        verbose_name_plural = _("cerita")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            from django.core.exceptions import ValidationError

            raise ValidationError({"image_alt": _("Tulis teks alternatif untuk gambar utama.")})
