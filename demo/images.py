"""Product pictures drawn with Pillow at load time, so the demo downloads nothing."""

import hashlib
import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

_PALETTES = {
    "food": ((244, 201, 93), (122, 62, 22)),
    "livestock": ((226, 232, 206), (58, 90, 40)),
    "craft": ((214, 184, 140), (74, 50, 26)),
    "garment": ((11, 110, 79), (250, 246, 230)),
}


def product_picture(title: str, kind: str, size: int = 800) -> bytes:
    """A square JPEG with the product's name on a pattern seeded by the name."""
    background, ink = _PALETTES.get(kind, ((240, 240, 240), (30, 30, 30)))
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    seed = hashlib.sha256(title.encode()).digest()
    for i in range(0, 24, 3):
        x, y, r = seed[i] * size // 255, seed[i + 1] * size // 255, 40 + seed[i + 2] // 2
        shade = tuple(max(0, min(255, c + (seed[i] % 40) - 20)) for c in background)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    font = ImageFont.load_default(size=size // 14)
    lines = textwrap.wrap(title, width=16)[:4]
    line_height = size // 12
    top = (size - line_height * len(lines)) // 2
    for n, line in enumerate(lines):
        width = draw.textlength(line, font=font)
        draw.text(((size - width) / 2, top + n * line_height), line, font=font, fill=ink)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()
