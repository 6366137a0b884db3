"""Reviews, wish lists and stock alerts, as Oscar provides them, working in our shop."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

ProductReview = get_model("reviews", "ProductReview")
WishList = get_model("wishlists", "WishList")
ProductAlert = get_model("customer", "ProductAlert")


@pytest.fixture
def buyer_client(client):
    client.force_login(UserFactory(username="pembeli"))
    return client


def test_buyer_reviews_a_product(buyer_client, product):
    url = reverse("catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk})
    response = buyer_client.post(url, {"title": "Renyah sekali", "score": 5, "body": "Enak dan gurih."})
    assert response.status_code == 302
    review = ProductReview.objects.get(product=product)
    assert (review.title, review.score) == ("Renyah sekali", 5)


def test_buyer_adds_a_product_to_a_wish_list(buyer_client, product):
    response = buyer_client.post(reverse("customer:wishlists-add-product", kwargs={"product_pk": product.pk}))
    assert response.status_code == 302
    assert WishList.objects.get().lines.get().product == product
    assert product.title in buyer_client.get(reverse("customer:wishlists-list")).content.decode()


def test_buyer_asks_for_a_stock_alert_when_sold_out(buyer_client, seller):
    sold_out = ProductFactory(seller=seller, title="Madu Hutan Timor", num_in_stock=0)
    page = buyer_client.get(sold_out.get_absolute_url()).content.decode()
    assert reverse("customer:alert-create", kwargs={"pk": sold_out.pk}) in page
    response = buyer_client.post(reverse("customer:alert-create", kwargs={"pk": sold_out.pk}))
    assert response.status_code == 302
    assert ProductAlert.objects.get().product == sold_out


def test_listing_shows_stars_only_for_rated_products(client, seller, django_capture_on_commit_callbacks):
    rated = ProductFactory(seller=seller, title="Sirup Mangga Gedong Gincu")
    unrated = ProductFactory(seller=seller, title="Bakso Ikan Tenggiri")
    with django_capture_on_commit_callbacks(execute=True):
        ProductReview.objects.create(
            product=rated, title="Segar", score=4, body="Manis dan harum.", status=ProductReview.APPROVED
        )
    rated.refresh_from_db()
    assert rated.rating == 4
    html = client.get(reverse("catalogue:index")).content.decode()
    pods = html.split('<article class="product_pod">')[1:]
    cards = {
        title: next(pod for pod in pods if f'title="{title}"' in pod)
        for title in (rated.title, unrated.title)
    }
    assert 'class="star-rating Four"' in cards[rated.title]
    assert "star-rating" not in cards[unrated.title]
