"""Checkout offers each producer the courier services that reach the buyer's kabupaten,
priced by the parcel's billed weight, cheapest preselected; the pick is what the order
charges and what the producer's part keeps."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.checkout.conftest import address_data, checkout_as_guest, fill_basket
from tests.factories import ProductFactory, RegencyFactory, SellerProfileFactory, VillageFactory
from tests.factories.shipping import courier_rate, courier_service

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


@pytest.fixture
def services(two_producers, buyer_village):
    """From the first producer's kabupaten: J&T to the buyer's kabupaten, SiCepat's province
    fallback and a cheaper kabupaten row, and routes that do not reach the buyer."""
    origin = two_producers[0].village.district.regency
    destination = buyer_village.district.regency
    province = destination.province
    jnt = courier_service("jnt", "ez")
    sicepat = courier_service("sicepat", "reg")
    pos = courier_service("pos", "kilat-khusus")
    courier_rate(
        service=jnt, origin=origin, province=province, regency=destination, first_kg=18000, days=(2, 4)
    )
    courier_rate(service=sicepat, origin=origin, province=province, first_kg=25000, days=(3, 5))
    courier_rate(
        service=sicepat, origin=origin, province=province, regency=destination, first_kg=15000, days=(1, 2)
    )
    neighbour = RegencyFactory(province=province)
    courier_rate(service=pos, origin=origin, province=province, regency=neighbour, first_kg=5000)
    courier_rate(service=pos, origin=origin, province=RegencyFactory().province, first_kg=4000)
    return {"jnt": jnt, "sicepat": sicepat, "pos": pos}


def _to_shipping_step(client, village):
    client.post(reverse("checkout:index"), {"username": "siti@contoh.id", "options": "anonymous"})
    assert client.post(reverse("checkout:shipping-address"), address_data(village)).status_code == 302
    return client.get(reverse("checkout:shipping-method"))


def _group(page: str, seller) -> str:
    return page.split(f'id="shipping-{seller.pk}"')[1].split("</fieldset>")[0]


def test_only_services_reaching_the_buyers_kabupaten_are_offered_by_billed_weight(
    client, products, two_producers, buyer_village, services
):
    first, second = two_producers
    # 3 × 500 g crackers + 100 g packaging = 1.6 kg: past the 300 g tolerance, 2 kg billed.
    fill_basket(client, (products[0], 3), (products[1], 1))
    page = _to_shipping_step(client, buyer_village).content.decode()
    mine = _group(page, first)
    assert re.findall(r'class="shipping-service">([^<]+)<', mine) == [
        "SiCepat REG",
        "J&amp;T Express EZ",
        "JNE REG",
    ]
    # The kabupaten row (Rp 15.000/kg) wins over SiCepat's province fallback (Rp 25.000/kg).
    assert "Rp\xa030.000" in mine and "Rp\xa036.000" in mine and "Rp\xa040.000" in mine
    assert "Rp\xa050.000" not in mine
    assert "POS" not in mine  # its rows reach a neighbouring kabupaten and another province
    assert "(2 kg)" in mine
    assert "tiba dalam 2–3 hari" in mine  # 1 day processing + SiCepat's 1–2 days
    # The other producer reaches the buyer only through the JNE fallback row, or pickup.
    theirs = _group(page, second)
    assert re.findall(r'class="shipping-service">([^<]+)<', theirs) == [
        "JNE REG",
        "Ambil sendiri: Balai desa Waled",
    ]


def test_the_cheapest_service_is_preselected_without_javascript(
    client, products, two_producers, buyer_village, services
):
    first, _second = two_producers
    fill_basket(client, (products[0], 3))
    page = _to_shipping_step(client, buyer_village).content.decode()
    cheapest = re.search(rf'<input[^>]*value="service-{services["sicepat"].pk}"[^>]*>', page).group(0)
    assert "checked" in cheapest
    dearer = re.search(rf'<input[^>]*value="service-{services["jnt"].pk}"[^>]*>', page).group(0)
    assert "checked" not in dearer


def test_the_order_charges_the_chosen_service_and_keeps_it_for_the_label(
    client, products, two_producers, buyer_village, services
):
    first, second = two_producers
    fill_basket(client, (products[0], 3), (products[1], 1))
    response = checkout_as_guest(
        client, buyer_village, shipping={str(first.pk): f"service-{services['jnt'].pk}"}
    )
    assert response.status_code == 302
    order = Order.objects.get()
    parts = {part.seller: part for part in order.seller_orders.all()}
    chosen = parts[first]
    assert chosen.courier_service == services["jnt"] and chosen.shipping_method == "J&T Express EZ"
    assert chosen.billed_weight_grams == 2000 and chosen.shipping_charge == Decimal("36000")
    # Nothing picked for the second producer: the cheapest, JNE REG, 1 kg.
    assert parts[second].shipping_charge == Decimal("20000") and parts[second].billed_weight_grams == 1000
    assert order.shipping_incl_tax == Decimal("56000")
    assert order.total_incl_tax == Decimal("75000") + Decimal("125000") + Decimal("56000")


def test_the_preview_totals_use_the_chosen_service(client, products, two_producers, buyer_village, services):
    first, _second = two_producers
    fill_basket(client, (products[0], 3))
    from tests.checkout.conftest import checkout_to_preview

    checkout_to_preview(client, buyer_village, shipping={str(first.pk): f"service-{services['jnt'].pk}"})
    page = client.get(reverse("checkout:preview")).content.decode()
    assert "J&amp;T Express EZ (2 kg)" in page
    assert "Rp\xa0111.000" in page  # 75.000 + 36.000


def test_a_producer_no_courier_reaches_is_explained_and_the_order_refused(client, buyer_village):
    far = SellerProfileFactory(name="Tenun Noepesu", village=VillageFactory())
    product = ProductFactory(seller=far, title="Selendang Tenun Ikat")
    fill_basket(client, (product, 1))
    page = _to_shipping_step(client, buyer_village).content.decode()
    assert "Belum ada kurir dari Tenun Noepesu ke kabupaten Anda" in page
    response = client.post(reverse("checkout:shipping-method"), {})
    assert response.status_code == 400
    assert "Belum ada kurir dari Tenun Noepesu" in response.content.decode()
    # Straight on to the preview: sent back to the delivery step, no order possible.
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    assert client.get(reverse("checkout:preview"))["Location"] == reverse("checkout:shipping-method")
    assert not Order.objects.exists()


def test_a_producer_delivers_locally_only_when_they_offer_it(client, buyer_village):
    courier_service("antar-sendiri", "lokal", kind="own")
    seller = SellerProfileFactory(
        name="Bakso Kenanga", village=VillageFactory(district=buyer_village.district)
    )
    regency = buyer_village.district.regency
    own = courier_service("antar-sendiri", "lokal")
    courier_rate(
        service=own, origin=regency, province=regency.province, regency=regency, first_kg=8000, days=(0, 1)
    )
    fill_basket(client, (ProductFactory(seller=seller), 1))
    page = _to_shipping_step(client, buyer_village).content.decode()
    assert "Belum ada kurir dari Bakso Kenanga" in page
    seller.offers_local_delivery = True
    seller.save()
    page = client.get(reverse("checkout:shipping-method")).content.decode()
    assert "Rp\xa08.000" in page
