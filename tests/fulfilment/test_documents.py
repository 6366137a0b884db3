"""The producer's printouts: an A6 shipping label with the part's number as a Code 128
barcode, and a packing slip that leaves out prices for a gift."""

from decimal import Decimal

import pytest
from reportlab.lib.pagesizes import A6

from fulfilment.documents import packing_slip_pdf, shipping_label_pdf
from tests.fulfilment.pdfs import barcodes, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def test_the_label_is_a6_with_sender_recipient_courier_weight_and_barcode(kerupuk_part):
    pdf = shipping_label_pdf(seller_order=kerupuk_part)

    (page,) = pdf_pages(pdf)
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == tuple(map(round, A6))
    text = pdf_text(pdf)
    seller = kerupuk_part.seller
    for expected in (
        "JNE REG",
        "Berat ditagih: 1 kg",
        "PENERIMA",
        "Siti Aminah",
        "Jl. Melati No. 5 RT 02/RW 03",
        "Telp. +6281298765432",
        "PENGIRIM",
        "Dapur Bu Warsini",
        str(seller.village),
        str(seller.village.regency),
        kerupuk_part.number,
    ):
        assert expected in text, expected
    assert "COD" not in text
    assert barcodes(pdf) == [("Code128", kerupuk_part.number)]


def test_a_cash_on_delivery_label_shows_the_amount_to_collect(kerupuk_part):
    text = pdf_text(shipping_label_pdf(seller_order=kerupuk_part, cod_amount=Decimal("70000")))

    assert "COD - BAYAR DI TEMPAT" in text
    assert "Tagih: Rp 70.000" in text


def test_the_packing_slip_lists_lines_quantities_and_prices(kerupuk_part):
    text = pdf_text(packing_slip_pdf(seller_order=kerupuk_part))

    assert "Daftar isi paket" in text
    assert "2 × Kerupuk Kulit Ikan" in text
    assert "Rp 50.000" in text
    assert "Kerudung Bordir" not in text  # the other producer's line is not in this parcel
    assert "Pesan hadiah" not in text


def test_a_gift_slip_prints_the_message_and_no_prices(kerupuk_part):
    text = pdf_text(
        packing_slip_pdf(
            seller_order=kerupuk_part,
            gift_message="Selamat Lebaran, Bu. Dari Rina di Hong Kong",
            hide_prices=True,
        )
    )

    assert "Pesan hadiah" in text
    assert "Selamat Lebaran, Bu. Dari Rina di Hong Kong" in text
    assert "2 × Kerupuk Kulit Ikan" in text
    assert "Rp" not in text


def test_the_slip_is_in_the_language_the_buyer_shopped_in(kerupuk_part):
    order = kerupuk_part.order
    order.language = "en"
    order.save(update_fields=["language"])

    slip = pdf_text(packing_slip_pdf(seller_order=kerupuk_part))
    label = pdf_text(shipping_label_pdf(seller_order=kerupuk_part))

    assert "Packing list" in slip
    assert "PENERIMA" in label  # the label is for the courier's counter: always Indonesian
