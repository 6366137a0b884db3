"""A search matching more entries than can be counted in time (issue 19: 1,000,000 products):
its total and facets are estimated from a uniform sample of its matches and said to be, its
page is found among all of them, and a wrong estimate falls back to counting exactly."""

from decimal import Decimal

import pytest
from django.urls import reverse

from search.backends.database import sampling
from search.models import SAMPLE_SLOTS, ProductSearchEntry
from search.queries import SORT_NEWEST, ProductQuery
from search.services import search_index_rebuild
from tests.factories import CategoryFactory, ProductFactory, SellerProfileFactory
from tests.factories.regions import VillageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

MATCHES = 160


@pytest.fixture
def many_kerupuk(db):
    """160 kerupuk from two producers in two provinces, a quarter of them halal."""
    category = CategoryFactory(name="Makanan Olahan")
    sellers = [
        SellerProfileFactory(
            name="Kerupuk Kenanga", village=VillageFactory(district__regency__province__code="32")
        ),
        SellerProfileFactory(
            name="Kerupuk Kuripan", village=VillageFactory(district__regency__province__code="33")
        ),
    ]
    for n in range(MATCHES):
        ProductFactory(
            title=f"Kerupuk Kulit Ikan {n}",
            seller=sellers[n % 2],
            categories__category=category,
            price=Decimal(20_000 + 1_000 * (n % 5)),
            halal_number="ID3211000012345" if n % 4 == 0 else "",
        )
    ProductFactory(title="Sirup Mangga", seller=sellers[0], categories__category=category)
    search_index_rebuild()


@pytest.fixture
def small_limits(settings):
    settings.SEARCH_EXACT_COUNT_LIMIT = 60
    settings.SEARCH_SAMPLE_SIZE = 60


def test_a_search_under_the_limit_is_counted_exactly(database_backend, many_kerupuk):
    result = database_backend.search(ProductQuery(text="kerupuk"))
    assert (result.total, result.estimated) == (MATCHES, False)
    assert result.facets["halal"] == {True: MATCHES // 4}


def test_too_many_matches_are_counted_from_a_sample_and_said_to_be(
    database_backend, many_kerupuk, small_limits
):
    result = database_backend.search(ProductQuery(text="kerupuk"))
    assert result.estimated
    # A uniform sample of the matches, scaled up: near the real counts, never exact by chance
    # alone, and rounded to two significant figures (no more precise than it is).
    assert 0.6 * MATCHES <= result.total <= 1.4 * MATCHES
    assert result.total % 10 == 0
    provinces = result.facets["province"]
    assert set(provinces) == {"32", "33"}
    assert all(0.3 * MATCHES <= n <= 0.7 * MATCHES for n in provinces.values())
    assert 0.1 * MATCHES <= result.facets["halal"][True] <= 0.4 * MATCHES


def test_the_sample_is_the_first_slots_of_product_ids(database_backend, many_kerupuk):
    # Every 10,000 consecutive ids fill each slot once: "sample < n" takes n in 10,000 of them.
    for entry in ProductSearchEntry.objects.all():
        assert entry.sample == (entry.product_id % SAMPLE_SLOTS) * 7919 % SAMPLE_SLOTS


def test_a_sampled_searchs_page_comes_from_every_match(database_backend, many_kerupuk, small_limits):
    exact = database_backend.search(ProductQuery(text="kerupuk", sort=SORT_NEWEST, limit=24))
    slots = SAMPLE_SLOTS * 60 // sampling.estimated_matches(ProductSearchEntry.objects.all())
    for query in (
        ProductQuery(text="kerupuk", sort=SORT_NEWEST, limit=24),
        ProductQuery(text="kerupuk", limit=24),
    ):
        result = database_backend.search(query)
        assert result.estimated and len(result.product_ids) == 24
        outside_the_sample = ProductSearchEntry.objects.filter(
            product_id__in=result.product_ids, sample__gte=slots
        )
        assert outside_the_sample.exists()
    # Another order than relevance: the very page of counting every match.
    assert database_backend.search(ProductQuery(text="kerupuk", sort=SORT_NEWEST, limit=24)).product_ids == (
        exact.product_ids
    )


def test_the_relevance_page_ranks_the_most_sold_of_the_best_tier(
    database_backend, many_kerupuk, small_limits
):
    best_sellers = list(
        ProductSearchEntry.objects.filter(title__startswith="Kerupuk").order_by("-product_id")[:3]
    )
    for n, entry in enumerate(best_sellers):
        ProductSearchEntry.objects.filter(pk=entry.pk).update(num_sold=500 - n)
    result = database_backend.search(ProductQuery(text="kerupuk", limit=24))
    assert result.estimated
    assert set(result.product_ids) >= {entry.product_id for entry in best_sellers}


def test_a_wrong_estimate_falls_back_to_counting_exactly(
    database_backend, many_kerupuk, small_limits, monkeypatch
):
    # The planner thinks a million match: the sample of one slot finds almost none, which
    # says there are few enough to count.
    monkeypatch.setattr(sampling, "estimated_matches", lambda entries: 1_000_000)
    result = database_backend.search(ProductQuery(text="kerupuk"))
    assert (result.total, result.estimated) == (MATCHES, False)


def test_the_search_page_says_its_counts_are_estimates(client, database_backend, many_kerupuk, small_limits):
    response = client.get(reverse("search:search"), {"q": "kerupuk"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ditemukan sekitar <strong>" in content
    assert "±" in content


def test_an_exact_search_page_says_nothing_of_estimates(client, database_backend, many_kerupuk):
    content = client.get(reverse("search:search"), {"q": "kerupuk"}).content.decode()
    assert f"Ditemukan <strong>{MATCHES}</strong>" in content
    assert "sekitar" not in content and "±" not in content


def test_a_query_of_punctuation_only_is_estimated_as_nothing(database_backend, many_kerupuk, small_limits):
    result = database_backend.search(ProductQuery(text="!!!"))
    assert (result.total, result.product_ids, result.estimated) == (0, [], False)


def test_a_two_word_search_is_estimated_from_its_whole_text_condition(
    database_backend, many_kerupuk, monkeypatch
):
    # Every word in the whole text and one of them in the own text are far from independent:
    # estimated together, "kopi anyaman" at 1,000,000 products came out at 1,011 for 12,546.
    asked = []
    estimate = sampling.estimated_matches

    def recorded(entries):
        asked.append(str(entries.query).split(" WHERE ", 1)[1])
        return estimate(entries)

    monkeypatch.setattr(sampling, "estimated_matches", recorded)
    database_backend.search(ProductQuery(text="kerupuk ikan"))
    assert asked and "search_vector" in asked[0] and "own_vector" not in asked[0]


def test_a_small_best_tier_comes_first_and_the_other_tiers_fill_the_page(database_backend, small_limits):
    # Three titles hold the word; eighty products are on a shelf named by it.
    shelf = CategoryFactory(name="Kerupuk dan Rengginang")
    seller = SellerProfileFactory(name="Dapur Kenanga")
    best = [
        ProductFactory(title=f"Kerupuk Udang {n}", seller=seller, categories__category=shelf)
        for n in range(3)
    ]
    for n in range(80):
        ProductFactory(title=f"Rengginang Ketan {n}", seller=seller, categories__category=shelf)
    search_index_rebuild()
    result = database_backend.search(ProductQuery(text="kerupuk", limit=24))
    assert result.estimated and len(result.product_ids) == 24
    assert set(result.product_ids[:3]) == {product.pk for product in best}
