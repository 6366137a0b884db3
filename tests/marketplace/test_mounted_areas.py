import json

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/", "/catalogue/", "/basket/", "/search/?q=kerupuk", "/accounts/login/", "/desa/", "/produsen/"],
)
def test_public_area_answers(client, product, url):
    response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/dashboard/", "/cms/", "/django-admin/"])
def test_staff_areas_ask_anonymous_users_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(
    ("url", "marker"),
    [
        ("/dashboard/", b"dashboard"),
        ("/cms/", b"wagtail"),
        ("/django-admin/", b"Django"),
    ],
)
def test_staff_areas_answer_staff(staff_client, url, marker):
    response = staff_client.get(url)
    assert response.status_code == 200
    assert marker.lower() in response.content.lower()


def test_home_is_the_wagtail_home_page_showing_the_shop(client, product):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["page"].specific_class.__name__ == "HomePage"
    assert product.title.encode() in response.content
    assert product.stockrecords.first().partner.seller_profile.village.name.encode() in response.content


def test_shop_urls_win_over_wagtail_pages(client, product):
    # Wagtail's catch-all is mounted last: a shop URL never falls through to it.
    response = client.get("/catalogue/")
    assert response.resolver_match.app_names == ["catalogue"]


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["database"] == "ok"


def test_healthz_reports_database_down_with_503(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"
