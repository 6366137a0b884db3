"""A program staff member signs in to Oscar's dashboard, approves a producer and pays it."""

import os
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from ledger.models import LedgerEntry
from sellers.models import SellerProfile
from tests.factories import SellerProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("PASAR_SCREENSHOTS")


def _shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_staff_signs_in_approves_an_application_and_records_a_payout(live_server, page: Page):
    UserFactory(username="staf-program", email="staf@desmigratif.id", is_staff=True)
    applicant = SellerProfileFactory(name="Kerupuk Ikan Bu Sri", status=SellerProfile.Status.APPLIED)
    LedgerEntry.objects.create(
        seller=applicant, kind=LedgerEntry.Kind.SALE, amount=Decimal("80000"), reference="S"
    )

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/dashboard/produsen/pendaftaran/")
    # Sent to the dashboard's login first.
    page.locator("#id_username").fill("staf@desmigratif.id")
    page.locator("#id_password").fill("rahasia-uji-123")
    page.locator("#id_password").press("Enter")

    expect(page.locator("h1")).to_contain_text("Pendaftaran produsen")
    _shot(page, "applications")
    page.get_by_role("link", name="Kerupuk Ikan Bu Sri").click()
    page.get_by_role("button", name="Setujui pendaftaran").click()

    expect(page.locator("#messages")).to_contain_text("Kerupuk Ikan Bu Sri disetujui")
    expect(page.get_by_role("button", name="Tangguhkan produsen")).to_be_visible()

    page.get_by_label("Jumlah (Rp)").fill("50.000")
    page.get_by_label("Referensi transfer bank").fill("TRF-0001")
    page.get_by_role("button", name="Catat pencairan").click()

    expect(page.locator("#seller-balance")).to_have_text("Rp\xa030.000")
    _shot(page, "seller-detail")
    page.goto(live_server.url + "/dashboard/produsen/pencairan/")
    expect(page.locator("#payouts")).to_contain_text("TRF-0001")
    _shot(page, "payouts")
    applicant.refresh_from_db()
    assert applicant.status == SellerProfile.Status.APPROVED
