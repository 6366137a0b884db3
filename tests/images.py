"""Real image files made with Pillow for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_with_gps(size=(2400, 1800), name="foto.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 1  # Orientation
    gps = {1: "S", 2: (6.0, 20.0, 0.0), 3: "E", 4: (108.0, 19.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def image_file(fmt="PNG", size=(640, 480), name=None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 110, 79)).save(buffer, fmt)
    extension = {"PNG": "png", "WEBP": "webp", "GIF": "gif", "JPEG": "jpg", "BMP": "bmp"}[fmt]
    return SimpleUploadedFile(
        name or f"foto.{extension}", buffer.getvalue(), content_type=f"image/{extension}"
    )


def decompression_bomb(name="bom.png") -> SimpleUploadedFile:
    """A small PNG that claims 30,000 x 30,000 pixels (900 MP) once decoded."""
    buffer = io.BytesIO()
    Image.new("1", (30000, 30000)).save(buffer, "PNG", optimize=True)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
