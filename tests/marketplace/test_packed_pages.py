"""Cached pages are stored gzip-compressed around their per-visitor holes; a hit writes the
visitor's CSRF token and nonce between the compressed texts. What it sends must be a valid
gzip stream of exactly the filled page, as small as compressing the filled page would be."""

import gzip
import re
import zlib

import pytest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client, RequestFactory
from django.urls import reverse

from marketplace.csrf import csrf_token
from marketplace.packed_pages import PackedPage
from tests.factories import ProductFactory

HOLES = {"\x00csrf\x00": ("csrf", 8), "\x00nonce\x00": ("nonce", 4)}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _card(n: int) -> str:
    return (
        f'<article class="card"><h3>Kerupuk Kulit Ikan {n}</h3><p>Rp {n}5.000</p>'
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="\x00csrf\x00">'
        "<button>Tambah ke keranjang</button></form></article>\n"
    )


PAGE = (
    '<html><head><script nonce="\x00nonce\x00">oscar.init();</script></head><body>'
    + "".join(_card(n) for n in range(40))
    + '<script nonce="\x00nonce\x00"></script></body></html>'
)


def _filled(html: str, values: dict[str, bytes]) -> bytes:
    return (
        html.replace("\x00csrf\x00", values["csrf"].decode())
        .replace("\x00nonce\x00", values["nonce"].decode())
        .encode()
    )


@pytest.mark.parametrize(
    "html",
    [
        PAGE,
        "\x00csrf\x00" + PAGE + "\x00nonce\x00",  # a hole first and last
        "<p>\x00csrf\x00\x00nonce\x00\x00csrf\x00</p>",  # holes side by side
        "<p>no holes at all</p>",
        "<p>\x00 a stray NUL \x00nonce\x00</p>",  # compressed without dictionaries
    ],
)
def test_the_assembled_stream_is_exactly_the_filled_page(html):
    page = PackedPage.pack(html, holes=HOLES, content_type="text/html", charset="utf-8")
    for values in (
        {"csrf": b"AbCdEfGh", "nonce": b"xyzw"},
        {"csrf": b"00000000", "nonce": b"\x00\x00\x00\x00"},
    ):
        expected = _filled(html, values)
        assert page.plain(values) == expected
        packed = page.gzipped(values)
        assert gzip.decompress(packed) == expected  # checks the CRC and length too
        assert zlib.decompress(packed, wbits=31) == expected


def test_values_of_another_length_still_give_the_right_page():
    page = PackedPage.pack(PAGE, holes=HOLES, content_type="text/html", charset="utf-8")
    values = {"csrf": b"a-much-longer-token-than-packed-for", "nonce": b"n"}
    assert gzip.decompress(page.gzipped(values)) == _filled(PAGE, values)


def test_the_cards_compress_against_each_other():
    page = PackedPage.pack(PAGE, holes=HOLES, content_type="text/html", charset="utf-8")
    values = {"csrf": b"AbCdEfGh", "nonce": b"xyzw"}
    # Each text between two holes compressed alone, the way without a preset dictionary.
    alone = sum(len(zlib.compress(text, 9)) for text in page.texts)
    assert len(page.gzipped(values)) * 2 < alone


@pytest.mark.django_db
def test_a_cached_listing_hit_is_sent_compressed_with_this_visitors_values(product):
    for number in range(11):
        ProductFactory(
            seller=product.stockrecords.get().partner.seller_profile, title=f"Keripik Tempe {number}"
        )
    url = reverse("catalogue:index")
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    hit = visitor.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"]
    assert int(hit["Content-Length"]) == len(hit.content)
    html = gzip.decompress(hit.content).decode()
    assert "Keripik Tempe 10" in html
    # Each card's form has a hole: the page is a little larger than compressing it whole
    # (measured: 15 % on a 24-product listing), never much.
    assert len(hit.content) < len(gzip.compress(html.encode(), compresslevel=6)) * 1.25
    nonce = re.search(r"'nonce-([^']+)'", hit["Content-Security-Policy"]).group(1)
    assert set(re.findall(r'nonce="([^"]+)"', html)) == {nonce}
    tokens = set(TOKEN.findall(html))
    assert len(tokens) == 1
    added = visitor.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1, "csrfmiddlewaretoken": tokens.pop()}
    )
    assert added.status_code == 302

    plain = Client().get(url)
    assert plain["X-Page-Cache"] == "hit" and "Content-Encoding" not in plain
    assert "Keripik Tempe 10" in plain.content.decode()


def test_csrf_tokens_are_djangos_masked_tokens_of_the_cookies_secret():
    request = RequestFactory().get("/")
    first, second = csrf_token(request), csrf_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert len(secret) == 32 and len(first) == 64 and first != second
    assert set(first + second + secret) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == secret
    # Every character of the alphabet turns up (a biased or narrowed draw would show here).
    drawn = "".join(csrf_token(RequestFactory().get("/")) for _ in range(200))
    assert set(drawn) == set(CSRF_ALLOWED_CHARS)
