"""Reading the labels back as a courier's scanner and a person would: the PDF's text, and
the barcode decoded from the bars the PDF draws (rasterised here, read by zxing-cpp)."""

import io

import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader

PIXELS_PER_POINT = 8


def pdf_pages(pdf: bytes) -> list:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf)).pages


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_pages(pdf))


def _filled_rectangles(page) -> list[tuple[float, float, float, float]]:
    """Every filled rectangle on the page in page coordinates (ReportLab draws bars so)."""
    rectangles, stack = [], []
    a, d, e, f = 1.0, 1.0, 0.0, 0.0  # scale and translation: ReportLab rotates nothing here
    pending = []
    for operands, operator in page.get_contents().operations:
        if operator == b"q":
            stack.append((a, d, e, f))
        elif operator == b"Q":
            a, d, e, f = stack.pop()
        elif operator == b"cm":
            na, _nb, _nc, nd, ne, nf = (float(value) for value in operands)
            e, f = e + a * ne, f + d * nf
            a, d = a * na, d * nd
        elif operator == b"re":
            x, y, w, h = (float(value) for value in operands)
            pending.append((e + a * x, f + d * y, a * w, d * h))
        elif operator in (b"f", b"F", b"f*", b"B", b"b"):
            rectangles += pending
            pending = []
        elif operator in (b"n", b"S", b"s"):
            pending = []
    return rectangles


def barcodes(pdf: bytes, *, min_height: float = 20) -> list[tuple[str, str]]:
    """(format, text) of each barcode on the first page: the tall thin filled rectangles
    drawn onto a white image at 8 px per point, then decoded."""
    page = pdf_pages(pdf)[0]
    bars = [rect for rect in _filled_rectangles(page) if rect[3] >= min_height and rect[2] < 5]
    assert bars, "no bars drawn"
    left = min(x for x, _y, _w, _h in bars) - 20
    right = max(x + w for x, _y, w, _h in bars) + 20
    bottom = min(y for _x, y, _w, _h in bars)
    top = max(y + h for _x, y, _w, h in bars)
    image = Image.new(
        "L", (int((right - left) * PIXELS_PER_POINT), int((top - bottom) * PIXELS_PER_POINT) + 40), 255
    )
    draw = ImageDraw.Draw(image)
    for x, y, w, h in bars:
        x0 = (x - left) * PIXELS_PER_POINT
        y0 = (top - (y + h)) * PIXELS_PER_POINT + 20
        draw.rectangle([x0, y0, x0 + w * PIXELS_PER_POINT - 1, y0 + h * PIXELS_PER_POINT], fill=0)
    return [(result.format.name, result.text) for result in zxingcpp.read_barcodes(image)]
