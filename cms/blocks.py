"""StreamField blocks of the program's pages: one shared base, extended per page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Teks")
        template = "cms/blocks/paragraph_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    """A picture with the alt text screen readers need (required) and an optional caption."""

    image = ImageChooserBlock(label=_("gambar"))
    alt_text = blocks.CharBlock(
        label=_("teks alternatif"),
        max_length=200,
        help_text=_("Apa yang terlihat di gambar, untuk pembaca layar. Wajib diisi."),
    )
    caption = blocks.CharBlock(label=_("keterangan"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Gambar")
        template = "cms/blocks/captioned_image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("kutipan"))
    attribution = blocks.CharBlock(
        label=_("sumber"),
        required=False,
        max_length=200,
        help_text=_("Siapa yang berkata, dan di mana dimuat."),
    )

    class Meta:
        icon = "openquote"
        label = _("Kutipan")
        template = "cms/blocks/quote_block.html"


class VideoBlock(blocks.StructBlock):
    """An embedded video (YouTube, Vimeo…). Wagtail fetches the player once and caches it in
    its Embed table; pages never fetch while rendering a cached video."""

    video = EmbedBlock(label=_("alamat video"), max_width=800)
    caption = blocks.CharBlock(label=_("keterangan"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cms/blocks/video_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("dokumen"))
    title = blocks.CharBlock(label=_("judul tautan"), required=False, max_length=150)

    class Meta:
        icon = "doc-full"
        label = _("Dokumen unduhan")
        template = "cms/blocks/document_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    """Text, pictures and quotes: what every page body may hold."""

    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()


class StoryStreamBlock(BaseStreamBlock):
    video = VideoBlock()


class LessonStreamBlock(BaseStreamBlock):
    video = VideoBlock()
    document = DocumentBlock()
