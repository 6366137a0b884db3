import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sellers.images import MAX_EDGE, image_clean
from tests.images import decompression_bomb, image_file, jpeg_with_gps


def test_jpeg_is_resized_and_loses_its_exif_and_gps():
    upload = jpeg_with_gps()
    with Image.open(io.BytesIO(upload.read())) as original:
        assert 0x8825 in original.getexif()  # the test file really carries GPS
    upload.seek(0)
    clean = image_clean(upload)
    with Image.open(io.BytesIO(clean.content)) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == MAX_EDGE
        assert len(stored.getexif()) == 0
        assert "exif" not in stored.info


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(fmt):
    clean = image_clean(image_file(fmt))
    with Image.open(io.BytesIO(clean.content)) as stored:
        assert stored.format == fmt


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("foto.jpg", b"#!/bin/sh\nrm -rf /\n", content_type="image/jpeg"), "bukan foto"),
        (image_file("GIF"), "JPG, PNG atau WebP"),
        (image_file("BMP"), "JPG, PNG atau WebP"),
        (image_file("PNG", size=(120, 90)), "terlalu kecil"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(upload, message):
    with pytest.raises(ValidationError, match=message):
        image_clean(upload)


def test_decompression_bomb_is_refused():
    with pytest.raises(ValidationError, match="terlalu besar"):
        image_clean(decompression_bomb())


def test_oversized_upload_is_refused_before_decoding():
    big = SimpleUploadedFile("besar.jpg", b"\xff\xd8" + b"0" * (9 * 1024 * 1024), content_type="image/jpeg")
    with pytest.raises(ValidationError, match="8 MB"):
        image_clean(big)
