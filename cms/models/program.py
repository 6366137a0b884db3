from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock


class ProgramPage(Page):
    """The Desmigratif program and its pillars, written from the public record."""

    class Pillar(models.IntegerChoices):
        MIGRATION_SERVICE = 1, _("Pusat layanan migrasi")
        PRODUCTIVE_ENTERPRISE = 2, _("Usaha produktif")
        COMMUNITY_PARENTING = 3, _("Community parenting di Rumah Belajar")
        COOPERATIVE = 4, _("Koperasi usaha")

    intro = models.TextField(_("ringkasan"), max_length=400)
    pillar = models.PositiveSmallIntegerField(
        _("pilar"),
        choices=Pillar.choices,
        null=True,
        blank=True,
        help_text=_("Isi bila halaman ini menjelaskan salah satu dari empat pilar program."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("isi"), blank=True)
    sources = models.TextField(
        _("sumber"),
        blank=True,
        help_text=_("Penerbit dan tanggal berita yang menjadi sumber fakta, satu per baris."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("pillar"),
        FieldPanel("body"),
        FieldPanel("sources"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.ProgramPage"]
    subpage_types = ["cms.ProgramPage"]
    template = "cms/program_page.html"

    class Meta:
        verbose_name = _("halaman program")
        verbose_name_plural = _("halaman program")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = ProgramPage.objects.live().public().child_of(self).order_by("pillar", "path")
        return context
