"""The search, catalogue and category pages and the autocomplete endpoint."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_search_page_shows_results_facets_with_counts_and_links_that_narrow(client, backend, shop):
    backend.reindex()
    response = client.get(reverse("search:search"), {"q": "krupuk ikan"})
    assert response.status_code == 200
    assert [p.title for p in response.context["results"]] == ["Kerupuk Kulit Ikan Pedas 250 g"]
    province = next(f for f in response.context["facets"] if f["name"] == "province")
    assert [(v["label"], v["count"]) for v in province["values"]] == [("Jawa Barat", 1)]
    assert "province=32" in province["values"][0]["url"] and "q=krupuk+ikan" in province["values"][0]["url"]
    content = response.content.decode()
    assert "Jawa Barat" in content and "Provinsi" in content


def test_a_chosen_facet_narrows_and_can_be_removed(client, backend, shop):
    backend.reindex()
    response = client.get(reverse("search:search"), {"q": "kerupuk", "province": "33"})
    assert [p.title for p in response.context["results"]] == ["Keripik Singkong Balado"]
    [active] = response.context["active_filters"]
    assert active["label"] == "Jawa Tengah"
    assert "province" not in active["url"]
    assert ("province", "33") in response.context["hidden_filters"]


def test_a_typo_shows_results_and_did_you_mean(client, backend, shop):
    backend.reindex()
    response = client.get(reverse("search:search"), {"q": "kerupk"})
    assert response.context["paginator"].count >= 2
    assert response.context["suggestion"] == "kerupuk"
    assert "Mungkin maksud Anda" in response.content.decode()


def test_nothing_found_suggests_categories(client, backend, shop):
    backend.reindex()
    response = client.get(reverse("search:search"), {"q": "sepeda motor"})
    assert response.status_code == 200
    assert response.context["paginator"].count == 0
    content = response.content.decode()
    assert "Tidak ada produk yang cocok" in content
    assert shop.makanan.get_absolute_url() in content


def test_category_page_counts_its_children_and_regions(client, backend, shop):
    backend.reindex()
    response = client.get(shop.makanan.get_absolute_url())
    facets = {f["name"]: f for f in response.context["facets"]}
    assert [(v["label"], v["count"]) for v in facets["category"]["values"]] == [("Kerupuk dan Keripik", 3)]
    assert {v["label"]: v["count"] for v in facets["province"]["values"]} == {
        "Jawa Barat": 2,
        "Jawa Tengah": 1,
    }
    response = client.get(reverse("catalogue:index"), {"regency": "3307"})
    assert response.context["paginator"].count == 3
    village = next(f for f in response.context["facets"] if f["name"] == "village")
    assert [(v["label"], v["count"]) for v in village["values"]] == [("Desa Kuripan", 3)]


@pytest.mark.parametrize(
    "params",
    [
        {"province": "xx"},
        {"regency": "<script>"},
        {"village": "1" * 40},
        {"category": "abc"},
        {"category": "99999999999999999999"},
        {"producer": "-3"},
        {"price": "0-999999999"},
        {"halal": "maybe"},
        {"sort_by": "harga"},
        {"page": "-1"},
        {"page": "9999"},
        {"q": "kerupuk & | ! :* ( )"},
        {"q": "!!!"},
        {"q": "x" * 500},
        {"q": "kerupuk", "category": "424242"},
    ],
)
def test_bad_parameters_give_a_normal_page(client, shop, params):
    for url in (reverse("search:search"), reverse("catalogue:index"), shop.makanan.get_absolute_url()):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)


def test_valid_filters_still_apply_beside_bad_ones(client, shop):
    response = client.get(reverse("catalogue:index"), {"province": "33", "price": "nope", "halal": "1"})
    assert [p.title for p in response.context["products"]] == ["Keripik Singkong Balado"]


def test_autocomplete_answers_json_with_product_links(client, backend, shop):
    backend.require("completion")
    backend.reindex()
    response = client.get(reverse("search:autocomplete"), {"q": "sirup"})
    assert response.status_code == 200
    [suggestion] = response.json()["suggestions"]
    assert suggestion == {
        "title": "Sirup Mangga Gedong Gincu 600 ml",
        "url": shop.products["sirup"].get_absolute_url(),
    }
    assert client.get(reverse("search:autocomplete")).json() == {"query": "", "suggestions": []}


def test_the_search_box_works_without_javascript(client, db):
    content = client.get(reverse("search:search")).content.decode()
    assert 'name="q"' in content
    # search.js, when it runs, finds its URL on its own script tag.
    assert f'data-autocomplete-url="{reverse("search:autocomplete")}"' in content
