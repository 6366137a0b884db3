"""Issue 17's "done means" in a browser on a phone: a buyer in another province gets two
couriers' prices for each producer of a 3-producer basket, billed by weight as the couriers
bill it (a heavy and a bulky parcel checked against a hand calculation); a producer prints the
label and ships with the waybill; the buyer complains with a photo, the producer offers a
partial refund, the buyer accepts, and the ledger shows the refund from held money and the
rest released."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from fulfilment.models import SellerOrder
from payment.models import OrderPayment, PaymentRefund
from payment.services import payment_mark_succeeded
from tests.browser.test_card_payment import add_to_basket, fill_address, sign_in
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory, VillageFactory
from tests.factories.shipping import courier_rate, courier_service
from tests.fulfilment.pdfs import barcodes, pdf_text
from tests.images import jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def rp(amount) -> str:
    return "Rp\xa0" + f"{Decimal(amount):,.0f}".replace(",", ".")


def offers(page: Page, seller) -> dict[str, tuple[str, int]]:
    """Each courier service offered in a producer's group: its price and billed kg."""
    found = {}
    for text in page.locator(f"#shipping-{seller.pk} .shipping-option").all_inner_texts():
        match = re.match(r"\s*(.+?) — (Rp\xa0[\d.]+) \((\d+) kg\)", text)
        found[match.group(1)] = (match.group(2), int(match.group(3)))
    return found


