"""The basket page does not promise free delivery (issue #14): delivery is charged per producer
at checkout, so the basket says so instead of Oscar's "Gratis pengiriman Rp 0" line and an
order total built on it."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_basket_says_shipping_is_computed_at_checkout(client, product):
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2})

    response = client.get(reverse("basket:summary"))

    totals = re.search(r'<div id="basket_totals">(.*?)</div>', response.content.decode(), re.S).group(1)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", totals))
    assert "Ongkos kirim dihitung saat checkout" in text
    assert "Gratis" not in text
    assert not re.search(r"Rp\s0\b", text)  # no Rp 0 delivery line
    assert "Total keranjang Rp 50.000" in text  # the goods, 2 × Rp 25.000 (spaces normalised)
    assert "Total pesanan" not in text  # no order total pretending to include delivery
