"""The family basket on payday: a family order made a monthly repeat, prepared by the
scheduler a few days before payday (products no longer sold left out, with a note), its
"Bayar dan kirim" link e-mailed, and paid through the normal checkout by card (localstripe)."""

import re
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from family import services
from family.models import FamilyBasket, FamilyRepeat
from payment.models import OrderPayment
from tests.family.conftest import order_page
from tests.payment.conftest import pay_with_test_card
from tests.payment.localstripe import localstripe, stripe_settings, wait_for  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def test_monthly_dates_fall_on_payday_after_today():
    assert services._monthly_date_after(25, date(2026, 12, 2)) == date(2026, 12, 25)
    assert services._monthly_date_after(25, date(2026, 12, 25)) == date(2027, 1, 25)
    assert services._monthly_date_after(1, date(2026, 12, 31)) == date(2027, 1, 1)


def test_the_buyer_makes_a_family_order_a_repeat_from_the_order_page(client, family_order):
    page = order_page(family_order)
    url = reverse("family:repeat-create", args=[family_order.number, page.rstrip("/").rsplit("/", 1)[1]])
    assert client.post(url, {"kind": "monthly", "day_of_month": "25"}).status_code == 302
    repeat = FamilyRepeat.objects.get()
    assert (repeat.kind, repeat.day_of_month, repeat.is_active) == ("monthly", 25, True)
    assert repeat.next_date.day == 25 and repeat.next_date > timezone.localdate()
    assert "berikutnya" in client.get(page).content.decode()

    # Once, before Lebaran, on a date in the past: refused with a message, nothing kept.
    response = client.post(url, {"kind": "lebaran", "on": "2020-03-30"}, follow=True)
    assert "Pilih tanggal setelah hari ini." in response.content.decode()
    assert FamilyRepeat.objects.count() == 1

    # Only the order's own secret link may: the family's tracking token is not it.
    wrong = reverse("family:repeat-create", args=[family_order.number, family_order.family_delivery.token])
    assert client.post(wrong, {"kind": "monthly", "day_of_month": "1"}).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_prepares_the_monthly_basket_paid_through_its_link(
    family_order,
    products,
    live_server,
    localstripe,  # noqa: F811 - the fixtures imported above
    stripe_settings,  # noqa: F811
    settings,
):
    localstripe.webhook_to(live_server.url + "/pembayaran/stripe/webhook/")
    settings.FAMILY_BASKET_DAYS_BEFORE = 3
    kerupuk, kerudung = products
    repeat = services.family_repeat_create(
        delivery=family_order.family_delivery, kind="monthly", day_of_month=25, today=date(2026, 12, 2)
    )
    assert repeat.next_date == date(2026, 12, 25)
    kerudung.is_public = False  # the producer withdrew it since
    kerudung.save()
    mail.outbox.clear()

    # Too early, then three days before payday: one basket, however often the job runs.
    assert services.family_baskets_prepare(now=_moment(date(2026, 12, 21))) == []
    prepared = services.family_baskets_prepare(now=_moment(date(2026, 12, 22)))
    assert services.family_baskets_prepare(now=_moment(date(2026, 12, 22))) == []
    assert [basket.for_date for basket in prepared] == [date(2026, 12, 25)]
    basket = FamilyBasket.objects.get()
    assert basket.items == [{"product": kerupuk.pk, "quantity": 2}]
    assert basket.skipped == ["Kerudung Bordir"]
    repeat.refresh_from_db()
    assert repeat.next_date == date(2027, 1, 25) and repeat.is_active

    # The buyer's e-mail: the link and the note of what was left out; no card is kept.
    notice = mail.outbox[-1]
    assert notice.to == ["sri@contoh.id"] and "Ibu Sumarni" in notice.subject
    assert "Kerudung Bordir" in notice.body
    link = re.search(r"http://\S+/kirim-rutin/bayar/\S+/", notice.body).group(0)
    path = urlsplit(link).path

    # "Bayar dan kirim": the prepared basket, then the normal checkout with the family's
    # address and gift prefilled.
    buyer = Client()
    page = buyer.get(path).content.decode()
    assert "Kerupuk Kulit Ikan" in page and "Kerudung Bordir" in page and "Ibu Sumarni" in page
    assert buyer.post(path).status_code == 302
    buyer.post(reverse("checkout:index"), {"username": "sri@contoh.id", "options": "anonymous"})
    step = buyer.get(reverse("checkout:shipping-address"))
    form, family_form = step.context["form"], step.context["family_form"]
    assert form.initial["name"] == "Ibu Sumarni" and family_form.initial["send_to_family"]
    address = {name: form[name].value() for name in form.fields}
    gift = {f"family-{name}": family_form[name].value() for name in family_form.fields}
    gift = {
        key: ("on" if value is True else value) for key, value in gift.items() if value not in (False, None)
    }
    assert buyer.post(reverse("checkout:shipping-address"), {**address, **gift}).status_code == 302
    choice = buyer.get(reverse("checkout:shipping-method")).context["form"].initial
    assert buyer.post(reverse("checkout:shipping-method"), dict(choice)).status_code == 302
    assert buyer.post(reverse("checkout:payment-method"), {"method": "stripe_card"}).status_code == 302
    assert buyer.post(reverse("checkout:preview")).status_code == 302

    basket.refresh_from_db()
    order = basket.order
    assert order is not None and order != family_order
    assert [(line.product, line.quantity) for line in order.lines.all()] == [(kerupuk, 2)]
    assert order.shipping_address.village == family_order.shipping_address.village
    delivery = order.family_delivery
    assert (delivery.sender_name, delivery.gift_message) == (
        "Sri (Hong Kong)",
        "Selamat ulang tahun, Bu. Semoga sehat selalu.",
    )

    # Paid by card now (nothing was stored to charge later), marked paid by Stripe's webhook.
    payment = order.payment
    buyer.get(order_page(order))
    pay_with_test_card(buyer, payment, "4242424242424242")
    wait_for(
        lambda: OrderPayment.objects.get(pk=payment.pk).status == OrderPayment.Status.SUCCEEDED,
        message="payment_intent.succeeded delivery",
    )

    # The link is spent: a second click finds no basket to pay.
    assert buyer.get(path).status_code == 404


def test_a_once_repeat_before_lebaran_is_prepared_once_and_the_command_reports(family_order, settings):
    settings.FAMILY_BASKET_DAYS_BEFORE = 5
    today = timezone.localdate()
    services.family_repeat_create(
        delivery=family_order.family_delivery, kind="lebaran", on=today + timedelta(days=4)
    )
    call_command("prepare_family_baskets")
    repeat = FamilyRepeat.objects.get()
    assert not repeat.is_active and FamilyBasket.objects.count() == 1
    call_command("prepare_family_baskets")
    assert FamilyBasket.objects.count() == 1


def test_a_tampered_or_stale_link_is_refused(client, family_order, settings):
    repeat = services.family_repeat_create(
        delivery=family_order.family_delivery, kind="monthly", day_of_month=3
    )
    basket = FamilyBasket.objects.create(repeat=repeat, for_date=repeat.next_date, items=[])
    path = urlsplit(services.family_basket_link(basket)).path
    assert client.get(path[:-3] + "xx/").status_code == 404
    settings.FAMILY_BASKET_LINK_DAYS = -1
    assert client.get(path).status_code == 404
    assert "Tautan tidak berlaku" in client.get(path).content.decode()
