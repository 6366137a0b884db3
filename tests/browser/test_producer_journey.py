"""Issue 4's journey on a phone-sized screen: apply, be approved by staff, list a product
with a photo, receive an order, ship it, see the earning."""

import re

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model
from PIL import Image
from playwright.sync_api import Page, expect

from fulfilment.models import SellerOrder
from fulfilment.services import seller_order_confirm_received
from sellers.models import SellerProfile
from tests.browser.regions import village_choose
from tests.factories import CategoryFactory, ProductClassFactory, UserFactory, VillageFactory
from tests.factories.orders import order_with_lines

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Product = get_model("catalogue", "Product")
PHONE = {"width": 360, "height": 740}


def log_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", password)
    page.locator("button[name=login_submit]").click()


def test_producer_applies_is_approved_lists_ships_and_earns(live_server, browser, tmp_path):
    base = live_server.url
    village = VillageFactory(name="Kenanga")
    ProductClassFactory(name="Kerajinan")
    CategoryFactory(name="Anyaman")
    staff = UserFactory(username="staf", email="staf@contoh.id", is_staff=True, is_superuser=True)

    producer = browser.new_context(viewport=PHONE, locale="id-ID")
    page = producer.new_page()
    page.goto(base + "/penjual/daftar/")
    page.fill("#id_full_name", "Warsini")
    page.fill("#id_email", "warsini@contoh.id")
    page.fill("#id_password", "Kerupuk-Enak-2026")
    page.fill("#id_name", "Anyaman Bu Warsini")
    page.fill("#id_whatsapp", "+6281310000001")
    village_choose(page, village)  # the selects fill in place from the region data (JavaScript)
    page.get_by_role("button", name="Kirim pendaftaran").click()
    expect(page.locator(".notice")).to_contain_text("sedang ditinjau")
    seller = SellerProfile.objects.get(name="Anyaman Bu Warsini")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling

    staff_context = browser.new_context()
    staff_page = staff_context.new_page()
    log_in(staff_page, base, staff.email, "rahasia-uji-123")
    staff_page.goto(base + f"/dashboard/produsen/{seller.pk}/")
    staff_page.locator("#seller-actions button.btn-success").first.click()
    seller.refresh_from_db()
    assert seller.status == SellerProfile.Status.APPROVED
    staff_context.close()

    page.goto(base + "/penjual/produk/baru/")
    page.get_by_role("link", name=re.compile("Kerajinan")).click()
    page.fill("#id_title", "Tas Anyaman Pandan")
    page.fill("#id_description", "Dianyam tangan.")
    page.select_option("#id_category", label="Anyaman")
    page.fill("#id_price", "95000")
    page.fill("#id_num_in_stock", "5")
    page.fill("#id_weight_grams", "600")
    page.get_by_role("button", name="Simpan").click()
    photo = tmp_path / "tas.jpg"
    Image.new("RGB", (1200, 900), (180, 140, 80)).save(photo, "JPEG")
    page.set_input_files("#id_photos", str(photo))
    page.get_by_role("button", name="Unggah").click()
    expect(page.locator(".photos img")).to_have_count(1)
    product = Product.objects.get(title="Tas Anyaman Pandan")
    assert product.is_public

    _, (seller_order,) = order_with_lines((product, 2))
    page.goto(base + "/penjual/pesanan/")
    page.get_by_role("link", name=seller_order.number).click()
    expect(page.locator("table.lines")).to_contain_text("Tas Anyaman Pandan")
    page.fill("#id_courier", "JNE")
    page.fill("#id_tracking_number", "JNE123456789")
    page.get_by_role("button", name="Tandai sudah dikirim").click()
    expect(page.locator(".status")).to_contain_text("Dikirim")

    seller_order_confirm_received(seller_order=SellerOrder.objects.get(pk=seller_order.pk))
    page.goto(base + "/penjual/pendapatan/")
    # 2 x Rp 95.000 received (so available), less the 5% program commission (Rp 9.500).
    expect(page.locator(".balance")).to_contain_text("Rp\xa0180.500")
    assert get_user_model().objects.filter(email="warsini@contoh.id").exists()
    producer.close()