def test_a_parcel_from_checkout_to_a_partial_refund(live_server, browser, tmp_path):
    base = live_server.url
    buyer_village = VillageFactory(name="Sukamaju", is_desmigratif=False)  # a province of its own
    syrup_maker = SellerProfileFactory(name="Sirup Mangga Bu Tarmi", packaging_grams=250)
    lamp_maker = SellerProfileFactory(name="Lampu Bambu Kuripan", packaging_grams=150)
    cracker_maker = SellerProfileFactory(name="Dapur Bu Warsini")  # 100 g packaging
    syrup = ProductFactory(seller=syrup_maker, title="Sirup Mangga", price=45000, weight_grams=1100)
    lamp = ProductFactory(
        seller=lamp_maker,
        title="Lampu Bambu",
        price=150000,
        weight_grams=900,
        length_cm=35,
        width_cm=30,
        height_cm=30,
    )
    crackers = ProductFactory(seller=cracker_maker, title="Kerupuk Kulit Ikan", price=25000)
    jne = courier_service("jne", "reg", tolerance_grams=300)
    jnt = courier_service("jnt", "ez", tolerance_grams=200, tracking_url="https://jet.co.id/track")
    province = buyer_village.district.regency.province
    for maker in (syrup_maker, lamp_maker, cracker_maker):
        origin = maker.village.district.regency
        assert origin.province != province
        courier_rate(service=jne, origin=origin, province=province, first_kg=22000, next_kg=18000)
        courier_rate(
            service=jnt, origin=origin, province=province, first_kg=20000, next_kg=17000, days=(3, 4)
        )
    buyer = UserFactory(username="rina", email="rina@contoh.id")

    # By hand. Heavy: 2 × 1,100 g syrup + 250 g packaging = 2,450 g, no volume: 450 g past
    # 2 kg is over both tolerances (JNE 300 g, J&T 200 g): 3 kg.
    # Bulky: 35 × 30 × 30 = 31,500 cm³ / 6000 = 5.25 kg, above its 900 + 150 g: 250 g past
    # 5 kg is within JNE's 300 g (5 kg) but not J&T's 200 g (6 kg).
    # Price = first kg + (kg − 1) × next kg.
    heavy = {"JNE REG": (rp(22000 + 2 * 18000), 3), "J&T Express EZ": (rp(20000 + 2 * 17000), 3)}
    bulky = {"JNE REG": (rp(22000 + 4 * 18000), 5), "J&T Express EZ": (rp(20000 + 5 * 17000), 6)}
    light = {"JNE REG": (rp(22000), 1), "J&T Express EZ": (rp(20000), 1)}  # 500 + 100 g

    shopper = browser.new_context(viewport=PHONE, locale="id-ID")
    page = shopper.new_page()
    sign_in(page, base, buyer)
    for product, quantity in ((syrup, 2), (lamp, 1), (crackers, 2)):
        for _ in range(quantity):
            add_to_basket(page, base, product)
    page.goto(base + "/basket/")
    for title in ("Sirup Mangga", "Lampu Bambu", "Kerupuk Kulit Ikan"):
        expect(page.locator("main")).to_contain_text(title)
    page.goto(base + "/checkout/")
    fill_address(page, buyer_village)
    page.get_by_role("button", name="Lanjut ke pengiriman").click()
    assert offers(page, syrup_maker) == heavy
    assert offers(page, lamp_maker) == bulky
    assert offers(page, cracker_maker) == light
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The cheapest is preselected; the buyer picks JNE for the crackers instead.
    expect(page.locator(f"#shipping-{syrup_maker.pk} input[value='service-{jnt.pk}']")).to_be_checked()
    expect(page.locator(f"#shipping-{lamp_maker.pk} input[value='service-{jne.pk}']")).to_be_checked()
    page.locator(f"#shipping-{cracker_maker.pk} input[value='service-{jne.pk}']").check()
    page.get_by_role("button", name="Lanjut ke cara bayar").click()
    page.get_by_label("Transfer bank").check()
    page.get_by_role("button", name="Periksa pesanan").click()
    goods = 2 * 45000 + 150000 + 2 * 25000
    expect(page.locator("#order-total")).to_contain_text(rp(goods + 54000 + 94000 + 22000))
    page.get_by_role("button", name="Buat pesanan").click()
    expect(page.locator("#payment-status")).to_be_visible()
    order_page = page.url
    order = payment_mark_succeeded(payment=OrderPayment.objects.get(), reference="MUTASI-1").order
    part = SellerOrder.objects.get(order=order, seller=syrup_maker)
    assert (part.courier_service, part.billed_weight_grams, part.shipping_charge) == (
        jnt,
        3000,
        Decimal(54000),
    )

    # The syrup maker prints the label (the PDF over HTTP in her own session) and ships.
    producer = browser.new_context(viewport=PHONE, locale="id-ID")
    portal = producer.new_page()
    sign_in(portal, base, syrup_maker.user)
    portal.goto(base + part.get_absolute_url())
    label_url = portal.get_by_role("link", name="Cetak label pengiriman (PDF)").get_attribute("href")
    label = producer.request.get(base + label_url)
    assert label.ok and label.headers["content-type"] == "application/pdf"
    text = pdf_text(label.body())
    for expected in (
        "J&T Express EZ",
        "Berat ditagih: 3 kg",
        "Rina Marlina",
        "Sirup Mangga Bu Tarmi",
        part.number,
    ):
        assert expected in text, expected
    assert barcodes(label.body()) == [("Code128", part.number)]
    portal.get_by_role("button", name="Tandai sudah dikemas").click()
    expect(portal.locator(".status")).to_contain_text("Dikemas")
    portal.fill("#id_tracking_number", "jp 1234 5678 90")
    portal.get_by_role("button", name="Tandai sudah dikirim").click()
    expect(portal.locator(".status")).to_contain_text("JP1234567890")
    assert portal.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(order_page)
    mine = page.locator(f".seller-order[data-number='{part.number}']")
    expect(mine.locator(".tracking")).to_contain_text("JP1234567890")
    expect(mine.locator(".tracking-link")).to_have_attribute("href", "https://jet.co.id/track")
    portal.get_by_role("button", name="Tandai sudah sampai di pembeli").click()
    expect(portal.locator(".status")).to_contain_text("Diterima")

    # The buyer complains with a photo; the producer offers Rp 20.000 back; the buyer accepts.
    photo = tmp_path / "botol-pecah.jpg"
    photo.write_bytes(jpeg_with_gps().read())
    page.goto(order_page)
    mine.get_by_role("link", name="Ajukan komplain").click()
    page.get_by_label("Barang rusak").check()
    page.get_by_label("Ceritakan apa yang terjadi").fill("Satu botol pecah di jalan.")
    page.set_input_files("#id_photos", str(photo))
    page.get_by_role("button", name="Kirim komplain").click()
    expect(page.locator(".complaint-status")).to_have_text("Menunggu jawaban produsen")
    expect(page.locator(".complaint-photos img")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    complaint_page = page.url

    portal.goto(base + "/penjual/komplain/")
    portal.get_by_role("link", name=part.number).click()
    expect(portal.locator(".complaint-thread")).to_contain_text("Satu botol pecah di jalan.")
    portal.get_by_label("Pengembalian dana sebagian").check()
    portal.get_by_label("Jumlah pengembalian sebagian (Rp)").fill("20000")
    portal.get_by_label("Pesan untuk pembeli (wajib bila menolak)").fill("Maaf, kami ganti satu botol.")
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
    page.get_by_label("Nama pemilik rekening").fill("Rina Marlina")
    page.get_by_role("button", name="Simpan rekening").click()
    expect(page.locator("#refund-account")).to_contain_text("BRI")
    page.goto(complaint_page)
    expect(page.locator(".complaint-status")).to_have_text("Selesai")
    assert PaymentRefund.objects.get().amount == Decimal("20000")

    # The ledger: the refund out of the held money, the rest released to the producer.
    part.refresh_from_db()
    entries = {(entry.kind, entry.account): entry.amount for entry in part.ledger_entries.all()}
    assert entries[("refund", "held")] == Decimal("-20000")
    commission, reversal = entries[("commission", "held")], entries[("commission_reversal", "held")]
    rest = part.total + commission - Decimal("20000") + reversal
    assert entries[("release", "held")] == -rest and entries[("release", "available")] == rest
    portal.goto(base + "/penjual/pendapatan/")
    expect(portal.locator("#balance-held")).to_contain_text(rp(0))
    expect(portal.locator("#balance-available")).to_contain_text(rp(rest))
    expect(portal.locator("table.lines")).to_contain_text("Pengembalian dana (ditahan)")
    expect(portal.locator("table.lines")).to_contain_text("Dana diteruskan (tersedia)")
    shopper.close()
    producer.close()
