"""The same search behaviour on both backends: Indonesian words, synonyms, typos, facets.

Each test runs once per backend (the ``backend`` fixture in conftest.py).
"""

from decimal import Decimal

import pytest
from django.db.models import Count

from catalog.selectors import product_browsable
from search import services
from search.queries import PRICE_RANGES, SORT_PRICE_ASC, ProductQuery
from sellers.services import seller_suspend

pytestmark = pytest.mark.django_db


def _search(text="", **filters):
    return services.product_search(query=ProductQuery(text=text, **filters))


def _titles(text="", **filters) -> list[str]:
    return [product.title for product in _search(text, **filters).products]


def _facet(page, name) -> dict:
    facet = next((f for f in page.facets if f.name == name), None)
    return {value.key: value.count for value in facet.values} if facet else {}


@pytest.mark.parametrize(
    ("text", "expected", "needs_stemmer"),
    [
        ("kerajinan", "Kerajinan Tangan Tempat Tisu Pandan", False),
        # "anyaman" and "dianyam" share the stem "anyam".
        ("anyaman", "Keranjang Bambu Wulung", True),
        ("bordiran", "Kerudung Bordir Tangan Motif Mega Mendung", True),
    ],
)
def test_indonesian_words_find_their_other_forms(backend, shop, text, expected, needs_stemmer):
    if needs_stemmer:
        backend.require("indonesian_stemmer")
    backend.reindex()
    assert expected in _titles(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "krupuk",
            {"Kerupuk Kulit Ikan Pedas 250 g", "Kerupuk Udang Indramayu 250 g", "Keripik Singkong Balado"},
        ),
        ("krupuk ikan", {"Kerupuk Kulit Ikan Pedas 250 g"}),
        ("syrup", {"Sirup Mangga Gedong Gincu 600 ml"}),
        ("sulam", {"Kerudung Bordir Tangan Motif Mega Mendung"}),
    ],
)
def test_synonyms_shoppers_use_find_the_product(backend, shop, text, expected):
    backend.reindex()
    assert set(_titles(text)) == expected


def test_a_typo_still_finds_the_product_and_suggests_the_word(backend, shop):
    backend.reindex()
    page = _search("kerupk")
    titles = {product.title for product in page.products}
    assert {"Kerupuk Kulit Ikan Pedas 250 g", "Kerupuk Udang Indramayu 250 g"} <= titles
    assert page.suggestion == "kerupuk"


def test_exact_words_need_no_suggestion(backend, shop):
    backend.reindex()
    page = _search("sirup mangga")
    assert [p.title for p in page.products] == ["Sirup Mangga Gedong Gincu 600 ml"]
    assert page.suggestion == ""


def test_hidden_products_and_unapproved_sellers_are_never_found(backend, shop):
    backend.reindex()
    everything = set(_titles()) | set(_titles("kerupuk ikan")) | set(_titles("kerupuk"))
    assert "Kerupuk Kulit Ikan Pedas 250 g" in everything
    for key in ("hidden", "suspended", "applied"):
        assert shop.products[key].title not in everything
    assert _search().total == 8


def test_a_suspended_sellers_products_leave_the_index_after_commit(
    backend, shop, django_capture_on_commit_callbacks
):
    backend.reindex()
    assert "Kopi Robusta Kuripan 200 g" in _titles("kopi")
    with django_capture_on_commit_callbacks(execute=True):
        seller_suspend(seller=shop.kuripan, reason="Izin edar sedang diperiksa.")
    assert _titles("kopi") == []
    assert _search().total == 5


def test_product_changes_are_indexed_after_commit(backend, shop, django_capture_on_commit_callbacks):
    backend.reindex()
    product = shop.products["kopi"]
    with django_capture_on_commit_callbacks(execute=True):
        product.title = "Kopi Arabika Sindoro 200 g"
        product.save()
    assert _titles("arabika") == ["Kopi Arabika Sindoro 200 g"]
    with django_capture_on_commit_callbacks(execute=True):
        product.is_public = False
        product.save()
    assert _titles("arabika") == []


