"""Issue 21 end to end: a cooperative's operator signs in on a phone, uploads an XLSX of 200
listings for three members with a ZIP of their photos, is shown the one bad row by its line
and column with nothing written, uploads the corrected sheet (the ZIP kept from the first
upload), previews and confirms; the database then holds exactly those 200 products with
their stock, prices, weights and photos, and a non-member's product is as it was."""

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from oscar.core.loading import get_model
from PIL import Image
from playwright.sync_api import Page, expect

from tests.factories import ProductFactory
from tests.portal.listings_files import HEADERS, cooperative_with_members, listing_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Product = get_model("catalogue", "Product")
PHONE = {"width": 360, "height": 740}
ROWS = 200
BAD_INDEX = 137  # the sheet's line 139: the header is line 1
PASSWORD = "rahasia-uji-123"


def listing(members, n: int) -> dict:
    """Row n of the sheet: each member a third of the rows, each row its own figures."""
    return listing_row(
        seller=members[n % 3],
        n=n,
        photo=f"foto-{n:03d}.jpg",
        harga=20000 + n * 250,
        stok=n % 13,
        berat_gram=250 + n,
    )


def sheet_file(path, rows: list[dict]):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row[header] for header in HEADERS])
    book.save(path)
    return path


def photos_file(path, count: int):
    # Real JPEGs, each its own colour, in a folder of the archive as a phone's gallery zips them.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            buffer = io.BytesIO()
            Image.new("RGB", (320, 240), (n % 256, (n * 7) % 256, 90)).save(buffer, "JPEG", quality=80)
            archive.writestr(f"galeri/foto-{n:03d}.jpg", buffer.getvalue())
    return path


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), page.url


def test_operator_imports_200_listings_for_three_members_after_fixing_one_row(live_server, browser, tmp_path):
    operator, members, outsider = cooperative_with_members()
    theirs = ProductFactory(seller=outsider, title="Kerupuk Usaha Lain", price=18000, num_in_stock=4)
    theirs_before = (theirs.title, theirs.date_updated, theirs.weight_grams, theirs.images.count())
    rows = [listing(members, n) for n in range(ROWS)]
    bad = [dict(row) for row in rows]
    bad[BAD_INDEX]["harga"] = -5000
    bad_sheet = sheet_file(tmp_path / "produk-koperasi.xlsx", bad)
    good_sheet = sheet_file(tmp_path / "produk-koperasi-perbaikan.xlsx", rows)
    photos = photos_file(tmp_path / "foto-produk.zip", ROWS)

    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    # 200 rows checked (and 200 photos re-encoded) on a machine shared with other work.
    page.set_default_timeout(600_000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login-username", operator.email)
    page.fill("#id_login-password", PASSWORD)
    page.locator("button[name=login_submit]").click()
    page.goto(live_server.url + "/penjual/produk/impor/")
    expect(page.locator("h1")).to_contain_text("Impor dan ekspor produk")
    for member in members:
        expect(page.locator("ul.items")).to_contain_text(member.slug)
    fits_the_phone(page)

    page.set_input_files("#id_sheet", str(bad_sheet))
    page.set_input_files("#id_photos", str(photos))
    page.get_by_role("button", name="Lihat pratinjau").click()
    expect(page.locator("h1")).to_contain_text("Pratinjau impor")
    expect(page.locator(".notice.error")).to_contain_text("Ada 1 masalah. Tidak ada yang disimpan.")
    problems = page.locator("ul.problems li")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text(f"Baris {BAD_INDEX + 2}, kolom harga (F):")
    expect(page.get_by_role("button", name="Simpan semua")).to_have_count(0)
    fits_the_phone(page)
    assert not Product.objects.filter(stockrecords__partner__seller_profile__in=members).exists()

    # The corrected sheet alone: the photos' ZIP from the first upload is kept for it.
    expect(page.locator(".upload .notice")).to_contain_text("foto-produk.zip")
    page.set_input_files("#id_sheet", str(good_sheet))
    page.get_by_role("button", name="Lihat pratinjau").click()
    expect(page.locator("p.summary")).to_have_text(f"{ROWS} produk baru, 0 diubah, 0 tetap.")
    expect(page.locator("ul.items li")).to_have_count(50)  # the first 50 shown, the rest counted
    expect(page.get_by_text(f"… dan {ROWS - 50} baris lagi.")).to_be_visible()
    fits_the_phone(page)
    assert not Product.objects.filter(stockrecords__partner__seller_profile__in=members).exists()

    page.get_by_role("button", name="Simpan semua").click()
    expect(page.locator(".messages, .notice").first).to_contain_text(f"Impor selesai: {ROWS} produk baru")
    fits_the_phone(page)
    context.close()

    imported = Product.objects.filter(stockrecords__partner__seller_profile__in=members).prefetch_related(
        "stockrecords__partner__seller_profile", "images"
    )
    assert imported.count() == ROWS
    by_title = {product.title: product for product in imported}
    for n, row in enumerate(rows):
        product = by_title[row["nama_produk"]]
        (record,) = product.stockrecords.all()
        assert record.partner.seller_profile == members[n % 3]
        assert record.price == Decimal(row["harga"])
        assert record.num_in_stock == row["stok"]
        assert product.weight_grams == row["berat_gram"]
        (image,) = product.images.all()
        with Image.open(image.original.path) as stored:
            assert stored.format == "JPEG" and stored.size[0] >= 200
            # The member's own photo (its colour), not another row's.
            red, green, _blue = stored.convert("RGB").getpixel((stored.width // 2, stored.height // 2))
            assert abs(red - n % 256) <= 8 and abs(green - (n * 7) % 256) <= 8
    for member in members:
        assert Product.objects.filter(stockrecords__partner=member.partner).count() in (66, 67)
    theirs.refresh_from_db()
    assert (theirs.title, theirs.date_updated, theirs.weight_grams, theirs.images.count()) == theirs_before
    assert theirs.stockrecords.get().price == 18000
    assert Product.objects.count() == ROWS + 1
