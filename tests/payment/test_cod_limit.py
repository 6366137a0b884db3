"""The COD abuse limit: two COD parcels cancelled or refused within 60 days, by one account
or one phone number, and COD is not offered for COD_BLOCK_DAYS; staff see who and why, and
lift it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from payment.models import CodStrike
from payment.selectors import cod_block_for
from tests.factories import UserFactory
from tests.payment.test_cash_on_delivery import (
    PAYMENT_PAGE,
    _cod,
    _parts,
    _producer,
    _ship,
    _to_payment_step,
    place_cod_order,
)

pytestmark = pytest.mark.django_db

PHONE = "+6281298765432"


def _refuse_both(client, products, village, **buyer):
    payment = place_cod_order(client, products, village, **buyer)
    for part in _parts(payment):
        producer = _producer(part.seller)
        _ship(producer, part)
        _cod(producer, part, action="refused", restock="on", note="Tidak dibayar")
    return payment


def _age(days: int, *strikes) -> None:
    for strike in strikes:
        CodStrike.objects.filter(pk=strike.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_two_refused_parcels_block_cod_for_the_phone_number_even_as_another_guest(
    client,
    products,
    buyer_village,
    cod_producers,
):
    _refuse_both(client, products, buyer_village)
    block = cod_block_for(phone=PHONE)
    assert block is not None and len(block.strikes) == 2

    other = Client()
    _to_payment_step(other, products, buyer_village, email="lain@contoh.id", phone="+62 812-9876-5432")
    page = other.get(PAYMENT_PAGE).content.decode()
    assert 'value="cod"' not in page
    assert "tidak tersedia untuk akun atau nomor telepon ini sampai" in page
    # ... and placing the order by COD anyway is refused by the order itself.
    other.post(PAYMENT_PAGE, {"method": "bank_transfer"})
    session = other.session
    session["checkout_data"]["payment"] = {"method": "cod"}
    session.save()
    response = other.post(reverse("checkout:preview"), follow=True)
    assert "tidak tersedia untuk akun atau nomor telepon ini" in response.content.decode()
    # Another phone number still has COD.
    third = Client()
    _to_payment_step(third, products, buyer_village, email="baru@contoh.id", phone="+6281311112222")
    assert 'value="cod"' in third.get(PAYMENT_PAGE).content.decode()


def test_the_account_is_blocked_whatever_phone_it_gives_next(
    client,
    products,
    buyer_village,
    cod_producers,
):
    buyer = UserFactory(email="rina@contoh.id")
    client.force_login(buyer)
    _refuse_both(client, products, buyer_village, email="rina@contoh.id")
    assert set(CodStrike.objects.values_list("user", flat=True)) == {buyer.pk}
    assert cod_block_for(user=buyer, phone="+6281399990000") is not None


def test_strikes_further_apart_than_the_window_or_old_enough_do_not_block(
    client,
    products,
    buyer_village,
    cod_producers,
    settings,
):
    _refuse_both(client, products, buyer_village)
    first, second = CodStrike.objects.order_by("pk")
    _age(61, first)
    assert cod_block_for(phone=PHONE) is None  # 61 days apart
    _age(settings.COD_BLOCK_DAYS + 1, first, second)
    assert cod_block_for(phone=PHONE) is None  # blocked once, for COD_BLOCK_DAYS, now over
    _age(settings.COD_BLOCK_DAYS - 1, first, second)
    block = cod_block_for(phone=PHONE)
    assert block is not None and block.until < timezone.now() + timedelta(days=2)


def test_staff_see_who_is_blocked_and_why_and_lift_it(
    client,
    products,
    buyer_village,
    cod_producers,
):
    payment = _refuse_both(client, products, buyer_village)
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    page = staff.get("/dashboard/cod-diblokir/").content.decode()
    assert PHONE in page and payment.order.number in page
    assert "Paket ditolak / tidak dibayar" in page and "Tidak dibayar" in page
    assert 'data-kind="phone"' in page
    # A reason is required.
    staff.post("/dashboard/cod-diblokir/", {"kind": "phone", "key": PHONE, "reason": ""})
    assert cod_block_for(phone=PHONE) is not None
    response = staff.post(
        "/dashboard/cod-diblokir/",
        {"kind": "phone", "key": PHONE, "reason": "Kurir salah alamat"},
        follow=True,
    )
    assert 'id="no-cod-blocks"' in response.content.decode()
    assert cod_block_for(phone=PHONE) is None
    lifted = CodStrike.objects.first()
    assert lifted.lifted_by is not None and lifted.lift_reason == "Kurir salah alamat"
    # Not for everyone: a shopper's account is refused.
    shopper = Client()
    shopper.force_login(UserFactory())
    assert shopper.get("/dashboard/cod-diblokir/").status_code == 403
