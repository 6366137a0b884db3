import pytest
from django.urls import reverse

from exchange.guess import country_of_work_guess

pytestmark = pytest.mark.django_db

URL = "/negara-kerja/"


def test_the_page_lists_the_countries_of_work_as_a_plain_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<form method="post" action="/negara-kerja/"' in page
    for code, name in [
        ("HK", "Hong Kong"),
        ("TW", "Taiwan"),
        ("MY", "Malaysia"),
        ("SG", "Singapura"),
        ("SA", "Arab Saudi"),
        ("KR", "Korea Selatan"),
        ("JP", "Jepang"),
        ("ID", "Indonesia"),
    ]:
        assert f'value="{code}"' in page
        assert name in page
    assert reverse("exchange:country-of-work") == URL


def test_choosing_a_country_is_remembered_and_sets_the_currency(client):
    response = client.post(URL, {"country": "HK", "next": "/katalog/"})
    assert response.status_code == 302
    assert response["Location"] == "/katalog/"
    assert response.cookies["negara_kerja"].value == "HK"
    page = client.get(URL)
    assert page.context["visitor_currency"] == "HKD"
    assert page.context["form"].initial["country"] == "HK"


def test_the_cookie_outlives_the_session(client):
    client.post(URL, {"country": "JP"})
    client.session.flush()
    client.cookies.pop("sessionid", None)
    assert client.get(URL).context["visitor_country"].code == "JP"


def test_an_outside_next_address_is_not_followed(client):
    response = client.post(URL, {"country": "TW", "next": "https://penipu.example/"})
    assert response["Location"] == URL


def test_an_unknown_country_gets_a_clear_message_and_the_form_again(client):
    response = client.post(URL, {"country": "US"})
    assert response.status_code == 400
    assert "Negara itu tidak ada dalam daftar" in response.content.decode()
    assert "negara_kerja" not in response.cookies
    assert client.post(URL, {}).status_code == 400


def test_browser_in_hong_kong_is_guessed_without_a_choice(client):
    response = client.get(URL, headers={"Accept-Language": "zh-HK,zh;q=0.9,en;q=0.8"})
    assert response.context["visitor_currency"] == "HKD"
    assert client.get(URL, headers={"Accept-Language": "en-US,en"}).context["visitor_currency"] == "IDR"


@pytest.mark.parametrize(
    "accept_language, time_zone, country",
    [
        ("zh-HK,zh;q=0.9", "", "HK"),
        ("zh-TW", "", "TW"),
        ("ms-MY", "", "MY"),
        ("en-SG,en;q=0.9", "", "SG"),
        ("ar-SA", "", "SA"),
        ("ko", "", "KR"),
        ("ja-JP", "", "JP"),
        ("id-ID,id;q=0.9", "", "ID"),
        ("id-ID", "Asia/Hong_Kong", "HK"),  # the time zone wins: the phone keeps its language
        ("en-US", "Asia/Kuching", "MY"),
        ("", "Asia/Makassar", "ID"),
        ("zh", "", None),  # Chinese alone: Hong Kong, Taiwan or Singapore
        ("ar", "", None),
        ("en-US,zh-HK;q=0.5", "", None),  # only the first preference counts
        ("", "Europe/Amsterdam", None),
        ("*", "", None),
        ("", "", None),
    ],
)
def test_country_guess(accept_language, time_zone, country):
    assert country_of_work_guess(accept_language=accept_language, time_zone=time_zone) == country


def test_the_time_zone_hint_cookie_is_used_for_the_guess(client):
    client.cookies["zona_waktu"] = "Asia/Taipei"
    response = client.get(URL, headers={"Accept-Language": "id-ID"})
    assert response.context["visitor_currency"] == "TWD"
    assert "exchange/time_zone.js" in response.content.decode()
