"""Real listings files (XLSX made with openpyxl, CSV) and photo ZIPs for the bulk import tests."""

import csv
import io
import zipfile

import openpyxl
from PIL import Image

from tests.factories import (
    CategoryFactory,
    CooperativeFactory,
    ProductClassFactory,
    SellerProfileFactory,
    UserFactory,
)

HEADERS = [
    "id",
    "produsen",
    "nama_produk",
    "jenis",
    "kategori",
    "harga",
    "stok",
    "berat_gram",
    "waktu_proses_hari",
    "nomor_pirt",
    "foto",
]


def listing_row(*, seller, n: int, photo: str = "", **changes) -> dict:
    row = {
        "id": "",
        "produsen": seller.slug,
        "nama_produk": f"Tas Anyaman Pandan {n}",
        "jenis": "Kerajinan",
        "kategori": "Anyaman",
        "harga": 25000 + n * 100,
        "stok": 5 + n % 7,
        "berat_gram": 400,
        "waktu_proses_hari": 2,
        "nomor_pirt": "",
        "foto": photo,
    }
    return {**row, **changes}


def xlsx_bytes(rows: list[dict], headers=HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict], headers=HEADERS, delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def jpeg_with_gps_bytes(size=(400, 300), colour=(180, 140, 80)) -> bytes:
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "S", 2: (6.0, 20.0, 0.0), 3: "E", 4: (108.0, 19.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def photos_zip(names, extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, name in enumerate(names):
            archive.writestr(f"foto/{name}", jpeg_with_gps_bytes(colour=(n % 255, 120, 80)))
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def cooperative_with_members(count: int = 3):
    """An operator's cooperative with `count` members (no accounts of their own), and a
    producer outside it."""
    ProductClassFactory(name="Kerajinan")
    CategoryFactory(name="Anyaman")
    operator = UserFactory(username="operator", email="operator@contoh.id")
    cooperative = CooperativeFactory(name="BUMDes Tanjung Luar")
    cooperative.operators.add(operator)
    members = [
        SellerProfileFactory(name=f"Anggota {n}", slug=f"anggota-{n}", cooperative=cooperative, user=None)
        for n in range(1, count + 1)
    ]
    outsider = SellerProfileFactory(name="Usaha Lain", slug="usaha-lain")
    return operator, members, outsider
