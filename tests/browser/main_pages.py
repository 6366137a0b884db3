"""A small shop with something on every main page, and the addresses of those pages: shared by
the phone-width test (tests/browser/test_phone_width.py) and the valid-HTML test
(tests/marketplace/test_valid_html.py)."""

from dataclasses import dataclass

from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import Locale
from wagtail.rich_text import RichText

from catalog import services as catalog_services
from cms.models import HomePage, StoryIndexPage, StoryPage
from complaints.services import complaint_offer, complaint_open
from demo.images import product_picture
from fulfilment.services import seller_order_deliver, seller_order_ship
from order.tokens import order_status_token
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory
from tests.factories.orders import order_with_lines

ProductReview = get_model("reviews", "ProductReview")

PASSWORD = "rahasia-uji-123"  # noqa: S105 - the factories' test password
# Long names, as producers write them: they must wrap, not push the page sideways.
TITLES = (
    "Kerupuk Kulit Ikan Tenggiri Original Renyah Gurih Khas Indramayu 250 g",
    "Sirup Mangga Gedong Gincu Asli Tanpa Pengawet 600 ml",
    "Kerudung Bordir Tangan Motif Kembang Waled",
    "Madu Hutan Timor 500 g",
    "Dodol Rumput Laut",
    "Tas Anyaman Pandan Warna Alam Ukuran Besar",
)


@dataclass
class Shop:
    seller: object
    product: object
    story: object
    buyer: object
    order: object
    complained: object  # a delivered part of the order with a complaint on it

    def public_pages(self) -> dict[str, str]:
        category = self.product.get_categories().first()
        return {
            "home": "/",
            "catalogue": reverse("catalogue:index"),
            "category": category.get_absolute_url(),
            "search": reverse("search:search") + "?q=kerupuk",
            "product": self.product.get_absolute_url(),
            "producer": self.seller.get_absolute_url(),
            "village": self.seller.village.get_absolute_url(),
            "story": self.story.url,
            "login": reverse("customer:login"),
        }

    def account_pages(self) -> dict[str, str]:
        order = self.complained.order
        return {
            "account orders": reverse("customer:order-list"),
            "account order": reverse("customer:order", kwargs={"order_number": self.order.number}),
            "complaint": reverse(
                "orders:complaint", args=[order.number, order_status_token(order), self.complained.number]
            ),
        }

    def portal_pages(self) -> dict[str, str]:
        return {
            "portal": reverse("sellers:portal"),
            "portal products": reverse("sellers:portal-products"),
            "portal orders": reverse("sellers:portal-orders"),
            "portal earnings": reverse("sellers:portal-earnings"),
            "portal complaints": reverse("sellers:portal-complaints"),
            "portal complaint": reverse("sellers:portal-complaint", args=[self.complained.number]),
        }


def shop_build() -> Shop:
    """Products with photos, a story, a buyer who ordered and reviewed, a producer's orders."""
    seller = SellerProfileFactory(name="Dapur Bu Warsini Kelompok Usaha Bersama Perempuan")
    products = [
        ProductFactory(seller=seller, title=title, price=25000 + number * 5000)
        for number, title in enumerate(TITLES)
    ]
    for product in products[:3]:
        catalog_services.product_image_add(
            product=product,
            filename="foto.jpg",
            content=product_picture(product.title, "food", size=400),
            caption=product.title,
        )
    product = products[0]
    buyer = UserFactory(username="pembeli", email="pembeli@contoh.id")
    order, (part,) = order_with_lines((product, 2), (products[1], 1), user=buyer, email=buyer.email)
    part = seller_order_ship(seller_order=part, courier="JNE", tracking_number="JNE0000000001")
    part = seller_order_deliver(seller_order=part)
    complaint = complaint_open(seller_order=part, reason="damaged", description="Satu toples retak di jalan.")
    complaint_offer(
        complaint=complaint, offer="partial_refund", amount=10000, note="Maaf, kami kembalikan sebagian."
    )
    ProductReview.objects.create(
        product=product,
        user=buyer,
        title="Renyah sekali",
        score=5,
        body="Sampai dengan rapi, rasanya gurih.",
        status=ProductReview.APPROVED,
    )
    home = HomePage.objects.get(locale=Locale.get_default())
    index = StoryIndexPage(title="Cerita dari desa", slug="cerita", intro="Kisah dari desa.")
    home.add_child(instance=index)
    index.save_revision().publish()
    story = StoryPage(
        title="Dari kulit ikan sisa menjadi kerupuk yang dikirim sampai Jakarta",
        slug="kerupuk-bu-warsini",
        intro="Setiap Sabtu ibu-ibu kelompok menggoreng kerupuk untuk pembeli dari kota.",
        body=[("paragraph", RichText("<p>Setiap Sabtu kami menggoreng.</p>"))],
    )
    story.producers = [seller]
    story.products = [product]
    story.villages = [seller.village]
    index.add_child(instance=story)
    story.save_revision().publish()
    story.refresh_from_db()
    return Shop(seller=seller, product=product, story=story, buyer=buyer, order=order, complained=part)
