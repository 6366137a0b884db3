"""Program staff review and manage producers in Oscar's dashboard."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledger.models import LedgerEntry
from sellers.models import AuditLogEntry, SellerProfile
from tests.factories import (
    ProductFactory,
    ProvinceFactory,
    SellerProfileFactory,
    UserFactory,
    VillageFactory,
)
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db

Status = SellerProfile.Status


def _url(name, seller=None):
    kwargs = {"pk": seller.pk} if seller is not None else {}
    return reverse(f"sellers-dashboard:{name}", kwargs=kwargs)


def _credit(seller, amount):
    return LedgerEntry.objects.create(
        seller=seller,
        kind=LedgerEntry.Kind.SALE,
        amount=Decimal(amount),
        reference="UJI",
        memo="Penjualan uji",
    )


GET_URLS = ["seller-list", "application-list", "seller-detail", "payout-list", "payout-export"]
POST_URLS = {
    "seller-approve": {},
    "seller-reject": {"reject-reason": "Foto kurang jelas"},
    "seller-suspend": {"suspend-reason": "Pelanggaran"},
    "seller-reapprove": {},
    "payout-create": {"payout-amount": "10000", "payout-reference": "TRF-1"},
}
SELLER_URLS = {"seller-detail", *POST_URLS}


def _snapshot():
    return (
        list(SellerProfile.objects.order_by("pk").values_list("pk", "status", "status_reason")),
        LedgerEntry.objects.count(),
        AuditLogEntry.objects.count(),
    )


# --- Who may enter ---------------------------------------------------------


@pytest.mark.parametrize("name", GET_URLS + list(POST_URLS))
def test_anonymous_visitor_is_sent_to_dashboard_login(client, name):
    seller = SellerProfileFactory(status=Status.APPLIED)
    _credit(seller, 50000)
    url = _url(name, seller if name in SELLER_URLS else None)
    before = _snapshot()

    response = client.post(url, POST_URLS[name]) if name in POST_URLS else client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dashboard:login") + "?next=")
    assert _snapshot() == before
    assert mail.outbox == []


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", GET_URLS + list(POST_URLS))
def test_sellers_own_user_is_refused_everywhere(client, name, method, django_capture_on_commit_callbacks):
    seller = SellerProfileFactory(status=Status.APPLIED)
    _credit(seller, 50000)
    other = SellerProfileFactory(status=Status.APPROVED)
    client.force_login(seller.user)
    before = _snapshot()

    for target in (seller, other):
        url = _url(name, target if name in SELLER_URLS else None)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, POST_URLS.get(name, {})) if method == "post" else client.get(url)
        assert response.status_code == 403

    assert _snapshot() == before
    assert mail.outbox == []


def test_inactive_staff_member_is_refused(client):
    user = UserFactory(is_staff=True, is_active=True)
    client.force_login(user)
    user.is_active = False
    user.save()

    response = client.get(_url("seller-list"))

    assert response.status_code in (302, 403)


@pytest.mark.parametrize("name", list(POST_URLS))
def test_actions_refuse_get(staff_client, name):
    seller = SellerProfileFactory(status=Status.APPLIED)

    response = staff_client.get(_url(name, seller))

    assert response.status_code == 405
    assert SellerProfile.objects.get(pk=seller.pk).status == Status.APPLIED


def test_unknown_seller_is_404(staff_client):
    assert (
        staff_client.get(reverse("sellers-dashboard:seller-detail", kwargs={"pk": 999999})).status_code == 404
    )
    response = staff_client.post(reverse("sellers-dashboard:seller-approve", kwargs={"pk": 999999}))
    assert response.status_code == 404


def test_dashboard_menu_links_to_producer_pages_for_staff_only(staff_client, client):
    response = staff_client.get(reverse("dashboard:index"))

    content = response.content.decode()
    for name in ("application-list", "seller-list", "payout-list"):
        assert _url(name) in content

    client.force_login(SellerProfileFactory().user)
    partner_page = client.get(reverse("dashboard:index"))
    # Partner users may see Oscar's dashboard, never the program's producer pages.
    assert _url("seller-list") not in partner_page.content.decode()


# --- The list ----------------------------------------------------------------


def test_list_shows_applications_first_with_place_products_and_balance(staff_client):
    approved = SellerProfileFactory(status=Status.APPROVED, name="Abon Ikan Bu Sri")
    ProductFactory(seller=approved)
    ProductFactory(seller=approved)
    _credit(approved, 125000)
    applied = SellerProfileFactory(status=Status.APPLIED, name="Zaitun Anyaman")

    response = staff_client.get(_url("seller-list"))

    assert response.status_code == 200
    sellers = list(response.context["sellers"])
    assert sellers[0] == applied
    row = next(seller for seller in sellers if seller == approved)
    assert row.product_count == 2
    assert row.balance == Decimal("125000")
    content = response.content.decode()
    assert "Rp\xa0125.000" in content
    assert approved.village.name in content
    assert approved.village.district.regency.province.name in content
    assert str(approved.village.district.regency) in content


def test_list_filters_by_status_province_and_name(staff_client):
    java, bali = ProvinceFactory(name="Jawa Barat"), ProvinceFactory(name="Bali")
    kerupuk = SellerProfileFactory(
        name="Kerupuk Kenanga",
        status=Status.APPROVED,
        village=VillageFactory(district__regency__province=java),
    )
    batik = SellerProfileFactory(
        name="Batik Sindang", status=Status.APPLIED, village=VillageFactory(district__regency__province=java)
    )
    tenun = SellerProfileFactory(
        name="Tenun Bali", status=Status.APPLIED, village=VillageFactory(district__regency__province=bali)
    )

    def listed(**params):
        return set(staff_client.get(_url("seller-list"), params).context["sellers"])

    assert listed(status="applied") == {batik, tenun}
    assert listed(province=java.pk) == {kerupuk, batik}
    assert listed(q="kerupuk") == {kerupuk}
    assert listed(status="applied", province=bali.pk) == {tenun}
    assert set(staff_client.get(_url("application-list")).context["sellers"]) == {batik, tenun}


def test_list_is_paginated(staff_client):
    SellerProfileFactory.create_batch(27)

    first = staff_client.get(_url("seller-list"))
    second = staff_client.get(_url("seller-list"), {"page": 2})

    assert len(first.context["sellers"]) == 25
    assert len(second.context["sellers"]) == 2


def test_list_query_count_stays_flat_with_thirty_sellers(staff_client, django_assert_max_num_queries):
    provinces = [ProvinceFactory(), ProvinceFactory()]
    for n in range(30):
        seller = SellerProfileFactory(
            name=f"Produsen {'Tenun' if n == 7 else 'Anyaman'} {n:02d}",
            status=[Status.APPLIED, Status.APPROVED, Status.SUSPENDED][n % 3],
            village=VillageFactory(district__regency__province=provinces[n % 2]),
        )
        ProductFactory(seller=seller)
        _credit(seller, 10000 + n)
    staff_client.get(_url("seller-list"))  # warm per-process caches (site, content types)

    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as full:
        response = staff_client.get(_url("seller-list"))
    with CaptureQueriesContext(connection) as single:
        one = staff_client.get(_url("seller-list"), {"q": "tenun"})

    assert len(response.context["sellers"]) == 25
    assert len(one.context["sellers"]) == 1
    # 25 rows cost what one row costs: no query per row.
    assert len(full.captured_queries) == len(single.captured_queries)


# --- The detail page ----------------------------------------------------------


def test_detail_shows_profile_masked_account_products_orders_ledger_and_audit(staff_client):
    seller = SellerProfileFactory(
        status=Status.APPROVED,
        bank_name="BRI",
        bank_account_name="Siti Aminah",
        bank_account_number="0123456789012",
    )
    product = ProductFactory(seller=seller, title="Kerupuk Kulit Ikan", price=25000)
    order, (seller_order,) = order_with_lines((product, 2))
    _credit(seller, 40000)
    operator = UserFactory(username="operator-koperasi")
    AuditLogEntry.objects.create(
        actor=operator,
        seller=seller,
        action="product_create",
        object_type="product",
        object_id=str(product.pk),
    )

    response = staff_client.get(_url("seller-detail", seller))

    content = response.content.decode()
    assert response.status_code == 200
    assert seller.name in content
    assert "•••••••••9012" in content
    assert "0123456789012" not in content
    assert seller.village.name in content
    assert "Kerupuk Kulit Ikan" in content
    assert seller_order.number in content
    assert str(order.number) in content
    assert "Rp\xa040.000" in content
    assert "operator-koperasi" in content
    assert "atas nama" in content
    assert "product_create" in content


def test_detail_offers_only_the_decisions_the_status_allows(staff_client):
    cases = {
        Status.APPLIED: {"approve", "reject"},
        Status.APPROVED: {"suspend"},
        Status.SUSPENDED: {"reapprove"},
        Status.REJECTED: set(),
    }
    for status, actions in cases.items():
        seller = SellerProfileFactory(status=status)
        response = staff_client.get(_url("seller-detail", seller))
        assert {form.action for form in response.context["status_forms"]} == actions
        for action in ("approve", "reject", "suspend", "reapprove"):
            assert (_url(f"seller-{action}", seller) in response.content.decode()) == (action in actions)


# --- Decisions -----------------------------------------------------------------


def test_staff_approves_an_application_and_the_producer_is_emailed(
    staff_client, staff_user, django_capture_on_commit_callbacks
):
    seller = SellerProfileFactory(status=Status.APPLIED)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url("seller-approve", seller))

    assert response.status_code == 302
    assert response["Location"] == _url("seller-detail", seller)
    seller.refresh_from_db()
    assert seller.status == Status.APPROVED
    assert seller.approved_at is not None
    # Never given Oscar's partner dashboard, which shows whole shared orders (Oscar #2240).
    assert not seller.partner.users.exists()
    (email,) = mail.outbox
    assert email.to == [seller.user.email]
    assert email.subject == "Selamat, pendaftaran produsen Anda disetujui"
    assert "sudah disetujui" in email.body
    entry = AuditLogEntry.objects.get(seller=seller)
    assert (entry.actor, entry.action, entry.detail["from"], entry.detail["to"]) == (
        staff_user,
        "seller_approve",
        "applied",
        "approved",
    )
    assert entry.on_behalf


def test_staff_rejects_with_a_reason_the_producer_reads(staff_client, django_capture_on_commit_callbacks):
    seller = SellerProfileFactory(status=Status.APPLIED)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            _url("seller-reject", seller),
            {"reject-reason": "  Foto produk belum jelas, mohon unggah ulang.  "},
        )

    assert response.status_code == 302
    seller.refresh_from_db()
    assert (seller.status, seller.status_reason) == (
        Status.REJECTED,
        "Foto produk belum jelas, mohon unggah ulang.",
    )
    (email,) = mail.outbox
    assert email.subject == "Pendaftaran produsen Anda belum dapat disetujui"
    assert "Alasan: Foto produk belum jelas, mohon unggah ulang." in email.body
    assert "Foto produk belum jelas" in email.alternatives[0][0]


def test_staff_suspends_with_a_reason_and_re_approves_later(staff_client, django_capture_on_commit_callbacks):
    seller = SellerProfileFactory(status=Status.APPROVED)

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(_url("seller-suspend", seller), {"suspend-reason": "Label PIRT kedaluwarsa."})

    seller.refresh_from_db()
    assert (seller.status, seller.status_reason) == (Status.SUSPENDED, "Label PIRT kedaluwarsa.")
    assert mail.outbox[-1].subject == "Toko Anda di Pasar Desmigratif ditangguhkan"
    assert "Alasan: Label PIRT kedaluwarsa." in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url("seller-reapprove", seller))

    assert response.status_code == 302
    seller.refresh_from_db()
    assert (seller.status, seller.status_reason) == (Status.APPROVED, "")
    assert mail.outbox[-1].subject == "Selamat, pendaftaran produsen Anda disetujui"
    assert len(mail.outbox) == 2
    assert list(AuditLogEntry.objects.filter(seller=seller).values_list("action", flat=True)) == [
        "seller_reapprove",
        "seller_suspend",
    ]


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [
        ("seller-reject", {"reject-reason": ""}, Status.APPLIED),
        ("seller-reject", {"reject-reason": "   "}, Status.APPLIED),
        ("seller-reject", {}, Status.APPLIED),
        ("seller-suspend", {"suspend-reason": ""}, Status.APPROVED),
    ],
)
def test_a_decision_without_reason_is_shown_again_and_changes_nothing(
    staff_client, name, data, status, django_capture_on_commit_callbacks
):
    seller = SellerProfileFactory(status=status)
    before = _snapshot()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url(name, seller), data)

    assert response.status_code == 200
    assert "Tuliskan alasannya agar produsen tahu apa yang perlu diperbaiki." in response.content.decode()
    assert _snapshot() == before
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [
        ("seller-approve", {}, Status.APPROVED),
        ("seller-approve", {}, Status.SUSPENDED),
        ("seller-approve", {}, Status.REJECTED),
        ("seller-reject", {"reject-reason": "Tidak lengkap"}, Status.APPROVED),
        ("seller-reject", {"reject-reason": "Tidak lengkap"}, Status.REJECTED),
        ("seller-suspend", {"suspend-reason": "Pelanggaran"}, Status.APPLIED),
        ("seller-suspend", {"suspend-reason": "Pelanggaran"}, Status.SUSPENDED),
        ("seller-suspend", {"suspend-reason": "Pelanggaran"}, Status.REJECTED),
        ("seller-reapprove", {}, Status.APPLIED),
        ("seller-reapprove", {}, Status.APPROVED),
        ("seller-reapprove", {}, Status.REJECTED),
    ],
)
def test_a_decision_the_status_does_not_allow_is_refused_clearly(
    staff_client, name, data, status, django_capture_on_commit_callbacks
):
    seller = SellerProfileFactory(status=status, status_reason="alasan lama")
    before = _snapshot()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url(name, seller), data)

    assert response.status_code == 200
    assert "tidak bisa dilakukan" in response.content.decode()
    assert _snapshot() == before
    assert mail.outbox == []


def test_post_without_csrf_token_is_refused(client, staff_user):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(staff_user)
    seller = SellerProfileFactory(status=Status.APPLIED)

    response = csrf_client.post(_url("seller-approve", seller))

    assert response.status_code == 403
    assert SellerProfile.objects.get(pk=seller.pk).status == Status.APPLIED
