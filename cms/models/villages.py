from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock


class VillageIndexPage(Page):
    intro = models.TextField(_("ringkasan"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.VillagePage"]
    max_count_per_parent = 1
    template = "cms/village_index_page.html"

    class Meta:
        verbose_name = _("daftar profil desa")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["village_pages"] = (
            VillagePage.objects.live()
            .public()
            .child_of(self)
            .select_related("village__district__regency__province", "village__photo")
            .order_by("-village__is_pilot", "village__name")
        )
        return context


class VillagePage(Page):
    """A village's story page. Name, place, year and the village photo come from the
    ``regions.Village`` record, and producers, products and cooperatives from the shop:
    nothing is copied here."""

    village = models.ForeignKey(
        "regions.Village", on_delete=models.PROTECT, related_name="pages", verbose_name=_("desa")
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("cerita desa"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("village"),
        FieldPanel("body"),
        InlinePanel("photos", label=_("Foto")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.RelatedFields("village", [index.SearchField("name"), index.SearchField("description")]),
    ]
    parent_page_types = ["cms.VillageIndexPage"]
    subpage_types = []
    template = "cms/village_page.html"

    class Meta:
        verbose_name = _("profil desa")
        verbose_name_plural = _("profil desa")

    def clean(self):
        super().clean()
        if self.village_id is None:
            return
        # One page per village in each language; translations share the village.
        others = VillagePage.objects.filter(village_id=self.village_id, locale_id=self.locale_id)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if others.exists():
            raise ValidationError({"village": _("Desa ini sudah punya halaman profil.")})

    def get_context(self, request, *args, **kwargs):
        from catalog import selectors as catalog_selectors
        from cms import selectors
        from sellers.models import SellerProfile

        context = super().get_context(request, *args, **kwargs)
        village = self.village
        context["village"] = village
        context["sellers"] = (
            SellerProfile.objects.approved().filter(village=village).select_related("cooperative")
        )
        context["products"] = catalog_selectors.product_list(village=village)[:12]
        context["cooperatives"] = village.cooperatives.all()
        context["stories"] = selectors.stories_for_village(village=village)
        return context


class VillagePhoto(Orderable):
    page = ParentalKey(VillagePage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("foto")
    )
    alt_text = models.CharField(
        _("teks alternatif"), max_length=200, help_text=_("Apa yang terlihat di foto.")
    )
    caption = models.CharField(_("keterangan"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]
