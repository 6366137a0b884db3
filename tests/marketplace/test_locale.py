import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_settings_speak_indonesian_first_in_jakarta_time():
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.OSCAR_DEFAULT_CURRENCY == "IDR"


@pytest.mark.parametrize("language", ["id", "en"])
def test_prices_show_as_rupiah_without_decimals(language):
    template = Template("{% load currency_filters %}{{ price|currency }}")
    with translation.override(language):
        assert template.render(Context({"price": 25000})) == "Rp\xa025.000"
        assert template.render(Context({"price": 1250000})) == "Rp\xa01.250.000"


def test_shop_greets_in_indonesian_even_when_the_browser_asks_for_english(client, product):
    response = client.get("/catalogue/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    content = response.content.decode()
    assert '<html lang="id"' in content
    assert "Semua produk" in content
    assert ">Keranjang<" in content


def test_language_switcher_turns_the_shop_english(client, product):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/catalogue/"})
    assert response.status_code == 302
    content = client.get("/catalogue/").content.decode()
    assert '<html lang="en"' in content
    assert "All products" in content
    assert ">Cart<" in content  # Oscar's en_US wording


def test_unknown_language_cookie_falls_back_to_indonesian(client, product):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="id"' in client.get("/catalogue/").content.decode()
