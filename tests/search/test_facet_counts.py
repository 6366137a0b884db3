"""The database backend keeps the unfiltered catalogue's facet counts as it indexes, instead of
counting every listed product per listing: they must stay equal to a count of the index
through every kind of change, and through compaction."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from oscar.core.loading import get_model

from search import services
from search.backends import DATABASE, get_backend
from search.models import FacetCountChange, ProductSearchEntry
from search.queries import ProductQuery
from sellers.services import seller_suspend
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def database_backend(settings):
    settings.SEARCH_BACKEND = DATABASE
    settings.SEARCH_BACKEND_OPTIONS = {}
    return get_backend()


def _everything(shop) -> ProductQuery:
    categories = (shop.makanan.pk, shop.minuman.pk, shop.kerajinan.pk, shop.kerupuk.pk)
    return ProductQuery(facet_category_ids=categories)


def _kept_and_counted(backend, query) -> tuple[dict, dict]:
    """The facets from the kept counts, and the same counted from the index's rows."""
    kept = backend._facets_counted(query)
    counted = backend._facets(ProductSearchEntry.objects.all(), query)
    return kept, counted


def _assert_counts_match(backend, shop) -> dict:
    kept, counted = _kept_and_counted(backend, _everything(shop))
    assert kept == counted
    assert kept["_total"] == ProductSearchEntry.objects.count()
    return kept


def test_kept_counts_follow_every_change_to_the_catalogue(
    database_backend, shop, django_capture_on_commit_callbacks
):
    services.search_index_rebuild()
    before = _assert_counts_match(database_backend, shop)
    assert before["_total"] == 8 and before["province"] == {"32": 5, "33": 3}

    with django_capture_on_commit_callbacks(execute=True):
        # A price across a range, a product sold out, one hidden, one new, one moved to
        # another category, and a producer suspended with all her products.
        kopi = shop.products["kopi"]
        StockRecord.objects.filter(product=kopi).update(price=Decimal(260_000))
        kopi.save()
        record = StockRecord.objects.get(product=shop.products["keripik"])
        record.num_in_stock = 0
        record.save()
        tisu = shop.products["tisu"]
        tisu.is_public = False
        tisu.save()
        ProductFactory(title="Madu Hutan Kuripan", seller=shop.kuripan, categories__category=shop.minuman)
        keranjang = shop.products["keranjang"]
        keranjang.categories.set([CategoryFactory(name="Anyaman")])
    after = _assert_counts_match(database_backend, shop)
    assert after["_total"] == 8
    assert after["price"]["250000-"] == 1
    assert after["in_stock"] == {True: 6}
    assert after["category"][shop.kerajinan.pk] == 1  # tisu hidden, keranjang moved

    with django_capture_on_commit_callbacks(execute=True):
        seller_suspend(seller=shop.warsini, reason="Izin edar sedang diperiksa.")
    suspended = _assert_counts_match(database_backend, shop)
    assert suspended["_total"] == 5 and suspended["province"] == {"32": 1, "33": 4}
    assert str(shop.warsini.pk) not in {str(k) for k in suspended["producer"]}

    # Reindexing an unchanged product adds nothing to fold.
    rows = FacetCountChange.objects.count()
    services.products_index(product_ids=[shop.products["kopi"].pk])
    assert FacetCountChange.objects.count() == rows


def _sums() -> dict:
    changes = FacetCountChange.objects.values_list("facet", "value").annotate(n=Sum("change")).order_by()
    return {(facet, value): n for facet, value, n in changes}


def test_compacting_folds_the_changes_and_keeps_the_counts(database_backend, shop):
    services.search_index_rebuild()
    for product in shop.products.values():
        services.products_index(product_ids=[product.pk])  # net nothing
    StockRecord.objects.filter(product=shop.products["sirup"]).update(num_in_stock=0)
    services.products_index(product_ids=[shop.products["sirup"].pk])
    StockRecord.objects.filter(product=shop.products["sirup"]).update(num_in_stock=4)
    services.products_index(product_ids=[shop.products["sirup"].pk])
    before = _assert_counts_match(database_backend, shop)
    rows_before = FacetCountChange.objects.count()
    sums_before = _sums()

    call_command("search_index", "--compact")

    assert FacetCountChange.objects.count() < rows_before
    assert (
        FacetCountChange.objects.values("facet", "value").distinct().count()
        == FacetCountChange.objects.count()
    )
    sums_after = _sums()
    assert sums_after == {key: n for key, n in sums_before.items() if n}
    assert _assert_counts_match(database_backend, shop) == before


def test_a_rebuild_writes_the_counts_once(database_backend, shop):
    services.search_index_rebuild()
    services.search_index_rebuild()
    assert (
        FacetCountChange.objects.values("facet", "value").distinct().count()
        == FacetCountChange.objects.count()
    )
    _assert_counts_match(database_backend, shop)


def test_the_unfiltered_catalogue_does_not_count_the_index(
    database_backend, shop, django_assert_max_num_queries
):
    services.search_index_rebuild()
    query = _everything(shop)
    with django_assert_max_num_queries(2):  # the counts, and the page
        result = database_backend.search(query)
    assert result.total == 8 and len(result.product_ids) == 8
