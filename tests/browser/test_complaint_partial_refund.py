"""Issue 17's resolution centre in a browser on a phone: the buyer opens a complaint with a
photo from the order page, the producer offers a partial refund in the portal, the buyer
accepts it, and the producer's earnings show the refund from held money and the rest released."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from checkout.views import order_status_url
from complaints.models import Complaint
from fulfilment import services as fulfilment_services
from payment.models import OrderPayment, PaymentRefund
from payment.services import payment_mark_succeeded
from tests.checkout.conftest import checkout_as_guest, fill_basket
from tests.images import jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def rp(amount) -> str:
    return "Rp\xa0" + f"{Decimal(amount):,.0f}".replace(",", ".")


def test_buyer_complains_producer_offers_a_partial_refund_buyer_accepts(
    live_server, browser, client, products, buyer_village, tmp_path
):
    base = live_server.url
    fill_basket(client, (products[0], 2), (products[1], 1))
    checkout_as_guest(client, buyer_village)
    order = payment_mark_succeeded(payment=OrderPayment.objects.get(), reference="MUTASI-1").order
    part = order.seller_orders.order_by("number").first()
    part = fulfilment_services.seller_order_ship(seller_order=part, courier="JNE", tracking_number="JNE0001")
    part = fulfilment_services.seller_order_deliver(seller_order=part)
    photo = tmp_path / "toples-pecah.jpg"
    photo.write_bytes(jpeg_with_gps().read())

    buyer = browser.new_context(viewport=PHONE, locale="id-ID")
    page = buyer.new_page()
    page.goto(base + order_status_url(order))
    page.locator(f".seller-order[data-number='{part.number}']").get_by_role(
        "link", name="Ajukan komplain"
    ).click()
    page.get_by_label("Barang rusak").check()
    page.get_by_label("Ceritakan apa yang terjadi").fill("Satu toples pecah di jalan.")
    page.set_input_files("#id_photos", str(photo))
    page.get_by_role("button", name="Kirim komplain").click()
    expect(page.locator(".complaint-status")).to_have_text("Menunggu jawaban produsen")
    expect(page.locator(".complaint-photos img")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    complaint_page = page.url

    producer = browser.new_context(viewport=PHONE, locale="id-ID")
    portal = producer.new_page()
    portal.goto(base + "/accounts/login/")
    portal.fill("#id_login-username", part.seller.user.email)
    portal.fill("#id_login-password", "rahasia-uji-123")
    portal.locator("button[name=login_submit]").click()
    portal.goto(base + "/penjual/komplain/")
    portal.get_by_role("link", name=part.number).click()
    expect(portal.locator(".complaint-thread")).to_contain_text("Satu toples pecah di jalan.")
    portal.get_by_label("Pengembalian dana sebagian").check()
    portal.get_by_label("Jumlah pengembalian sebagian (Rp)").fill("20000")
    portal.get_by_label("Pesan untuk pembeli (wajib bila menolak)").fill("Maaf, kami ganti satu toples.")
    portal.get_by_role("button", name="Kirim jawaban").click()
    expect(portal.locator(".complaint-status")).to_have_text("Produsen menawarkan penyelesaian")
    assert portal.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(complaint_page)
    expect(page.locator(".complaint-offer")).to_contain_text(rp(20000))
    page.get_by_role("button", name="Terima tawaran").click()
    # Paid by bank transfer: the buyer gives the account the Rp 20.000 goes back to.
    expect(page).to_have_url(re.compile("/rekening-pengembalian/$"))
    page.get_by_label("Nama bank").fill("BRI")
    page.get_by_label("Nomor rekening").fill("0123 4567 8901")
    page.get_by_label("Nama pemilik rekening").fill("Siti Aminah")
    page.get_by_role("button", name="Simpan rekening").click()
    expect(page.locator("#refund-account")).to_contain_text("BRI")
    page.goto(complaint_page)
    expect(page.locator(".complaint-status")).to_have_text("Selesai")
    assert PaymentRefund.objects.get().amount == Decimal("20000")
    assert Complaint.objects.get().status == Complaint.Status.RESOLVED

    part.refresh_from_db()
    commission = part.ledger_entries.get(kind="commission").amount  # negative
    reversal = part.ledger_entries.get(kind="commission_reversal").amount
    rest = part.total + commission - Decimal("20000") + reversal
    portal.goto(base + "/penjual/pendapatan/")
    expect(portal.locator("#balance-held")).to_contain_text(rp(0))
    expect(portal.locator("#balance-available")).to_contain_text(rp(rest))
    expect(portal.locator("table.lines")).to_contain_text("Pengembalian dana (ditahan)")
    expect(portal.locator("table.lines")).to_contain_text("Dana diteruskan (tersedia)")
    buyer.close()
    producer.close()
