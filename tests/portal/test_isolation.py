"""Isolation matrix of the seller portal (issue 4, "Isolation").

Seller A must never see or change seller B's products, photos, order lines or ledger,
whatever URL, method or guessed id is tried; a suspended seller cannot write; a
cooperative operator acts only for its own members; visitors without a seller profile
are sent to log in or to apply. Every refused request leaves the database as it was.
"""

import csv
import io
import os
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from catalog.services import product_image_add
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from ledger.models import LedgerEntry
from ledger.services import ledger_hold_sale
from portal import urls as seller_urls
from portal.access import SESSION_KEY
from sellers.models import AuditLogEntry, SellerProfile
from sellers.services import seller_approve, seller_suspend
from staff import urls as dashboard_urls
from tests.factories import (
    CategoryFactory,
    CooperativeFactory,
    ProductClassFactory,
    ProductFactory,
    SellerProfileFactory,
    UserFactory,
)
from tests.factories.orders import order_with_lines

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")
Line = get_model("order", "Line")

LOGIN_URL = "/accounts/login/"
B_ONLY_STREET = "Jl. Rahasia Budi No. 77"


# --- Helpers -----------------------------------------------------------------


def _jpeg_bytes(colour=(200, 120, 40), size=(320, 240)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _jpeg_upload(name="foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _jpeg_bytes(), content_type="image/jpeg")


def _media_files() -> set[str]:
    root = settings.MEDIA_ROOT
    found = set()
    for folder, _dirs, files in os.walk(root):
        relative = os.path.relpath(folder, root)
        if relative.split(os.sep)[0] == "cache":  # thumbnails rendered for pages, not uploads
            continue
        found.update(os.path.join(relative, name) for name in files)
    return found


def _db_state():
    """Everything a portal action could change, for every seller at once."""
    return {
        "products": list(
            Product.objects.order_by("pk").values_list(
                "pk", "title", "description", "is_public", "date_updated"
            )
        ),
        "stockrecords": list(
            StockRecord.objects.order_by("pk").values_list(
                "pk", "product_id", "partner_id", "price", "num_in_stock"
            )
        ),
        "categories": list(
            ProductCategory.objects.order_by("pk").values_list("pk", "product_id", "category_id")
        ),
        "images": list(
            ProductImage.objects.order_by("pk").values_list("pk", "product_id", "original", "display_order")
        ),
        "files": _media_files(),
        "seller_orders": list(
            SellerOrder.objects.order_by("pk").values_list(
                "pk", "seller_id", "status", "courier", "tracking_number", "packed_at", "shipped_at"
            )
        ),
        "lines": list(Line.objects.order_by("pk").values_list("pk", "partner_id", "status")),
        "ledger": list(LedgerEntry.objects.order_by("pk").values_list("pk", "seller_id", "kind", "amount")),
        "audit": list(
            AuditLogEntry.objects.order_by("pk").values_list("pk", "actor_id", "seller_id", "action")
        ),
        "sellers": list(
            SellerProfile.objects.order_by("pk").values_list(
                "pk", "status", "name", "whatsapp", "bank_account_number", "cooperative_id", "user_id"
            )
        ),
        "mail": len(mail.outbox),
    }


def _send(client, method, url, data=None):
    if method == "get":
        return client.get(url)
    return client.post(url, data or {})


def _portal_url(name, **kwargs):
    return reverse(f"sellers:{name}", kwargs=kwargs)


def _text(response) -> str:
    return b"".join(response).decode() if response.streaming else response.content.decode()


@dataclass
class World:
    a: SellerProfile
    b: SellerProfile
    pa: Product
    pb: Product
    img_a: ProductImage
    img_b: ProductImage
    category: object
    product_class: object
    shared_order: object
    so_a: SellerOrder  # A's part of the shared order, paid
    so_b: SellerOrder  # B's part of the shared order, paid
    done_a: SellerOrder  # delivered, credited
    done_b: SellerOrder
    so_b_only: SellerOrder  # an order only B sells into, to a distinct address


def _by_seller(seller_orders, seller):
    return next(so for so in seller_orders if so.seller_id == seller.pk)


@pytest.fixture
def world(db):
    a = SellerProfileFactory(name="Keripik Bu Ani")
    b = SellerProfileFactory(name="Batik Pak Budi")
    for seller in (a, b):
        # The real approval also links the user to the Oscar partner (dashboard scoping).
        seller_approve(seller=seller, notify=False)
    product_class = ProductClassFactory()
    category = CategoryFactory(name="Kerajinan Desa")
    pa = ProductFactory(
        seller=a, title="Keripik Singkong Balado Ani", price=Decimal("11000"), num_in_stock=40
    )
    pb = ProductFactory(
        seller=b, title="Batik Tulis Mega Mendung Budi", price=Decimal("47300"), num_in_stock=5
    )
    img_a = product_image_add(product=pa, filename="keripik.jpg", content=_jpeg_bytes((10, 200, 10)))
    img_b = product_image_add(product=pb, filename="batik.jpg", content=_jpeg_bytes((10, 10, 200)))

    shared_order, shared = order_with_lines((pa, 1), (pb, 2))
    done_order, done = order_with_lines((pa, 3), (pb, 1))
    for seller_order in done:
        fulfilment_services.seller_order_pack(seller_order=seller_order)
        fulfilment_services.seller_order_ship(
            seller_order=seller_order, courier="JNE", tracking_number="JNE-UJI-1"
        )
        fulfilment_services.seller_order_deliver(seller_order=seller_order)
        ledger_hold_sale(seller_order=seller_order)  # idempotent: a repeated report credits nothing more
    b_only_order, (so_b_only,) = order_with_lines((pb, 1))
    b_only_order.shipping_address.line1 = B_ONLY_STREET
    b_only_order.shipping_address.save()

    world = World(
        a=a,
        b=b,
        pa=pa,
        pb=pb,
        img_a=img_a,
        img_b=img_b,
        category=category,
        product_class=product_class,
        shared_order=shared_order,
        so_a=_by_seller(shared, a),
        so_b=_by_seller(shared, b),
        done_a=_by_seller(done, a),
        done_b=_by_seller(done, b),
        so_b_only=so_b_only,
    )
    assert LedgerEntry.objects.filter(seller=a).exists() and LedgerEntry.objects.filter(seller=b).exists()
    assert world.so_b.status == SellerOrder.Status.PAID
    return world


def _product_data(w, **overrides):
    data = {
        "title": "Diambil alih",
        "description": "Diubah oleh orang lain",
        "category": w.category.pk,
        "price": "1000",
        "num_in_stock": "0",
        # The edit form's hidden field: the stock B's product showed.
        "stock_seen": str(w.pb.stockrecords.get().num_in_stock),
        "processing_days": "1",
        "weight_grams": "300",
        "is_public": "on",
        "jenis": w.product_class.slug,
    }
    data.update(overrides)
    return data


# --- 1. Seller A against seller B's objects -------------------------------------

# (url name, kwargs from the world, method, POST data from the world)
FOREIGN_TARGETS = [
    pytest.param("portal-product-edit", lambda w: {"pk": w.pb.pk}, "get", None, id="product-edit-get"),
    pytest.param(
        "portal-product-edit", lambda w: {"pk": w.pb.pk}, "post", _product_data, id="product-edit-post"
    ),
    pytest.param(
        "portal-product-visibility",
        lambda w: {"pk": w.pb.pk},
        "post",
        lambda w: {"is_public": "0"},
        id="hide",
    ),
    pytest.param(
        "portal-product-visibility",
        lambda w: {"pk": w.pb.pk},
        "post",
        lambda w: {"is_public": "1"},
        id="show",
    ),
    pytest.param("portal-product-delete", lambda w: {"pk": w.pb.pk}, "get", None, id="product-delete-get"),
    pytest.param("portal-product-delete", lambda w: {"pk": w.pb.pk}, "post", None, id="product-delete-post"),
    pytest.param("portal-product-photos", lambda w: {"pk": w.pb.pk}, "get", None, id="photos-get"),
    pytest.param(
        "portal-product-photos",
        lambda w: {"pk": w.pb.pk},
        "post",
        lambda w: {"photos": _jpeg_upload()},
        id="photo-upload",
    ),
    pytest.param(
        "portal-product-photo-delete",
        lambda w: {"pk": w.pb.pk, "image_pk": w.img_b.pk},
        "post",
        None,
        id="photo-delete",
    ),
    pytest.param(
        "portal-product-photo-delete",
        lambda w: {"pk": w.pa.pk, "image_pk": w.img_b.pk},
        "post",
        None,
        id="photo-delete-via-own-product",
    ),
    pytest.param(
        "portal-product-photo-delete",
        lambda w: {"pk": w.pb.pk, "image_pk": w.img_a.pk},
        "post",
        None,
        id="own-photo-via-foreign-product",
    ),
    pytest.param("portal-order", lambda w: {"number": w.so_b.number}, "get", None, id="shared-order-get"),
    pytest.param(
        "portal-order",
        lambda w: {"number": w.so_b.number},
        "post",
        lambda w: {"action": "pack"},
        id="shared-pack",
    ),
    pytest.param(
        "portal-order",
        lambda w: {"number": w.so_b.number},
        "post",
        lambda w: {"action": "ship", "courier": "JNE", "tracking_number": "CURANG-1"},
        id="shared-ship",
    ),
    pytest.param("portal-order", lambda w: {"number": w.so_b_only.number}, "get", None, id="b-order-get"),
    pytest.param(
        "portal-order",
        lambda w: {"number": w.so_b_only.number},
        "post",
        lambda w: {"action": "ship", "courier": "JNE", "tracking_number": "CURANG-2"},
        id="b-order-ship",
    ),
    pytest.param("portal-order", lambda w: {"number": w.done_b.number}, "get", None, id="b-delivered-get"),
]


@pytest.fixture(params=["seller", "operator"])
def attacker_client(request, client, world):
    """Seller A itself, or a cooperative operator currently acting for A (B is no member)."""
    if request.param == "seller":
        client.force_login(world.a.user)
    else:
        cooperative = CooperativeFactory()
        world.a.cooperative = cooperative
        world.a.save(update_fields=["cooperative"])
        SellerProfileFactory(user=None, cooperative=cooperative, name="Anggota Tanpa Ponsel")
        operator = UserFactory(username="operator-a")
        cooperative.operators.add(operator)
        client.force_login(operator)
        assert client.post(reverse("sellers:portal-act-as"), {"seller": world.a.pk}).status_code == 302
        assert client.session[SESSION_KEY] == world.a.pk
    return client


@pytest.mark.parametrize(("name", "kwargs", "method", "data"), FOREIGN_TARGETS)
def test_seller_cannot_reach_other_sellers_objects(
    attacker_client, world, name, kwargs, method, data, django_capture_on_commit_callbacks
):
    url = _portal_url(name, **kwargs(world))
    before = _db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = _send(attacker_client, method, url, data(world) if data else None)

    assert response.status_code in (403, 404)
    content = _text(response)
    assert world.pb.title not in content
    assert os.path.basename(world.img_b.original.name) not in content
    assert _db_state() == before
    for name_on_disk in (world.img_a.original.name, world.img_b.original.name):
        assert world.img_b.original.storage.exists(name_on_disk)


# Rows mixing A's and B's ids are foreign to both sellers; the others are B's own requests.
MIXED_IDS = {"photo-delete-via-own-product", "own-photo-via-foreign-product"}


@pytest.mark.parametrize(
    ("name", "kwargs", "method", "data"), [row for row in FOREIGN_TARGETS if row.id not in MIXED_IDS]
)
def test_owner_can_make_the_same_requests(
    client, world, name, kwargs, method, data, django_capture_on_commit_callbacks
):
    """The control for the matrix: B's own request works, so A's 404 comes from isolation."""
    client.force_login(world.b.user)
    before = _db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, method, _portal_url(name, **kwargs(world)), data(world) if data else None)

    if method == "get":
        assert response.status_code == 200
        assert _db_state() == before
    else:
        assert response.status_code == 302
        assert "error" not in [m.level_tag for m in get_messages(response.wsgi_request)]
        assert _db_state()["audit"] != before["audit"]


# --- 2. Guessed ids -------------------------------------------------------------

BIG = 2**63  # past PostgreSQL's bigint
GUESSES = [
    pytest.param("portal-product-edit", lambda w: {"pk": 999_999_999}, "get", id="edit-missing"),
    pytest.param("portal-product-edit", lambda w: {"pk": 999_999_999}, "post", id="edit-missing-post"),
    pytest.param("portal-product-edit", lambda w: {"pk": BIG}, "get", id="edit-overflow"),
    pytest.param("portal-product-edit", lambda w: {"pk": 0}, "get", id="edit-zero"),
    pytest.param("portal-product-visibility", lambda w: {"pk": 999_999_999}, "post", id="visibility-missing"),
    pytest.param("portal-product-visibility", lambda w: {"pk": BIG}, "post", id="visibility-overflow"),
    pytest.param("portal-product-delete", lambda w: {"pk": 999_999_999}, "post", id="delete-missing"),
    pytest.param("portal-product-delete", lambda w: {"pk": BIG}, "get", id="delete-overflow"),
    pytest.param("portal-product-photos", lambda w: {"pk": 999_999_999}, "get", id="photos-missing"),
    pytest.param("portal-product-photos", lambda w: {"pk": BIG}, "post", id="photos-overflow"),
    pytest.param(
        "portal-product-photo-delete",
        lambda w: {"pk": w.pa.pk, "image_pk": 999_999_999},
        "post",
        id="own-product-missing-photo",
    ),
    pytest.param(
        "portal-product-photo-delete", lambda w: {"pk": w.pa.pk, "image_pk": BIG}, "post", id="photo-overflow"
    ),
    pytest.param(
        "portal-product-photo-delete",
        lambda w: {"pk": 999_999_999, "image_pk": w.img_a.pk},
        "post",
        id="missing-product-own-photo",
    ),
    pytest.param("portal-order", lambda w: {"number": "999999-1"}, "get", id="order-missing"),
    pytest.param(
        "portal-order", lambda w: {"number": f"{w.shared_order.number}-9"}, "get", id="order-next-suffix"
    ),
    pytest.param("portal-order", lambda w: {"number": w.shared_order.number}, "get", id="buyer-order-number"),
    pytest.param("portal-order", lambda w: {"number": "' OR '1'='1"}, "get", id="order-injection"),
    pytest.param("portal-order", lambda w: {"number": "999999-1"}, "post", id="order-missing-post"),
]


@pytest.mark.parametrize(("name", "kwargs", "method"), GUESSES)
def test_guessed_ids_are_404_never_500(client, world, name, kwargs, method):
    client.force_login(world.a.user)
    client.raise_request_exception = False
    url = _portal_url(name, **kwargs(world))
    before = _db_state()

    data = _product_data(world) | {
        "action": "ship",
        "courier": "JNE",
        "tracking_number": "X-1",
        "is_public": "0",
    }
    response = _send(client, method, url, data)

    assert response.status_code == 404
    assert _db_state() == before


@pytest.mark.parametrize("guess", ["999999999", str(BIG), "abc", "", "1 OR 1=1", "-1"])
def test_acting_as_a_guessed_seller_is_404_never_500(client, world, guess):
    client.force_login(world.a.user)
    client.raise_request_exception = False
    before = _db_state()

    response = client.post(reverse("sellers:portal-act-as"), {"seller": guess})

    assert response.status_code == 404
    assert SESSION_KEY not in client.session
    assert _db_state() == before


# --- 3. One order, two sellers ----------------------------------------------------


def _rupiah(amount) -> str:
    return f"{Decimal(amount):,.0f}".replace(",", ".")


def test_shared_order_page_shows_only_own_lines(client, world):
    client.force_login(world.a.user)

    response = client.get(world.so_a.get_absolute_url())

    assert response.status_code == 200
    content = _text(response)
    assert world.pa.title in content
    assert world.pb.title not in content
    b_line = world.so_b.lines().get()
    assert _rupiah(b_line.line_price_incl_tax) not in content  # 94.600
    assert _rupiah(b_line.unit_price_incl_tax) not in content  # 47.300
    assert _rupiah(world.so_b.total) not in content
    assert world.so_b.number not in content
    assert list(response.context["lines"]) == list(world.so_a.lines())
    assert {line.partner_id for line in response.context["lines"]} == {world.a.partner_id}
    # The buyer's address is shown to the seller who must ship there.
    assert "Jl. Melati No. 5" in content


def test_order_list_holds_only_own_seller_orders(client, world):
    client.force_login(world.a.user)

    for params in ({}, {"status": "paid"}, {"status": "delivered"}, {"seller": world.b.pk}):
        response = client.get(reverse("sellers:portal-orders"), params)

        assert response.status_code == 200
        content = _text(response)
        assert {so.seller_id for so in response.context["seller_orders"]} <= {world.a.pk}
        for foreign in (world.so_b, world.done_b, world.so_b_only):
            assert foreign.number not in content
        assert B_ONLY_STREET not in content
    listed = client.get(reverse("sellers:portal-orders")).context["seller_orders"]
    assert {so.pk for so in listed} == {world.so_a.pk, world.done_a.pk}


def test_buyer_address_of_others_orders_never_reaches_seller_a(client, world):
    client.force_login(world.a.user)
    pages = [
        reverse("sellers:portal"),
        reverse("sellers:portal-orders"),
        world.so_a.get_absolute_url(),
        world.done_a.get_absolute_url(),
        reverse("sellers:portal-earnings"),
        reverse("sellers:portal-earnings-csv"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert B_ONLY_STREET not in _text(response), url
    assert client.get(world.so_b_only.get_absolute_url()).status_code == 404

    client.force_login(world.b.user)
    assert B_ONLY_STREET in _text(client.get(world.so_b_only.get_absolute_url()))


@pytest.mark.parametrize("params", [{}, {"seller": "B"}, {"seller_id": "B", "page": "1"}])
def test_earnings_page_and_csv_hold_only_own_ledger(client, world, params):
    params = {key: (world.b.pk if value == "B" else value) for key, value in params.items()}
    own = list(LedgerEntry.objects.filter(seller=world.a).order_by("created_at", "id"))
    foreign = list(LedgerEntry.objects.filter(seller=world.b))
    assert own and foreign
    client.force_login(world.a.user)

    page = client.get(reverse("sellers:portal-earnings"), params)

    assert page.status_code == 200
    assert [entry.pk for entry in page.context["entries"]] == [entry.pk for entry in reversed(own)]
    assert page.context["balance"] == sum(entry.amount for entry in own)
    content = _text(page)
    assert world.done_b.number not in content
    assert _rupiah(LedgerEntry.objects.filter(seller=world.b).balance()) not in content

    export = client.get(reverse("sellers:portal-earnings-csv"), params)

    assert export.status_code == 200
    assert world.a.slug in export["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(_text(export))))[1:]
    assert [row[2] for row in rows] == [f"{entry.amount:.0f}" for entry in own]
    assert {row[4] for row in rows} == {entry.seller_order.number for entry in own}
    assert world.done_b.number not in _text(export)

    home = client.get(reverse("sellers:portal"))
    assert home.context["balance"] == sum(entry.amount for entry in own)


# --- 4. A suspended seller ------------------------------------------------------


@pytest.fixture
def suspended(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seller = seller_suspend(seller=world.a, reason="Pelanggaran aturan program")
    mail.outbox.clear()
    assert seller.status == SellerProfile.Status.SUSPENDED
    return world


SUSPENDED_WRITES = [
    pytest.param("portal-product-new", lambda w: {}, "get", None, id="product-new"),
    pytest.param("portal-product-create", lambda w: {}, "get", None, id="product-create-get"),
    pytest.param("portal-product-create", lambda w: {}, "post", _product_data, id="product-create-post"),
    pytest.param("portal-product-edit", lambda w: {"pk": w.pa.pk}, "post", _product_data, id="product-edit"),
    pytest.param(
        "portal-product-visibility",
        lambda w: {"pk": w.pa.pk},
        "post",
        lambda w: {"is_public": "0"},
        id="hide",
    ),
    pytest.param(
        "portal-product-visibility",
        lambda w: {"pk": w.pa.pk},
        "post",
        lambda w: {"is_public": "1"},
        id="show",
    ),
    pytest.param("portal-product-delete", lambda w: {"pk": w.pa.pk}, "post", None, id="product-delete"),
    pytest.param(
        "portal-product-photos",
        lambda w: {"pk": w.pa.pk},
        "post",
        lambda w: {"photos": _jpeg_upload()},
        id="upload",
    ),
    pytest.param(
        "portal-product-photo-delete",
        lambda w: {"pk": w.pa.pk, "image_pk": w.img_a.pk},
        "post",
        None,
        id="photo-delete",
    ),
    pytest.param(
        "portal-order",
        lambda w: {"number": w.so_a.number},
        "post",
        lambda w: {"action": "pack"},
        id="order-pack",
    ),
    pytest.param(
        "portal-order",
        lambda w: {"number": w.so_a.number},
        "post",
        lambda w: {"action": "ship", "courier": "JNE", "tracking_number": "JNE-TANGGUH"},
        id="order-ship",
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "method", "data"), SUSPENDED_WRITES)
def test_suspended_seller_cannot_write(
    client, suspended, name, kwargs, method, data, django_capture_on_commit_callbacks
):
    w = suspended
    client.force_login(w.a.user)
    url = _portal_url(name, **kwargs(w))
    before = _db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, method, url, data(w) if data else None)

    if response.status_code == 302:
        # Refused with a message on the page it came from, never a success.
        assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    else:
        assert response.status_code == 403
    assert _db_state() == before


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("portal", lambda w: {}),
        ("portal-products", lambda w: {}),
        ("portal-orders", lambda w: {}),
        ("portal-order", lambda w: {"number": w.so_a.number}),
        ("portal-earnings", lambda w: {}),
        ("portal-earnings-csv", lambda w: {}),
        ("portal-profile", lambda w: {}),
    ],
)
def test_suspended_seller_can_still_read_own_pages(client, suspended, name, kwargs):
    client.force_login(suspended.a.user)

    response = client.get(_portal_url(name, **kwargs(suspended)))

    assert response.status_code == 200
    content = _text(response)
    assert suspended.pb.title not in content
    if name == "portal-order":
        # No pack/ship buttons for a suspended shop.
        assert 'value="pack"' not in content and 'value="ship"' not in content


# --- 5. Cooperative operators --------------------------------------------------------


@dataclass
class Coop:
    operator: object
    m1: SellerProfile
    m2: SellerProfile
    p1: Product
    p2: Product


@pytest.fixture
def coop(world):
    cooperative = CooperativeFactory()
    operator = UserFactory(username="operator-koperasi")
    cooperative.operators.add(operator)
    m1 = SellerProfileFactory(user=None, cooperative=cooperative, name="Anggota Satu")
    m2 = SellerProfileFactory(user=None, cooperative=cooperative, name="Anggota Dua")
    p1 = ProductFactory(seller=m1, title="Emping Melinjo Anggota Satu")
    p2 = ProductFactory(seller=m2, title="Gula Aren Anggota Dua")
    return Coop(operator=operator, m1=m1, m2=m2, p1=p1, p2=p2)


def test_operator_acts_for_a_member(client, world, coop):
    client.force_login(coop.operator)

    response = client.post(reverse("sellers:portal-act-as"), {"seller": coop.m1.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("sellers:portal")
    assert client.session[SESSION_KEY] == coop.m1.pk
    products = client.get(reverse("sellers:portal-products"))
    assert products.status_code == 200
    assert products.context["seller"] == coop.m1
    content = _text(products)
    assert coop.p1.title in content
    assert coop.p2.title not in content and world.pb.title not in content and world.pa.title not in content
    assert client.get(_portal_url("portal-product-edit", pk=coop.p1.pk)).status_code == 200
    # Acting for M1 means M2's listing is out of reach until the operator switches.
    assert client.get(_portal_url("portal-product-edit", pk=coop.p2.pk)).status_code == 404
    assert set(products.context["actable_sellers"]) == {coop.m1, coop.m2}


@pytest.mark.parametrize("target", ["non-member", "other-seller-b"])
def test_operator_cannot_act_for_a_non_member(client, world, coop, target):
    outsider = SellerProfileFactory(name="Bukan Anggota") if target == "non-member" else world.b
    client.force_login(coop.operator)
    client.post(reverse("sellers:portal-act-as"), {"seller": coop.m2.pk})
    before = _db_state()

    response = client.post(reverse("sellers:portal-act-as"), {"seller": outsider.pk})

    assert response.status_code == 404
    assert client.session[SESSION_KEY] == coop.m2.pk
    assert client.get(reverse("sellers:portal")).context["seller"] == coop.m2
    assert _db_state() == before


@pytest.mark.parametrize("who", ["operator", "seller-a"])
def test_forged_acting_seller_in_session_is_ignored(
    client, world, coop, who, django_capture_on_commit_callbacks
):
    user = coop.operator if who == "operator" else world.a.user
    allowed = {coop.m1, coop.m2} if who == "operator" else {world.a}
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = world.b.pk
    session.save()
    before = _db_state()

    for name in ("portal", "portal-products", "portal-orders", "portal-earnings", "portal-profile"):
        response = client.get(_portal_url(name))
        assert response.status_code == 200, name
        assert response.context["seller"] in allowed, name
        content = _text(response)
        assert (
            world.pb.title not in content and world.so_b.number not in content and world.b.name not in content
        )
    export = client.get(reverse("sellers:portal-earnings-csv"))
    assert world.b.slug not in export["Content-Disposition"]
    assert world.done_b.number not in _text(export)
    assert SESSION_KEY not in client.session

    # Forge again, then try to write to B's objects.
    session = client.session
    session[SESSION_KEY] = world.b.pk
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        hide = client.post(_portal_url("portal-product-visibility", pk=world.pb.pk), {"is_public": "0"})
        ship = client.post(
            world.so_b.get_absolute_url(), {"action": "ship", "courier": "JNE", "tracking_number": "PALSU-1"}
        )
    assert hide.status_code == 404 and ship.status_code == 404
    assert _db_state() == before


def test_operator_removed_from_cooperative_loses_the_members(client, world, coop):
    client.force_login(coop.operator)
    client.post(reverse("sellers:portal-act-as"), {"seller": coop.m1.pk})
    coop.m1.cooperative.operators.remove(coop.operator)
    before = _db_state()

    for url, method in [
        (reverse("sellers:portal-products"), "get"),
        (_portal_url("portal-product-edit", pk=coop.p1.pk), "get"),
        (_portal_url("portal-product-visibility", pk=coop.p1.pk), "post"),
    ]:
        response = _send(client, method, url, {"is_public": "0"})
        assert response.status_code == 302
        assert response["Location"] == reverse("sellers:apply")
    assert _db_state() == before


def test_actions_for_a_member_are_audited_as_the_operator(
    client, world, coop, django_capture_on_commit_callbacks
):
    _order, (member_order,) = order_with_lines((coop.p1, 2))
    client.force_login(coop.operator)
    client.post(reverse("sellers:portal-act-as"), {"seller": coop.m1.pk})
    last_audit = AuditLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    with django_capture_on_commit_callbacks(execute=True):
        create = client.post(
            reverse("sellers:portal-product-create"), _product_data(world, title="Rengginang Titipan Anggota")
        )
        created = Product.objects.get(title="Rengginang Titipan Anggota")
        hide = client.post(_portal_url("portal-product-visibility", pk=coop.p1.pk), {"is_public": "0"})
        upload = client.post(_portal_url("portal-product-photos", pk=created.pk), {"photos": _jpeg_upload()})
        pack = client.post(member_order.get_absolute_url(), {"action": "pack"})
        ship = client.post(
            member_order.get_absolute_url(),
            {"action": "ship", "courier": "POS", "tracking_number": "POS-123"},
        )

    assert [r.status_code for r in (create, hide, upload, pack, ship)] == [302] * 5
    assert created.stockrecords.get().partner_id == coop.m1.partner_id
    member_order.refresh_from_db()
    assert (member_order.status, member_order.tracking_number) == (SellerOrder.Status.SHIPPED, "POS-123")
    entries = list(AuditLogEntry.objects.filter(pk__gt=last_audit).order_by("id"))
    assert [entry.action for entry in entries] == [
        "product_create",
        "product_hide",
        "image_add",
        "order_pack",
        "order_ship",
    ]
    assert {(entry.actor_id, entry.seller_id) for entry in entries} == {(coop.operator.pk, coop.m1.pk)}
    assert all(entry.on_behalf for entry in entries)


# --- 6./7. Visitors without a seller profile --------------------------------------------

PORTAL_ROUTES = [pattern for pattern in seller_urls.urlpatterns if pattern.name.startswith("portal")]


def _route_kwargs(pattern, w) -> dict:
    values = {"pk": w.pa.pk, "image_pk": w.img_a.pk, "number": w.so_a.number}
    missing = set(pattern.pattern.converters) - set(values)
    assert not missing, f"new route {pattern.name}: add a value for {missing} to the isolation matrix"
    return {name: values[name] for name in pattern.pattern.converters}


def _any_post_data(w) -> dict:
    return _product_data(w) | {
        "action": "ship",
        "courier": "JNE",
        "tracking_number": "ANON-1",
        "seller": w.b.pk,
        "photos": _jpeg_upload(),
        "name": "Diambil alih",
        "whatsapp": "+6281111111111",
    }


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("route", PORTAL_ROUTES, ids=lambda pattern: pattern.name)
def test_anonymous_visitor_is_sent_to_log_in(
    client, world, route, method, django_capture_on_commit_callbacks
):
    url = reverse(f"sellers:{route.name}", kwargs=_route_kwargs(route, world))
    before = _db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, method, url, _any_post_data(world))

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={quote(url)}"
    assert _db_state() == before


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("route", PORTAL_ROUTES, ids=lambda pattern: pattern.name)
def test_buyer_without_seller_profile_is_sent_to_apply(
    client, world, route, method, django_capture_on_commit_callbacks
):
    buyer = UserFactory(username="pembeli-biasa")
    client.force_login(buyer)
    url = reverse(f"sellers:{route.name}", kwargs=_route_kwargs(route, world))
    before = _db_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, method, url, _any_post_data(world))

    assert response.status_code == 302
    assert response["Location"] == reverse("sellers:apply")
    assert _db_state() == before
    assert SESSION_KEY not in client.session


# --- 8. Staff-only dashboards --------------------------------------------------------

DASHBOARD_ROUTES = [
    pytest.param(
        f"sellers-dashboard:{pattern.name}",
        # Read from the file so that every new staff page joins the matrix.
        lambda w, converters=tuple(pattern.pattern.converters): {name: w.b.pk for name in converters},
        id=pattern.name,
    )
    for pattern in dashboard_urls.urlpatterns
    if pattern.name
]
OSCAR_DASHBOARD_ROUTES = [
    pytest.param("dashboard:index", lambda w: {}, id="oscar-index"),
    pytest.param("dashboard:order-list", lambda w: {}, id="oscar-orders"),
    pytest.param(
        "dashboard:order-detail", lambda w: {"number": w.shared_order.number}, id="oscar-shared-order"
    ),
    pytest.param("dashboard:catalogue-product-list", lambda w: {}, id="oscar-products"),
    pytest.param("dashboard:catalogue-product", lambda w: {"pk": w.pb.pk}, id="oscar-product-b"),
    pytest.param("dashboard:partner-list", lambda w: {}, id="oscar-partners"),
    pytest.param("wagtailadmin_home", lambda w: {}, id="wagtail-admin"),
    pytest.param("admin:index", lambda w: {}, id="django-admin"),
]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "kwargs"), [*DASHBOARD_ROUTES, *OSCAR_DASHBOARD_ROUTES])
def test_non_staff_seller_is_refused_by_staff_dashboards(
    client, world, name, kwargs, method, django_capture_on_commit_callbacks
):
    client.force_login(world.a.user)
    url = reverse(name, kwargs=kwargs(world))
    before = _db_state()
    data = {
        "reject-reason": "x",
        "suspend-reason": "x",
        "payout-amount": "1000",
        "payout-reference": "TRF-CURANG",
        "status": "suspended",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, method, url, data)

    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert "login" in response["Location"]
    content = _text(response)
    assert world.pb.title not in content
    assert _db_state() == before
