"""A review is marked "Pembeli terverifikasi" when its writer ordered the product: the
selector checks the reviewers' orders, and the product page shows the mark on their reviews
only."""

import pytest
from oscar.core.loading import get_model

from catalog.selectors import reviewers_who_bought
from tests.factories import ProductFactory, UserFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db

ProductReview = get_model("reviews", "ProductReview")
MARK = "Pembeli terverifikasi"


def _review(product, user, title):
    return ProductReview.objects.create(
        product=product, user=user, title=title, score=4, body="Enak.", status=ProductReview.APPROVED
    )


@pytest.fixture
def buyers(product):
    bought, browsed, other_product_buyer = (
        UserFactory(username="beli", email="beli@contoh.id"),
        UserFactory(username="lihat", email="lihat@contoh.id"),
        UserFactory(username="lain", email="lain@contoh.id"),
    )
    order_with_lines((product, 1), user=bought, email=bought.email)
    order_with_lines(
        (ProductFactory(seller=product.stockrecords.get().partner.seller_profile), 1),
        user=other_product_buyer,
    )
    return bought, browsed, other_product_buyer


def test_only_reviewers_who_ordered_the_product_are_verified(product, buyers):
    bought, browsed, other_product_buyer = buyers
    ids = [bought.pk, browsed.pk, other_product_buyer.pk, None]
    assert reviewers_who_bought(product=product, user_ids=ids) == {bought.pk}
    assert reviewers_who_bought(product=product, user_ids=[]) == set()


def test_product_page_marks_the_verified_buyers_review(
    client, product, buyers, django_capture_on_commit_callbacks
):
    bought, browsed, _ = buyers
    with django_capture_on_commit_callbacks(execute=True):
        _review(product, bought, "Sudah saya coba")
        _review(product, browsed, "Kelihatannya enak")
    html = client.get(product.get_absolute_url()).content.decode()
    reviews = html[html.index('id="reviews"') :].split("<li>")[1:]
    by_title = {
        title: next(part for part in reviews if title in part)
        for title in ("Sudah saya coba", "Kelihatannya enak")
    }
    assert MARK in by_title["Sudah saya coba"]
    assert MARK not in by_title["Kelihatannya enak"]