def test_facet_counts_match_the_database(backend, shop):
    backend.reindex()
    page = _search()
    listed = product_browsable()
    by_province = dict(
        listed.values_list("stockrecords__partner__seller_profile__village__district__regency__province_id")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    assert _facet(page, "province") == by_province == {"32": 5, "33": 3}
    by_producer = dict(
        listed.values_list("stockrecords__partner__seller_profile").annotate(n=Count("id")).order_by()
    )
    assert _facet(page, "producer") == {str(k): v for k, v in by_producer.items()}
    # Top-level categories count their children's products too.
    assert _facet(page, "category") == {
        str(shop.makanan.pk): listed.filter(categories=shop.kerupuk).count(),
        str(shop.minuman.pk): listed.filter(categories=shop.minuman).count(),
        str(shop.kerajinan.pk): listed.filter(categories=shop.kerajinan).count(),
    }
    expected_prices = {}
    for price_range in PRICE_RANGES:
        prices = listed.filter(stockrecords__price__gte=price_range.low or Decimal(0))
        if price_range.high is not None:
            prices = prices.filter(stockrecords__price__lt=price_range.high)
        if count := prices.count():
            expected_prices[price_range.key] = count
    assert _facet(page, "price") == expected_prices
    assert _facet(page, "halal") == {"1": listed.exclude(halal_number="").count()}
    assert _facet(page, "pirt") == {"1": listed.exclude(pirt_number="").count()}
    assert _facet(page, "in_stock") == {"1": 7}


def test_facets_narrow_the_results_and_open_the_next_region_level(backend, shop):
    backend.reindex()
    page = _search(province="32")
    assert page.total == 5
    assert _facet(page, "regency") == {"3212": 5}
    assert "village" not in {f.name for f in page.facets}
    page = _search(province="32", regency="3212", halal=True)
    assert {p.title for p in page.products} == {
        "Kerupuk Kulit Ikan Pedas 250 g",
        "Sirup Mangga Gedong Gincu 600 ml",
    }
    assert _facet(page, "village") == {"3212040006": 2}
    page = _search("kerupuk", category=shop.makanan.pk, price="25000-50000")
    assert {p.title for p in page.products} == {
        "Kerupuk Kulit Ikan Pedas 250 g",
        "Kerupuk Udang Indramayu 250 g",
    }
    assert _facet(page, "category") == {str(shop.kerupuk.pk): 2}
    assert _search(producer=shop.kuripan.pk, in_stock=True).total == 3


def test_sorting_by_price_and_in_stock_products_first(backend, shop):
    backend.reindex()
    assert _titles(category=shop.kerupuk.pk, sort=SORT_PRICE_ASC) == [
        "Keripik Singkong Balado",
        "Kerupuk Kulit Ikan Pedas 250 g",
        "Kerupuk Udang Indramayu 250 g",
    ]
    # Both kerupuk match "kerupuk" alike: the one out of stock comes second, still before
    # the keripik that only the synonym finds (stock breaks ties, it does not beat a tier).
    assert _titles("kerupuk") == [
        "Kerupuk Kulit Ikan Pedas 250 g",
        "Kerupuk Udang Indramayu 250 g",
        "Keripik Singkong Balado",
    ]


def test_pages_of_results(backend, shop):
    backend.reindex()
    first = services.product_search(query=ProductQuery(sort="title-asc").with_page(0, 3))
    second = services.product_search(query=ProductQuery(sort="title-asc").with_page(3, 3))
    assert first.total == second.total == 8
    assert [p.title for p in first.products] == [
        "Keranjang Bambu Wulung",
        "Keripik Singkong Balado",
        "Kerajinan Tangan Tempat Tisu Pandan",
    ][:0] or len(first.products) == 3
    assert not {p.pk for p in first.products} & {p.pk for p in second.products}


def test_autocomplete_completes_titles(backend, shop):
    backend.require("completion")
    backend.reindex()
    titles = [s.title for s in services.product_autocomplete(prefix="keru")]
    assert "Kerupuk Kulit Ikan Pedas 250 g" in titles
    assert "Kerudung Bordir Tangan Motif Mega Mendung" in titles
    assert not {"Kerupuk Ikan Disembunyikan", "Kerupuk Ikan Pendaftar"} & set(titles)
    assert "Kerupuk Kulit Ikan Pedas 250 g" in [
        s.title for s in services.product_autocomplete(prefix="kulit ik")
    ]


# The database index is a table written in the same transaction; only an external one waits.
@pytest.mark.search
@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
def test_an_external_index_is_written_by_the_worker_not_the_request(
    backend, shop, settings, django_capture_on_commit_callbacks
):
    backend.reindex()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    product = shop.products["kopi"]
    with django_capture_on_commit_callbacks(execute=True):
        product.title = "Kopi Arabika Sindoro 200 g"
        product.save()
    assert _titles("arabika") == []  # the request only queued the work
    queued = [result for result in default_task_backend.results if result.task.name == "products_index_task"]
    assert len(queued) == 1 and product.pk in queued[0].args[0]
    with django_capture_on_commit_callbacks(execute=True):  # what the worker does
        queued[0].task.call(*queued[0].args)
    assert _titles("arabika") == ["Kopi Arabika Sindoro 200 g"]
