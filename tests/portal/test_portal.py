"""The producer's journey through the portal, through real HTTP requests."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from fulfilment.models import SellerOrder
from fulfilment.services import seller_order_deliver
from ledger.models import LedgerEntry
from sellers.models import AuditLogEntry, SellerProfile
from tests.factories import (
    CategoryFactory,
    CooperativeFactory,
    ProductClassFactory,
    ProductFactory,
    SellerProfileFactory,
    UserFactory,
    VillageFactory,
)
from tests.factories.orders import order_with_lines
from tests.images import image_file, jpeg_with_gps

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


@pytest.fixture
def seller_client(client, seller):
    client.force_login(seller.user)
    return client


@pytest.fixture
def food_class():
    return ProductClassFactory(name="Makanan olahan", is_food=True)


@pytest.fixture
def leaf_category():
    return CategoryFactory(name="Kerupuk dan Keripik")


def _product_data(category, **overrides):
    data = {
        "title": "Kerupuk Kulit Ikan Balado",
        "description": "Renyah dan pedas.",
        "category": category.pk,
        "price": "27000",
        "num_in_stock": "12",
        "processing_days": "2",
        "weight_grams": "300",
        "net_weight_grams": "250",
        "pirt_number": "206321201012325",
        "is_public": "on",
    }
    data.update(overrides)
    return data


def test_visitor_applies_choosing_the_village_without_javascript(
    client, staff_user, django_capture_on_commit_callbacks
):
    village = VillageFactory(name="Kenanga")
    district, regency, province = (
        village.district,
        village.district.regency,
        village.district.regency.province,
    )
    url = reverse("sellers:apply")
    base = {
        "full_name": "Warsini",
        "email": "warsini@contoh.id",
        "password": "Kerupuk-Enak-2026",
        "name": "Dapur Bu Warsini",
        "enterprise_kind": "family",
        "whatsapp": "+6281310000001",
    }
    # Each "Pilih" press reveals the next level's choices, with no error shown yet.
    page = client.post(url, {**base, "province": province.pk, "_pilih_wilayah": "1"})
    assert page.status_code == 200
    assert str(regency) in page.content.decode()
    assert 'role="alert"' not in page.content.decode()
    page = client.post(url, {**base, "province": province.pk, "regency": regency.pk, "_pilih_wilayah": "1"})
    assert district.name in page.content.decode()
    page = client.post(
        url,
        {
            **base,
            "province": province.pk,
            "regency": regency.pk,
            "district": district.pk,
            "_pilih_wilayah": "1",
        },
    )
    assert "Kenanga" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                **base,
                "province": province.pk,
                "regency": regency.pk,
                "district": district.pk,
                "village": village.pk,
            },
        )
    assert response.status_code == 302
    seller = SellerProfile.objects.get(name="Dapur Bu Warsini")
    assert seller.status == SellerProfile.Status.APPLIED
    assert seller.village == village
    assert seller.user.email == "warsini@contoh.id"
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert client.get(reverse("sellers:portal")).status_code == 200  # logged in


def test_application_with_a_village_outside_the_chosen_district_is_refused(client):
    village = VillageFactory()
    other = VillageFactory()
    response = client.post(
        reverse("sellers:apply"),
        {
            "full_name": "Ani",
            "email": "ani@contoh.id",
            "password": "Kerupuk-Enak-2026",
            "name": "Usaha Ani",
            "enterprise_kind": "family",
            "whatsapp": "+6281310000009",
            "province": village.district.regency.province_id,
            "regency": village.district.regency_id,
            "district": village.district_id,
            "village": other.pk,
        },
    )
    assert response.status_code == 200
    assert not SellerProfile.objects.filter(name="Usaha Ani").exists()
    assert "Usaha Ani" in response.content.decode()  # what was typed is kept


def test_applied_seller_can_prepare_products_but_they_stay_hidden(client, food_class, leaf_category):
    seller = SellerProfileFactory(status=SellerProfile.Status.APPLIED)
    client.force_login(seller.user)
    url = reverse("sellers:portal-product-create") + f"?jenis={food_class.slug}"
    response = client.post(url, {**_product_data(leaf_category), "jenis": food_class.slug})
    assert response.status_code == 302
    product = Product.objects.get(title="Kerupuk Kulit Ikan Balado")
    assert not product.is_public
    listed = client.get(reverse("catalogue:index")).context["products"]
    assert product not in list(listed)


def test_food_product_needs_a_permit_number_to_be_published(seller_client, food_class, leaf_category):
    url = reverse("sellers:portal-product-create") + f"?jenis={food_class.slug}"
    response = seller_client.post(
        url, {**_product_data(leaf_category, pirt_number=""), "jenis": food_class.slug}
    )
    assert response.status_code == 400
    assert "P-IRT atau BPOM" in response.content.decode()
    assert not Product.objects.exists()

    response = seller_client.post(
        url, {**_product_data(leaf_category, pirt_number="12ab"), "jenis": food_class.slug}
    )
    assert response.status_code == 400
    assert not Product.objects.exists()


def test_approved_seller_lists_a_product_that_buyers_see_with_its_permit(
    seller_client, seller, food_class, leaf_category
):
    url = reverse("sellers:portal-product-create") + f"?jenis={food_class.slug}"
    response = seller_client.post(url, {**_product_data(leaf_category), "jenis": food_class.slug})
    product = Product.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sellers:portal-product-photos", args=[product.pk])
    stockrecord = product.stockrecords.get()
    assert (stockrecord.partner, stockrecord.price, stockrecord.num_in_stock) == (
        seller.partner,
        Decimal("27000"),
        12,
    )
    assert product.is_public and product.pirt_number == "206321201012325"
    assert product.title in seller_client.get(reverse("catalogue:index")).content.decode()
    assert AuditLogEntry.objects.filter(seller=seller, action="product_create", actor=seller.user).exists()


def test_seller_edits_hides_and_deletes_a_product(seller_client, seller, leaf_category):
    product = ProductFactory(seller=seller, title="Tas Anyaman")
    edit = reverse("sellers:portal-product-edit", args=[product.pk])
    assert seller_client.get(edit).status_code == 200
    data = _product_data(leaf_category, title="Tas Anyaman Pandan", price="99000", num_in_stock="3")
    data["stock_seen"] = product.stockrecords.get().num_in_stock  # the form's hidden field
    del data["pirt_number"]
    assert seller_client.post(edit, data).status_code == 302
    product.refresh_from_db()
    assert product.title == "Tas Anyaman Pandan"
    assert product.stockrecords.get().price == Decimal("99000")

    seller_client.post(reverse("sellers:portal-product-visibility", args=[product.pk]), {"is_public": "0"})
    product.refresh_from_db()
    assert not product.is_public

    seller_client.post(reverse("sellers:portal-product-delete", args=[product.pk]))
    assert not Product.objects.filter(pk=product.pk).exists()


def test_made_to_order_product_needs_no_stock_and_can_be_bought(seller_client, seller, leaf_category):
    kind = ProductClassFactory(name="Pakaian dan bordir")
    url = reverse("sellers:portal-product-create") + f"?jenis={kind.slug}"
    data = _product_data(leaf_category, title="Kerudung Bordir", num_in_stock="", made_to_order="on")
    data.pop("pirt_number")
    assert seller_client.post(url, {**data, "jenis": kind.slug}).status_code == 302
    product = Product.objects.get(title="Kerudung Bordir")
    assert product.stockrecords.get().num_in_stock is None
    page = seller_client.get(product.get_absolute_url()).content.decode()
    assert "Dibuat sesuai pesanan" in page


def test_stock_is_required_unless_made_to_order(seller_client, leaf_category):
    kind = ProductClassFactory(name="Kerajinan")
    url = reverse("sellers:portal-product-create") + f"?jenis={kind.slug}"
    data = _product_data(leaf_category, num_in_stock="")
    response = seller_client.post(url, {**data, "jenis": kind.slug})
    assert response.status_code == 400
    assert "stok" in response.content.decode()


def test_photo_upload_stores_cleaned_images_and_reports_refused_ones(seller_client, seller):
    product = ProductFactory(seller=seller)
    url = reverse("sellers:portal-product-photos", args=[product.pk])
    bad = image_file("GIF", name="anim.gif")
    response = seller_client.post(url, {"photos": [jpeg_with_gps(), image_file("PNG"), bad]})
    assert response.status_code == 400
    assert "anim.gif" in response.content.decode()
    images = list(product.images.order_by("display_order"))
    assert len(images) == 2
    with Image.open(images[0].original.path) as stored:
        assert max(stored.size) <= 1600
        assert len(stored.getexif()) == 0
    seller_client.post(reverse("sellers:portal-product-photo-delete", args=[product.pk, images[0].pk]))
    assert product.images.count() == 1


def test_seller_ships_their_part_and_is_credited_after_delivery(
    seller_client, seller, settings, django_capture_on_commit_callbacks
):
    settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.05")
    other = SellerProfileFactory()
    order, (mine, theirs) = order_with_lines(
        (ProductFactory(seller=seller, title="Sirup Mangga", price=35000), 2),
        (ProductFactory(seller=other, title="Bakso Ikan", price=45000), 1),
    )
    if mine.seller != seller:
        mine, theirs = theirs, mine
    page = seller_client.get(reverse("sellers:portal-order", args=[mine.number])).content.decode()
    assert "Sirup Mangga" in page and "Bakso Ikan" not in page
    assert "Jl. Melati No. 5" in page  # the address the producer needs to ship

    url = reverse("sellers:portal-order", args=[mine.number])
    seller_client.post(url, {"action": "pack"})
    mine.refresh_from_db()
    assert mine.status == SellerOrder.Status.PACKED

    response = seller_client.post(url, {"action": "ship", "courier": "JNE", "tracking_number": ""})
    assert response.status_code == 400
    mine.refresh_from_db()
    assert mine.status == SellerOrder.Status.PACKED

    with django_capture_on_commit_callbacks(execute=True):
        seller_client.post(url, {"action": "ship", "courier": "JNE", "tracking_number": "JNE0012345"})
    mine.refresh_from_db()
    assert (mine.status, mine.tracking_number) == (SellerOrder.Status.SHIPPED, "JNE0012345")
    notice = mail.outbox[-1]
    assert notice.to == ["pembeli@contoh.id"]
    assert "JNE0012345" in notice.body and "Bakso Ikan" not in notice.body
    assert notice.alternatives[0][1] == "text/html"
    theirs.refresh_from_db()
    assert theirs.status == SellerOrder.Status.PAID  # the other producer's part is untouched

    seller_order_deliver(seller_order=mine)
    seller_order_deliver(seller_order=mine)  # reported twice, credited once
    entries = LedgerEntry.objects.filter(seller=seller)
    assert sorted(entries.values_list("kind", "amount")) == [
        ("commission", Decimal("-3500.00")),
        ("sale", Decimal("70000.00")),
    ]
    earnings = seller_client.get(reverse("sellers:portal-earnings")).content.decode()
    assert "Rp\xa066.500" in earnings
    csv_text = seller_client.get(reverse("sellers:portal-earnings-csv")).content.decode()
    assert csv_text.splitlines()[-1].split(",")[3] == "66500"


def test_operator_acts_for_a_member_and_the_audit_log_says_so(client, leaf_category):
    operator = UserFactory(username="operator")
    cooperative = CooperativeFactory()
    cooperative.operators.add(operator)
    member = SellerProfileFactory(user=None, cooperative=cooperative, village=cooperative.village)
    client.force_login(operator)
    client.post(reverse("sellers:portal-act-as"), {"seller": member.pk})
    kind = ProductClassFactory(name="Kerajinan")
    data = _product_data(leaf_category, title="Besek Bambu")
    data.pop("pirt_number")
    client.post(
        reverse("sellers:portal-product-create") + f"?jenis={kind.slug}", {**data, "jenis": kind.slug}
    )
    product = Product.objects.get(title="Besek Bambu")
    assert product.stockrecords.get().partner == member.partner
    entry = AuditLogEntry.objects.get(action="product_create")
    assert (entry.actor, entry.seller, entry.on_behalf) == (operator, member, True)


def test_profile_shows_the_bank_account_masked_and_keeps_it_when_left_blank(seller_client, seller):
    seller.bank_account_number = "9876501234"
    seller.save()
    page = seller_client.get(reverse("sellers:portal-profile")).content.decode()
    assert "9876501234" not in page
    assert "••••••1234" in page
    response = seller_client.post(
        reverse("sellers:portal-profile"),
        {
            "name": seller.name,
            "story": "Baru",
            "whatsapp": seller.whatsapp,
            "bank_account_name": "Siti",
            "bank_name": "BRI",
            "bank_account_number": "",
        },
    )
    assert response.status_code == 302
    seller.refresh_from_db()
    assert (seller.bank_account_number, seller.story) == ("9876501234", "Baru")


def test_portal_pages_render_for_a_seller_with_data(seller_client, seller):
    product = ProductFactory(seller=seller)
    order_with_lines((product, 1))
    for name in (
        "sellers:portal",
        "sellers:portal-products",
        "sellers:portal-orders",
        "sellers:portal-earnings",
        "sellers:portal-profile",
        "sellers:portal-product-new",
    ):
        response = seller_client.get(reverse(name))
        assert response.status_code == 200, name
        assert len(response.content) < 40_000  # light pages for low-end phones


def test_a_product_needs_its_shipping_weight_and_keeps_its_dimensions(
    seller_client, food_class, leaf_category
):
    url = reverse("sellers:portal-product-create") + f"?jenis={food_class.slug}"
    data = {**_product_data(leaf_category), "jenis": food_class.slug}
    del data["weight_grams"]
    response = seller_client.post(url, data)
    assert response.status_code == 400
    assert "weight_grams" in response.context["form"].errors
    assert "Kerupuk Kulit Ikan Balado" in response.content.decode()  # nothing typed is lost
    response = seller_client.post(url, {**data, "weight_grams": "300", "length_cm": "30"})
    assert response.status_code == 400
    assert "Isi ketiganya" in response.content.decode()
    response = seller_client.post(
        url, {**data, "weight_grams": "300", "length_cm": "30", "width_cm": "20", "height_cm": "10"}
    )
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.weight_grams, product.length_cm, product.width_cm, product.height_cm) == (300, 30, 20, 10)


def test_the_producer_sets_the_packaging_weight_of_their_parcels(seller_client, seller):
    page = seller_client.get(reverse("sellers:portal-profile"))
    data = {
        name: value
        for name, value in page.context["form"].initial.items()
        if value is not None and name != "offers_local_delivery"
    }
    data.update(whatsapp=seller.whatsapp, packaging_grams="250")
    response = seller_client.post(reverse("sellers:portal-profile"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    seller.refresh_from_db()
    assert seller.packaging_grams == 250
