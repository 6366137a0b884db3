from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock


class ShopInfoPage(Page):
    """The shop's own information for buyers and producers: how to buy, the terms, privacy,
    contact. The footer and the checkout link each purpose's page wherever editors put it."""

    class Purpose(models.TextChoices):
        HOW_TO_BUY = "how-to-buy", _("Cara belanja")
        TERMS = "terms", _("Syarat dan ketentuan")
        PRIVACY = "privacy", _("Kebijakan privasi")
        CONTACT = "contact", _("Kontak")

    purpose = models.CharField(
        _("kegunaan"),
        max_length=20,
        choices=Purpose.choices,
        blank=True,
        help_text=_("Toko menautkan halaman ini di kaki halaman (dan syarat serta privasi di checkout)."),
    )
    intro = models.TextField(_("ringkasan"), max_length=400)
    body = StreamField(BaseStreamBlock(), verbose_name=_("isi"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("purpose"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    template = "cms/shop_info_page.html"

    class Meta:
        verbose_name = _("halaman informasi toko")
        verbose_name_plural = _("halaman informasi toko")

    def clean(self):
        # One page per purpose in each language: the links must know which one to show.
        # (Checked here, not by a constraint: the locale is a column of Wagtail's Page.)
        super().clean()
        if not self.purpose:
            return
        taken = ShopInfoPage.objects.filter(purpose=self.purpose, locale_id=self.locale_id).exclude(
            pk=self.pk
        )
        if taken.exists():
            raise ValidationError(
                {
                    "purpose": _("Sudah ada halaman untuk kegunaan ini: %(title)s.")
                    % {"title": taken.first().title}
                }
            )
