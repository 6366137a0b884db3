"""manage.py personal_data: one person's data exported, or erased with the books kept."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from oscar.core.loading import get_model

from ledger.models import LedgerEntry
from privacy.services import personal_data_erase, personal_data_export
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db

UserAddress = get_model("address", "UserAddress")
Order = get_model("order", "Order")
Country = get_model("address", "Country")


@pytest.fixture
def buyer(db):
    user = UserFactory(username="ani", email="ani@contoh.id", first_name="Ani", last_name="Lestari")
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="ID", defaults={"name": "Indonesia", "printable_name": "Indonesia"}
    )
    UserAddress.objects.create(
        user=user,
        first_name="Ani",
        line1="Jl. Mawar 9",
        line4="Cirebon",
        country=country,
        phone_number="+628111",
    )
    return user


@pytest.fixture
def orders(buyer, product):
    own, _ = order_with_lines((product, 2), user=buyer, email="")
    as_guest, _ = order_with_lines((product, 1), email="Ani@Contoh.id")
    someone_else, _ = order_with_lines((product, 1), email="budi@contoh.id")
    return own, as_guest, someone_else


def test_export_holds_the_account_addresses_and_orders(buyer, orders):
    data = personal_data_export(email="ANI@contoh.id")

    (account,) = data["accounts"]
    assert account["account"]["email"] == "ani@contoh.id"
    assert account["address_book"][0]["line1"] == "Jl. Mawar 9"
    numbers = {order["number"] for order in data["orders"]}
    assert numbers == {str(orders[0].number), str(orders[1].number)}
    assert data["orders"][0]["shipping_address"]["phone_number"] == "+6281298765432"


def test_export_includes_a_producers_whatsapp_and_bank_account(db):
    seller = SellerProfileFactory(
        user=UserFactory(email="warsini@contoh.id"),
        whatsapp="+6281234500011",
        bank_account_number="0123456789",
    )
    (account,) = personal_data_export(email="warsini@contoh.id")["accounts"]
    assert account["seller_profile"]["whatsapp"] == "+6281234500011"
    assert account["seller_profile"]["bank_account_number"] == "0123456789"
    assert account["seller_profile"]["name"] == seller.name


def test_command_writes_the_export_as_json(buyer, orders, tmp_path, capsys):
    target = tmp_path / "ani.json"
    call_command("personal_data", "--email", "ani@contoh.id", "--export", str(target))

    data = json.loads(target.read_text())
    assert data["accounts"][0]["account"]["username"] == "ani"
    assert len(data["orders"]) == 2
    assert "2 order(s)" in capsys.readouterr().out


def test_erase_blanks_personal_details_and_keeps_the_amounts(buyer, orders):
    own, as_guest, someone_else = orders
    totals = {order.pk: order.total_incl_tax for order in orders}

    report = personal_data_erase(email="ani@contoh.id")

    for order in (own, as_guest):
        order = Order.objects.select_related("shipping_address").get(pk=order.pk)
        assert order.total_incl_tax == totals[order.pk]
        assert order.number
        assert order.user is None
        assert order.guest_email == ""
        address = order.shipping_address
        assert (address.first_name, address.last_name, address.line1, address.postcode) == ("", "", "", "")
        assert str(address.phone_number or "") == ""
        assert address.line4 == "Indramayu"  # the town stays for regional reports
    assert not UserAddress.objects.filter(line1="Jl. Mawar 9").exists()

    buyer.refresh_from_db()
    assert buyer.username == f"deleted-{buyer.pk}"
    assert (buyer.email, buyer.first_name, buyer.last_name) == ("", "", "")
    assert not buyer.is_active
    assert not buyer.has_usable_password()
    assert report.counts["orders anonymised (numbers and amounts kept)"] == 2

    # Somebody else's order is untouched.
    someone_else.refresh_from_db()
    assert someone_else.guest_email == "budi@contoh.id"
    assert someone_else.shipping_address.first_name == "Siti"


def test_erasing_a_producer_keeps_the_ledger_and_suspends_the_shop(db):
    seller = SellerProfileFactory(
        user=UserFactory(email="warsini@contoh.id"),
        whatsapp="+6281234500011",
        bank_name="BRI",
        bank_account_name="Warsini",
        bank_account_number="0123456789",
    )
    order_with_lines((ProductFactory(seller=seller, price=30000), 1))
    ledger = list(LedgerEntry.objects.filter(seller=seller).values_list("kind", "amount"))

    personal_data_erase(email="warsini@contoh.id")

    seller.refresh_from_db()
    assert (seller.whatsapp, seller.bank_name, seller.bank_account_name, seller.bank_account_number) == (
        "",
        "",
        "",
        "",
    )
    assert seller.status == seller.Status.SUSPENDED
    assert list(LedgerEntry.objects.filter(seller=seller).values_list("kind", "amount")) == ledger
    assert sum((amount for _kind, amount in ledger), Decimal("0")) == sum(
        LedgerEntry.objects.filter(seller=seller).values_list("amount", flat=True), Decimal("0")
    )


def test_erased_person_can_no_longer_sign_in(client, buyer, orders):
    personal_data_erase(email="ani@contoh.id")
    response = client.post(
        "/accounts/login/",
        {"login-username": "ani@contoh.id", "login-password": "rahasia-uji-123", "login_submit": "1"},
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_command_deletes_and_prints_what_it_did(buyer, orders, capsys):
    call_command("personal_data", "--email", "ani@contoh.id", "--delete")
    out = capsys.readouterr().out
    assert "orders anonymised (numbers and amounts kept): 2" in out
    assert "accounts anonymised and deactivated: 1" in out
    assert not get_user_model().objects.filter(email="ani@contoh.id").exists()


def test_command_says_so_when_nobody_matches(db):
    with pytest.raises(CommandError, match="No account or order"):
        call_command("personal_data", "--email", "tidak-ada@contoh.id", "--delete")
    with pytest.raises(CommandError, match="No account or order"):
        call_command("personal_data", "--email", "tidak-ada@contoh.id", "--export", "-")
