"""Each courier keeps its public tracking page as data; the buyer's order pages link to it
for the parcel's waybill, and staff mark a parcel arrived from the order dashboard."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from checkout.views import order_status_url
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from shipping.models import Courier
from tests.factories.shipping import courier_service
from tests.fulfilment.conftest import kerupuk_part, paid_order  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_the_five_couriers_tracking_pages():
    # The seed itself, run on couriers without a page: a transactional test run before
    # flushes the migration's rows.
    for code in ("jne", "jnt", "sicepat", "pos", "anteraja"):
        courier_service(code)
    Courier.objects.update(tracking_url="")
    Courier.objects.filter(code="pos").update(tracking_url="https://lacak.example/{resi}")

    import_module("shipping.migrations.0008_courier_tracking_pages").seed(django_apps, None)

    pages = dict(Courier.objects.filter(kind=Courier.Kind.COURIER).values_list("code", "tracking_url"))
    assert pages == {
        "jne": "https://www.jne.co.id/tracking-package",
        "jnt": "https://jet.co.id/track",
        "sicepat": "https://www.sicepat.com/checkAwb/{resi}",
        "pos": "https://lacak.example/{resi}",  # set by staff: kept
        "anteraja": "https://anteraja.id/tracking/{resi}",
    }
    jne = Courier.objects.get(code="jne")
    assert (jne.waybill_min_length, jne.waybill_max_length) == (10, 18)


def test_the_waybill_goes_into_the_page_address_escaped():
    courier = Courier(code="x", name="X", tracking_url="https://kurir.example/lacak/{resi}?asal=pasar")

    assert courier.tracking_link("AB12/34") == "https://kurir.example/lacak/AB12%2F34?asal=pasar"
    assert Courier(code="y", name="Y").tracking_link("AB1234") == ""


def test_staff_cannot_save_a_page_address_with_another_placeholder():
    courier = Courier(code="x", name="X", tracking_url="https://kurir.example/lacak/{awb}")

    with pytest.raises(ValidationError) as error:
        courier.clean()
    assert "tracking_url" in error.value.error_dict


def test_the_buyers_order_page_links_to_the_couriers_tracking_page(client, kerupuk_part):  # noqa: F811
    Courier.objects.filter(code="jne").update(tracking_url="https://www.jne.co.id/tracking/{resi}")
    fulfilment_services.seller_order_hand_over(seller_order=kerupuk_part, tracking_number="CGK1A2345678901")

    page = client.get(order_status_url(kerupuk_part.order)).content.decode()

    assert 'href="https://www.jne.co.id/tracking/CGK1A2345678901"' in page
    assert "Lacak paket di situs JNE" in page


def test_a_page_without_the_number_asks_the_buyer_to_paste_it(client, kerupuk_part):  # noqa: F811
    fulfilment_services.seller_order_hand_over(seller_order=kerupuk_part, tracking_number="CGK1A2345678901")

    page = client.get(order_status_url(kerupuk_part.order)).content.decode()

    assert 'href="https://www.jne.co.id/tracking-package"' in page
    assert "tempel nomor resi" in page


def test_staff_mark_a_shipped_parcel_arrived_from_the_order_page(staff_client, staff_user, kerupuk_part):  # noqa: F811
    fulfilment_services.seller_order_hand_over(seller_order=kerupuk_part, tracking_number="CGK1A2345678901")
    order_page = reverse("dashboard:order-detail", kwargs={"number": kerupuk_part.order.number})
    deliver = reverse("sellers-dashboard:seller-order-deliver", args=[kerupuk_part.pk])
    assert deliver in staff_client.get(order_page).content.decode()

    response = staff_client.post(deliver)

    assert response.status_code == 302 and response["Location"] == order_page
    kerupuk_part.refresh_from_db()
    assert kerupuk_part.status == SellerOrder.Status.DELIVERED
    event = kerupuk_part.events.last()
    assert (event.old_status, event.new_status, event.by) == ("shipped", "delivered", staff_user)


def test_the_deliver_button_is_for_staff_only(client, kerupuk_part):  # noqa: F811
    client.force_login(kerupuk_part.seller.user)

    response = client.post(reverse("sellers-dashboard:seller-order-deliver", args=[kerupuk_part.pk]))

    assert response.status_code in (302, 403)
    kerupuk_part.refresh_from_db()
    assert kerupuk_part.status == SellerOrder.Status.PAID
