import pytest
from django.test import RequestFactory

from marketplace.views import server_error

pytestmark = pytest.mark.django_db


def test_404_page_is_indonesian_in_the_shop_layout(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Halaman tidak ditemukan" in content
    assert "Pasar Desmigratif" in content
    assert 'href="/catalogue/"' in content


def test_500_page_is_indonesian_and_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    content = response.content.decode()
    assert "Maaf, terjadi kesalahan di server" in content
    assert "css/pasar.css" in content


def test_unhandled_error_is_served_by_the_custom_500_page(client, monkeypatch):
    from search import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.CatalogueView, "get", explode)
    client.raise_request_exception = False
    response = client.get("/catalogue/")
    assert response.status_code == 500
    assert "Maaf, terjadi kesalahan di server" in response.content.decode()
