"""A producer's printouts for one part of an order: the A6 shipping label stuck on the parcel
and the packing slip put inside it, as PDF files drawn with ReportLab.

The label is read by the courier's counter staff, so it is always in Indonesian; the slip
is read by the buyer, so it is in the language the buyer shopped in. The label carries the
part's number as a Code 128 barcode (what couriers' scanners read), the slip no prices
when the parcel is a gift.
"""

import io
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from core.money import rupiah_digits
from fulfilment.models import SellerOrder

WIDTH, HEIGHT = A6
MARGIN = 6 * mm
TEXT_WIDTH = WIDTH - 2 * MARGIN
FONT, BOLD = "Helvetica", "Helvetica-Bold"
# Couriers' scanners want bars at least ~0.25 mm wide; 0.3 mm fits a 20-character number.
BAR_WIDTH = 0.3 * mm
BAR_HEIGHT = 14 * mm


def _rupiah(amount: Decimal) -> str:
    return f"Rp {rupiah_digits(amount)}"


class _Page:
    """A top-down writer on one canvas: each call puts its lines below the last ones."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.y = HEIGHT - MARGIN

    def text(self, value: str, *, size: float = 8, bold: bool = False, indent: float = 0) -> None:
        font = BOLD if bold else FONT
        for line in simpleSplit(value, font, size, TEXT_WIDTH - indent) or [""]:
            self.y -= size * 1.25
            self.canvas.setFont(font, size)
            self.canvas.drawString(MARGIN + indent, self.y, line)

    def gap(self, height: float = 2 * mm) -> None:
        self.y -= height

    def rule(self) -> None:
        self.gap(1.5 * mm)
        self.canvas.setLineWidth(0.6)
        self.canvas.line(MARGIN, self.y, WIDTH - MARGIN, self.y)
        self.gap(0.5 * mm)

    def barcode(self, value: str) -> None:
        barcode = Code128(value, barWidth=BAR_WIDTH, barHeight=BAR_HEIGHT, humanReadable=True, fontSize=9)
        self.y -= barcode.height + 1 * mm
        barcode.drawOn(self.canvas, (WIDTH - barcode.width) / 2, self.y)

    def box(self, lines: list[str], *, size: float = 11) -> None:
        """Heavy-framed lines (the COD amount the courier must collect)."""
        top = self.y - 1 * mm
        self.gap(1 * mm)
        for line in lines:
            self.text(line, size=size, bold=True, indent=2 * mm)
        self.gap(1.5 * mm)
        self.canvas.setLineWidth(1.5)
        self.canvas.rect(MARGIN, self.y, TEXT_WIDTH, top - self.y)


def _document(title: str, draw) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A6, pageCompression=0)
    canvas.setTitle(title)
    canvas.setAuthor("Pasar Desmigratif")
    draw(_Page(canvas))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _sender_lines(seller_order: SellerOrder) -> list[str]:
    seller = seller_order.seller
    village = seller.village
    return [
        seller.name,
        f"{village}, {village.district}",
        f"{village.regency}, {village.province}",
        _("Telp. %(phone)s") % {"phone": seller.whatsapp} if seller.whatsapp else "",
    ]


def _recipient_lines(seller_order: SellerOrder) -> list[str]:
    address = seller_order.order.shipping_address
    if address is None:
        return [seller_order.order.email]
    lines = list(address.active_address_fields())
    if address.phone_number:
        lines.append(_("Telp. %(phone)s") % {"phone": address.phone_number})
    return lines


def shipping_label_pdf(*, seller_order: SellerOrder, cod_amount: Decimal | None = None) -> bytes:
    """The A6 label: courier and service, billed weight, the part's number as a barcode,
    sender (producer and village) and recipient; the amount to collect when paid on delivery."""
    with translation.override("id"):
        title = _("Label pengiriman %(number)s") % {"number": seller_order.number}
        return _document(title, lambda page: _label(page, seller_order, cod_amount))


def _label(page: _Page, seller_order: SellerOrder, cod_amount: Decimal | None) -> None:
    service = seller_order.courier_service
    page.text(str(service) if service else seller_order.shipping_method or _("Kurir"), size=16, bold=True)
    if seller_order.billed_weight_grams:
        kg = f"{seller_order.billed_weight_grams / 1000:g}".replace(".", ",")
        page.text(_("Berat ditagih: %(kg)s kg") % {"kg": kg}, size=10)
    page.barcode(seller_order.number)
    if cod_amount is not None:
        page.box([_("COD - BAYAR DI TEMPAT"), _("Tagih: %(amount)s") % {"amount": _rupiah(cod_amount)}])
    page.rule()
    page.text(_("PENERIMA"), size=7, bold=True)
    recipient = _recipient_lines(seller_order)
    page.text(recipient[0], size=11, bold=True)
    for line in recipient[1:]:
        page.text(line, size=9)
    page.rule()
    page.text(_("PENGIRIM"), size=7, bold=True)
    for line in filter(None, _sender_lines(seller_order)):
        page.text(line, size=8)
    page.rule()
    placed = timezone.localtime(seller_order.order.date_placed)
    page.text(
        _("Pesanan %(number)s, %(date)s")
        % {"number": seller_order.number, "date": placed.strftime("%d-%m-%Y")},
        size=7,
    )
    page.text("Pasar Desmigratif", size=7)


def packing_slip_pdf(
    *, seller_order: SellerOrder, gift_message: str = "", gift_from: str = "", hide_prices: bool = False
) -> bytes:
    """What is in the parcel, line by line with quantities; a gift shows who sent it, their
    message and no prices (the buyer paid, someone else unpacks)."""
    with translation.override(seller_order.order.language or "id"):
        title = _("Daftar isi paket %(number)s") % {"number": seller_order.number}
        gift = (gift_from.strip(), gift_message.strip())
        return _document(title, lambda page: _slip(page, seller_order, gift, hide_prices))


def _slip(page: _Page, seller_order: SellerOrder, gift: tuple[str, str], hide_prices: bool) -> None:
    gift_from, gift_message = gift
    page.text(_("Daftar isi paket"), size=14, bold=True)
    page.text(_("Pesanan %(number)s") % {"number": seller_order.number}, size=9)
    page.text(
        _("Dari %(seller)s, %(village)s")
        % {"seller": seller_order.seller.name, "village": seller_order.seller.village},
        size=9,
    )
    if gift_from or gift_message:
        page.rule()
        page.text(_("Pesan hadiah"), size=8, bold=True)
        if gift_from:
            page.text(_("Kiriman dari %(sender)s") % {"sender": gift_from}, size=10, bold=True)
        if gift_message:
            page.text(gift_message, size=10)
    page.rule()
    for line in seller_order.lines().order_by("pk"):
        text = f"{line.quantity} × {line.title}"
        if not hide_prices:
            text += f"  —  {_rupiah(line.line_price_incl_tax)}"
        page.text(text, size=9)
    if not hide_prices:
        page.rule()
        page.text(_("Ongkos kirim: %(amount)s") % {"amount": _rupiah(seller_order.shipping_charge)}, size=9)
        page.text(_("Total: %(amount)s") % {"amount": _rupiah(seller_order.total)}, size=10, bold=True)
    page.rule()
    page.text(_("Terima kasih telah mendukung usaha keluarga pekerja migran."), size=8)
    page.text("Pasar Desmigratif", size=8, bold=True)
