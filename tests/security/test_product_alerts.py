"""Oscar's stock alerts (storefront.alerts): their links lead only into the shop, they exist
only for products the shop lists, and one address cannot make the shop send e-mails at will."""

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from sellers.models import SellerProfile
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

ProductAlert = get_model("customer", "ProductAlert")


@pytest.fixture
def sold_out(seller):
    return ProductFactory(seller=seller, title="Sirup Mangga", num_in_stock=0)


def _alert_create(client, product, email, address="203.0.113.5"):
    return client.post(
        reverse("customer:alert-create", args=[product.pk]), {"email": email}, REMOTE_ADDR=address
    )


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/login",
        "//evil.example/login",
        "/\\evil.example/login",
        "https:///evil.example/login",
        "javascript:alert(1)",
    ],
)
def test_cancel_link_with_a_foreign_next_leads_back_to_the_shop(client, sold_out, target):
    buyer = UserFactory()
    alert = ProductAlert.objects.create(user=buyer, product=sold_out, status=ProductAlert.ACTIVE)
    client.force_login(buyer)

    response = client.get(reverse("customer:alerts-cancel-by-pk", args=[alert.pk]), {"next": target})

    assert response.status_code == 302
    assert response["Location"] == sold_out.get_absolute_url()
    alert.refresh_from_db()
    assert alert.status == ProductAlert.CANCELLED


def test_cancel_by_key_with_a_foreign_next_leads_back_to_the_shop(client, sold_out):
    alert = ProductAlert.objects.create(email="pembeli@contoh.id", product=sold_out)

    response = client.get(
        reverse("customer:alerts-cancel-by-key", args=[alert.key]), {"next": "https://evil.example/"}
    )

    assert response["Location"] == sold_out.get_absolute_url()


def test_cancel_link_still_follows_a_next_inside_the_shop(client, sold_out):
    buyer = UserFactory()
    alert = ProductAlert.objects.create(user=buyer, product=sold_out, status=ProductAlert.ACTIVE)
    client.force_login(buyer)

    response = client.get(
        reverse("customer:alerts-cancel-by-pk", args=[alert.pk]), {"next": reverse("customer:alerts-list")}
    )

    assert response["Location"] == reverse("customer:alerts-list")


def test_alert_for_a_listed_product_is_created_and_confirmed_by_mail(client, sold_out):
    response = _alert_create(client, sold_out, "pembeli@contoh.id")

    assert response.status_code == 302
    assert ProductAlert.objects.filter(product=sold_out, email="pembeli@contoh.id").exists()
    assert [message.to for message in mail.outbox] == [["pembeli@contoh.id"]]


@pytest.mark.parametrize("hidden", ["draft", "suspended_producer"])
def test_alert_for_a_product_the_shop_does_not_list_is_refused(client, hidden):
    if hidden == "draft":
        product = ProductFactory(is_public=False, num_in_stock=0)
        assert client.get(product.get_absolute_url()).status_code == 404
    else:
        suspended = SellerProfileFactory(status=SellerProfile.Status.SUSPENDED)
        product = ProductFactory(seller=suspended, num_in_stock=0)

    response = _alert_create(client, product, "korban@contoh.id")

    assert response.status_code == 404
    assert client.get(reverse("customer:alert-create", args=[product.pk])).status_code == 404
    assert not ProductAlert.objects.exists()
    assert mail.outbox == []


def test_eleventh_alert_from_one_address_in_an_hour_gets_429(client, sold_out, seller):
    others = [ProductFactory(seller=seller, num_in_stock=0) for _ in range(10)]

    # Oscar allows one unconfirmed alert per e-mail address, so a script varies them.
    statuses = [
        _alert_create(client, product, f"korban{n}@contoh.id").status_code for n, product in enumerate(others)
    ]
    limited = _alert_create(client, sold_out, "korban99@contoh.id")

    assert statuses == [302] * 10
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "Terlalu banyak permintaan" in limited.content.decode()
    assert len(mail.outbox) == 10
    # Another address is not held back.
    assert _alert_create(client, sold_out, "pembeli@contoh.id", address="198.51.100.1").status_code == 302


def test_alert_emails_show_markup_in_a_product_title_as_text(client, seller):
    # Oscar marks the title safe in its HTML e-mails; a seller writes it.
    product = ProductFactory(
        seller=seller, title='Sirup <a href="https://evil.example/">Konfirmasi</a>', num_in_stock=0
    )
    buyer = UserFactory(email="pembeli@contoh.id")
    ProductAlert.objects.create(user=buyer, product=product, status=ProductAlert.ACTIVE)

    _alert_create(client, product, "tamu@contoh.id")
    stockrecord = product.stockrecords.get()
    stockrecord.num_in_stock = 5
    stockrecord.save()  # back in stock: Oscar e-mails the active alerts

    assert sorted(message.to[0] for message in mail.outbox) == ["pembeli@contoh.id", "tamu@contoh.id"]
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert '<a href="https://evil.example/">' not in html
        assert "Sirup &lt;a href=" in html
