"""Issue 21: a cooperative's operator (or a producer) exports and imports listings as XLSX or
CSV with photos from a ZIP: a preview first, nothing written until every row is valid, each
bad row named by its line and column, and only the user's own members' products touched."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from search import services as search_services
from sellers.models import AuditLogEntry
from tests.factories import ProductFactory
from tests.portal.listings_files import (
    cooperative_with_members,
    csv_bytes,
    listing_row,
    photos_zip,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
IMPORT = reverse("sellers:portal-listings-import")
CONFIRM = reverse("sellers:portal-listings-import-confirm")
EXPORT = reverse("sellers:portal-listings-export")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, sheet: bytes, name="produk.xlsx", photos: bytes | None = None):
    data = {"sheet": SimpleUploadedFile(name, sheet, content_type=XLSX_TYPE)}
    if photos is not None:
        data["photos"] = SimpleUploadedFile("foto.zip", photos, content_type="application/zip")
    return client.post(IMPORT, data)


@pytest.fixture
def coop(client):
    operator, members, outsider = cooperative_with_members()
    client.force_login(operator)
    return operator, members, outsider


def test_operator_previews_then_imports_rows_for_three_members_with_cleaned_photos(client, coop):
    operator, members, _outsider = coop
    rows = [listing_row(seller=members[n % 3], n=n, photo=f"tas-{n}.jpg") for n in range(6)]
    response = upload(client, xlsx_bytes(rows), photos=photos_zip([f"tas-{n}.jpg" for n in range(6)]))

    assert response.status_code == 200
    assert "6 produk baru, 0 diubah, 0 tetap" in response.content.decode()
    assert not Product.objects.exists()  # the preview writes nothing
    assert not AuditLogEntry.objects.exists()

    response = client.post(CONFIRM)
    assert response.status_code == 302
    assert Product.objects.count() == 6
    for member in members:
        products = Product.objects.filter(stockrecords__partner=member.partner)
        assert products.count() == 2
        for product in products:
            assert product.weight_grams == 400 and product.processing_days == 2
            assert product.categories.get().name == "Anyaman"
            (image,) = product.images.all()
            with Image.open(image.original.path) as stored:
                assert not stored.getexif()  # the GPS position of the family's home is gone
    # The operator did it on each member's behalf, and the audit log says so.
    entry = AuditLogEntry.objects.filter(action="product_create").first()
    assert entry.actor == operator and entry.on_behalf


def test_a_row_naming_a_non_member_is_refused_by_its_line_and_nothing_is_written(client, coop):
    _operator, members, outsider = coop
    rows = [
        listing_row(seller=members[0], n=0),
        listing_row(seller=outsider, n=1),
        listing_row(seller=members[1], n=2),
    ]
    response = upload(client, xlsx_bytes(rows))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Baris 3, kolom produsen (B):" in page
    assert "bukan anggota koperasi Anda" in page
    # Confirming anyway imports nothing: the whole file is checked again.
    assert client.post(CONFIRM).status_code == 400
    assert not Product.objects.exists()


def test_bad_cells_are_named_by_line_and_column(client, coop):
    _operator, members, _outsider = coop
    rows = [
        listing_row(seller=members[0], n=0, harga=50),
        listing_row(seller=members[0], n=1, berat_gram=""),
        listing_row(seller=members[0], n=2, kategori="Tidak Ada"),
        listing_row(seller=members[0], n=3, foto="hilang.jpg"),
    ]
    page = upload(client, xlsx_bytes(rows), photos=photos_zip(["lain.jpg"])).content.decode()

    assert "Baris 2, kolom harga (F):" in page
    assert "Baris 3, kolom berat_gram (H):" in page
    assert "Baris 4, kolom kategori (E):" in page
    assert "Baris 5, kolom foto (K):" in page and "hilang.jpg: tidak ada di ZIP." in page
    assert not Product.objects.exists()


def test_a_producer_cannot_touch_another_producers_product(client, coop):
    _operator, members, outsider = coop
    theirs = ProductFactory(seller=members[0], title="Kerudung Bordir", price=125000)
    client.force_login(outsider.user)
    rows = [
        listing_row(seller=outsider, n=0, id=theirs.pk, produsen="", nama_produk="Diambil alih"),
        listing_row(seller=members[0], n=1),
    ]
    page = upload(client, xlsx_bytes(rows)).content.decode()

    assert "Baris 2, kolom id (A):" in page
    assert f"Produk {theirs.pk} tidak ada di antara produk yang Anda kelola" in page
    assert "Baris 3, kolom produsen (B):" in page
    client.post(CONFIRM)
    theirs.refresh_from_db()
    assert theirs.title == "Kerudung Bordir"
    assert Product.objects.count() == 1


def test_export_then_import_changes_nothing_and_an_edited_price_updates_one(client, coop):
    _operator, members, outsider = coop
    kept = [
        ProductFactory(seller=member, title=f"Sirup Mangga {n}", price=30000)
        for n, member in enumerate(members)
    ]
    ProductFactory(seller=outsider, title="Bukan milik koperasi")
    response = client.get(EXPORT + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    header, rows = values[0], values[1:]
    assert "bukan milik koperasi" not in str(values).lower()  # only the members' listings
    assert len(rows) == 3 and header[0] == "id"

    same = upload(client, response.content)
    assert "0 produk baru, 0 diubah, 3 tetap" in same.content.decode()

    price = header.index("harga") + 1
    sheet.cell(row=2, column=price, value=31500)
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    changed = upload(client, buffer.getvalue())
    assert "0 produk baru, 1 diubah, 2 tetap" in changed.content.decode()
    assert client.post(CONFIRM).status_code == 302
    prices = sorted(
        int(p.stockrecords.get().price) for p in Product.objects.filter(pk__in=[p.pk for p in kept])
    )
    assert prices == [30000, 30000, 31500]


def test_a_csv_export_imports_back_unchanged_even_with_semicolons(client, coop):
    _operator, members, _outsider = coop
    ProductFactory(seller=members[0], title="Keripik Singkong", price=15000)
    exported = client.get(EXPORT + "?format=csv")
    assert exported.status_code == 200
    response = upload(client, exported.content, name="produk.csv")
    assert "0 produk baru, 0 diubah, 1 tetap" in response.content.decode()
    # Excel set to Indonesian writes ";" between cells.
    rows = [listing_row(seller=members[1], n=1, harga="Rp 27.500")]
    response = upload(client, csv_bytes(rows, delimiter=";"), name="produk.csv")
    assert "1 produk baru" in response.content.decode()
    assert client.post(CONFIRM).status_code == 302
    assert Product.objects.get(title="Tas Anyaman Pandan 1").stockrecords.get().price == 27500


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("produk.xls", b"\xd0\xcf\x11\xe0 old excel", "bukan XLSX atau CSV. Unggah berkas .xlsx atau .csv"),
        ("produk.xlsx", b"id,nama_produk\n1,Tas\n", "bukan XLSX atau CSV yang bisa dibaca"),
        ("produk.csv", b"%PDF-1.7\x00\x00", "bukan XLSX atau CSV yang bisa dibaca"),
    ],
)
def test_a_wrong_file_type_gets_a_clear_message(client, coop, name, content, message):
    response = upload(client, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_too_many_rows_are_refused(client, coop, settings):
    settings.LISTINGS_FILE_MAX_ROWS = 2
    _operator, members, _outsider = coop
    rows = [listing_row(seller=members[0], n=n) for n in range(3)]
    page = upload(client, xlsx_bytes(rows)).content.decode()
    assert "maksimal 2 baris" in page


def test_a_photo_that_is_no_image_is_refused_in_the_preview(client, coop):
    _operator, members, _outsider = coop
    rows = [listing_row(seller=members[0], n=0, foto="palsu.jpg")]
    page = upload(
        client, xlsx_bytes(rows), photos=photos_zip([], extra={"palsu.jpg": b"bukan foto"})
    ).content.decode()
    assert "Baris 2, kolom foto (K):" in page and "bukan foto yang bisa dibaca" in page


def test_a_corrected_sheet_reuses_the_photos_zip_uploaded_before(client, coop):
    _operator, members, outsider = coop
    bad = [listing_row(seller=outsider, n=0, photo="tas-0.jpg")]
    assert upload(client, xlsx_bytes(bad), photos=photos_zip(["tas-0.jpg"])).status_code == 400
    fixed = [listing_row(seller=members[0], n=0, photo="tas-0.jpg")]
    response = upload(client, xlsx_bytes(fixed))  # no ZIP this time
    assert response.status_code == 200
    assert client.post(CONFIRM).status_code == 302
    assert Product.objects.get().images.count() == 1


def test_an_import_rewrites_the_search_index_once_and_its_preview_not_at_all(client, coop, monkeypatch):
    _operator, members, _outsider = coop
    rewrites = []
    rewrite = search_services.products_index

    def recorded(*, product_ids):
        rewrites.append(set(product_ids))
        rewrite(product_ids=product_ids)

    monkeypatch.setattr(search_services, "products_index", recorded)
    rows = [listing_row(seller=members[n % 3], n=n) for n in range(9)]
    upload(client, xlsx_bytes(rows))
    assert rewrites == []
    client.post(CONFIRM)
    assert len(rewrites) == 1
    assert rewrites[0] == set(Product.objects.values_list("pk", flat=True))


def test_the_preview_shows_each_rows_price_as_rupiah(client, coop):
    _operator, members, _outsider = coop
    rows = [
        listing_row(seller=members[0], n=0, harga=25000),
        listing_row(seller=members[1], n=1, harga="Rp 27.500"),
    ]
    page = upload(client, xlsx_bytes(rows)).content.decode()
    assert "Rp\xa025.000" in page and "Rp\xa027.500" in page
    assert "Rp 25000" not in page
