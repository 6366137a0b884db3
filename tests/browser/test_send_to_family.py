"""Kirim ke keluarga, end to end in Chromium: a migrant worker in Hong Kong (English browser,
Asia/Hong_Kong) sends a producer's goods to her mother in Desa Kuripan (Kab. Wonosobo) and pays
by card against localstripe; the mother's tracking page opens without login and shows no
prices; the producer prints the packing slip (the sender and the message, no prices: its PDF
text read back), ships and uploads a phone photo carrying GPS, and the sender's order page
shows it with the EXIF stripped. The steps are checked at 360 px wide as well."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from family.models import FamilyDelivery
from payment.models import OrderPayment
from regions.models import District, Province, Regency, Village
from tests.browser.regions import village_choose
from tests.browser.test_card_payment import PASSWORD, add_to_basket
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory
from tests.factories.shipping import flat_rates
from tests.fulfilment.pdfs import pdf_text
from tests.images import jpeg_with_gps
from tests.payment.localstripe import localstripe, stripe_settings  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
WIDER_THAN_WINDOW = "() => document.documentElement.scrollWidth > innerWidth"


def kuripan() -> Village:
    """The pilot village, with its official codes (Kemendagri)."""
    province = Province.objects.create(code="33", name="Jawa Tengah", slug="jawa-tengah")
    regency = Regency.objects.create(
        code="3307", province=province, name="Kabupaten Wonosobo", slug="wonosobo"
    )
    district = District.objects.create(code="330710", regency=regency, name="Watumalang")
    return Village.objects.create(code="3307100004", district=district, name="Kuripan", is_desmigratif=True)


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", PASSWORD)
    page.locator("button[name=login_submit]").click()
    expect(page.locator("#id_login-username")).to_have_count(0)


def test_a_buyer_in_hong_kong_sends_to_her_family_in_kuripan(
    live_server,
    browser,
    localstripe,  # noqa: F811 - the fixture imported above
    stripe_settings,  # noqa: F811
    tmp_path,
):
    localstripe.webhook_to(live_server.url + "/pembayaran/stripe/webhook/")
    village = kuripan()
    carica = SellerProfileFactory(name="Carica Kuripan")
    syrup = ProductFactory(seller=carica, title="Manisan Carica", price=35000)
    flat_rates(sellers=[carica], village=village)
    buyer = UserFactory(username="sri", email="sri@contoh.hk")
    base = live_server.url

    context = browser.new_context(viewport=PHONE, locale="en-HK", timezone_id="Asia/Hong_Kong")
    page = context.new_page()
    page.goto(base + "/")
    page.locator(".language-switch button[value=en]").first.click()
    sign_in(page, base, buyer.email)
    add_to_basket(page, base, syrup)
    page.goto(base + "/checkout/")
    expect(page).to_have_url(re.compile("/checkout/shipping-address/"))

    # The family's address with the official regions, and the gift's details.
    page.fill("#id_name", "Ibu Sumarni")
    page.fill("#id_phone_number", "0812 2233 4455")
    page.fill("#id_street", "Dusun Krajan RT 01/RW 02")
    village_choose(page, village)
    page.fill("#id_postcode", "56373")
    page.check("#id_family-send_to_family")
    page.fill("#id_family-sender_name", "Sri")
    page.fill("#id_family-gift_message", "Untuk Ibu, dari Hong Kong. Sehat selalu!")
    assert not page.evaluate(WIDER_THAN_WINDOW), "the address step scrolls sideways at 360 px"
    page.locator("button.btn-primary.btn-lg").click()
    expect(page).to_have_url(re.compile("/checkout/shipping-method/"))
    page.locator("button.btn-primary.btn-lg").click()  # the courier, preselected
    page.locator("input[value=stripe_card]").check()
    page.locator("button.btn-primary.btn-lg").click()
    expect(page.locator("#family-preview")).to_contain_text("Untuk Ibu, dari Hong Kong.")
    page.locator("#place-order").click()

    # Paid by card: localstripe's webhook marks it paid.
    page.locator("#test-cards button[data-card='4242424242424242']").click()
    expect(page.locator("#payment-status")).to_contain_text("Paid", timeout=20_000)
    order = FamilyDelivery.objects.select_related("order").get().order
    assert order.payment.status == OrderPayment.Status.SUCCEEDED
    assert order.shipping_address.village_id == "3307100004"
    whatsapp = page.locator("#family-whatsapp").get_attribute("href")
    assert whatsapp.startswith("https://wa.me/6281222334455?text=Halo%20Ibu%20Sumarni")
    tracking_url = page.locator("#family-tracking").get_attribute("href")
    assert not page.evaluate(WIDER_THAN_WINDOW), "the order page scrolls sideways at 360 px"

    # The family's page: no login, no prices.
    family = browser.new_context(viewport=PHONE, locale="id-ID")
    family_page = family.new_page()
    family_page.goto(tracking_url.replace("http://localhost:8000", base))
    expect(family_page.locator("#family-gift")).to_contain_text("Kiriman dari Sri")
    expect(family_page.locator(".family-part")).to_contain_text("Dibayar, siap diproses")
    assert "Rp" not in family_page.locator("main").inner_text()
    assert not family_page.evaluate(WIDER_THAN_WINDOW), "the tracking page scrolls sideways at 360 px"

    # The producer ships, then uploads the photo taken at the door (EXIF with GPS).
    producer = browser.new_context(viewport=PHONE, locale="id-ID")
    producer_page = producer.new_page()
    sign_in(producer_page, base, carica.user.email)
    part = order.seller_orders.get()
    producer_page.goto(base + part.get_absolute_url())
    expect(producer_page.locator("#family-delivery")).to_contain_text("Untuk Ibu, dari Hong Kong.")
    # The packing slip the producer prints for the parcel: who sent it, the message, no price.
    slip_link = producer_page.get_by_role("link", name="Cetak daftar isi paket (PDF)")
    slip = producer_page.request.get(base + slip_link.get_attribute("href"))
    assert slip.ok and slip.headers["content-type"] == "application/pdf"
    slip_text = " ".join(pdf_text(slip.body()).split())
    assert "Untuk Ibu, dari Hong Kong. Sehat selalu!" in slip_text
    assert "Sri" in slip_text and "Manisan Carica" in slip_text
    assert "Rp" not in slip_text
    # The buyer chose the courier at checkout: the portal asks only for its waybill.
    if producer_page.locator("#id_courier").count():
        producer_page.fill("#id_courier", "JNE")
    producer_page.fill("#id_tracking_number", "JNE0098765432")
    producer_page.get_by_role("button", name="Tandai sudah dikirim").click()
    photo = tmp_path / "depan-rumah.jpg"
    photo.write_bytes(jpeg_with_gps().read())
    with Image.open(photo) as original:
        assert original.getexif().get_ifd(0x8825)  # the phone's GPS position is in the file
    producer_page.set_input_files("#id_photo", str(photo))
    producer_page.get_by_role("button", name="Unggah foto dan tandai diterima").click()
    expect(producer_page.locator(".status")).to_contain_text("Diterima")

    # The family sees the courier, the resi and the photo; the sender sees the photo too.
    family_page.reload()
    expect(family_page.locator(".part-tracking")).to_contain_text("JNE0098765432")
    expect(family_page.locator(".delivery-photo img")).to_be_visible()
    page.reload()
    image = page.locator("#family-delivery .delivery-photo img")
    image.scroll_into_view_if_needed()  # loading="lazy": fetched once near the screen
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    served = page.request.get(base + image.get_attribute("src"))
    assert served.ok and served.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(served.body())) as shown:
        assert not shown.getexif()  # no camera, no GPS
    for opened in (context, family, producer):
        opened.close()
