"""Uploaded files are served as what they are: images inline, anything else as a download."""

import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

pytestmark = pytest.mark.django_db


def _put(settings, name: str, content: bytes) -> None:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


@pytest.mark.parametrize(
    "name",
    [
        "uploads/halaman.html",
        "uploads/gambar.svg",
        "uploads/skrip.js",
        "documents/surat.pdf",
        "uploads/tanpa",
    ],
)
def test_anything_but_a_raster_image_downloads_and_cannot_run(client, settings, name):
    _put(settings, name, b"<html><script>alert(document.cookie)</script></html>")

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_images_are_served_inline_with_their_type(client, settings):
    _put(settings, "sellers/foto.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32)

    response = client.get("/media/sellers/foto.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_media_outside_the_upload_folder_is_not_served(client, settings):
    assert client.get("/media/../manage.py").status_code in (400, 404)
    assert client.get("/media/%2e%2e/manage.py").status_code in (400, 404)


def test_uploaded_files_are_never_executable(settings):
    name = default_storage.save("uploads/skrip.sh", ContentFile(b"#!/bin/sh\necho hi\n"))
    mode = os.stat(default_storage.path(name)).st_mode
    assert mode & 0o111 == 0


def test_wagtail_documents_refuse_web_pages_and_download_with_nosniff(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents.models import Document

    response = staff_client.post(
        "/cms/documents/add/",
        {"title": "Jahat", "file": SimpleUploadedFile("jahat.html", b"<script>alert(1)</script>")},
    )
    assert not Document.objects.filter(title="Jahat").exists(), response.status_code

    document = Document.objects.create(
        title="Laporan", file=ContentFile(b"PK\x03\x04 laporan", name="laporan.docx")
    )
    served = staff_client.get(document.url)
    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("attachment")
    assert served["Content-Security-Policy"] == "default-src 'none'"
