"""A common word at scale (issue 19): the database backend asks the narrow own-text vector
for titles and categories, and ranks only the best tier when it fills the page; the
results must be exactly those of ranking every match."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.analysis import stem
from search.backends.database import ranking
from search.models import ProductSearchEntry
from search.queries import SORT_RELEVANCE, ProductQuery
from search.services import search_index_rebuild
from tests.factories import CategoryFactory, ProductFactory, SellerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cloth_shelf(db):
    """Thirty products on a "Kain dan Busana" shelf, ten of them with "kain" in the title
    (some sold out), and a few that only mention kain in their description."""
    busana = CategoryFactory(name="Kain dan Busana").add_child(name="Busana Muslim")
    kain = CategoryFactory(name="Kain Tenun")
    seller = SellerProfileFactory(name="Sanggar Tenun")
    products = []
    for n in range(10):
        products.append(
            ProductFactory(
                title=f"Kain Songket Motif {n}",
                seller=seller,
                categories__category=kain,
                price=Decimal(100_000 + n),
                num_in_stock=0 if n % 3 == 0 else 5,
            )
        )
    for n in range(20):
        products.append(
            ProductFactory(
                title=f"Mukena Bordir {n}", seller=seller, categories__category=kain, price=Decimal(90_000)
            )
        )
    for n in range(3):
        products.append(
            ProductFactory(
                title=f"Gamis Katun {n}",
                seller=seller,
                categories__category=busana,
                price=Decimal(80_000),
                description="Dijahit dari kain katun.",
            )
        )
    search_index_rebuild()
    return products


def _every_match_ranked(text: str, offset: int, limit: int) -> list[int]:
    """The page as it was before the best tier: every match ranked."""
    plan = ranking.text_plan(text)
    matched, rank = ranking.match(ProductSearchEntry.objects.all(), plan)
    ordered = ranking.ordered(matched, rank, ProductQuery(text=text, sort=SORT_RELEVANCE))
    return list(ordered.values_list("product_id", flat=True)[offset : offset + limit])


def test_the_own_vector_holds_only_the_title_and_own_categories(database_backend, cloth_shelf):
    gamis = ProductSearchEntry.objects.get(product=cloth_shelf[-1])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(lexeme ORDER BY lexeme), array_agg(DISTINCT w) "
            "FROM search_productsearchentry, unnest(own_vector) AS u(lexeme, positions, weights), "
            "unnest(weights) AS w WHERE product_id = %s",
            [gamis.pk],
        )
        lexemes, weights = cursor.fetchone()
    # Title (A) and its own category (B); not the parent shelf, producer or description.
    assert sorted(lexemes) == sorted({stem("gamis"), stem("katun"), "2", stem("busana"), stem("muslim")})
    assert set(weights) == {"A", "B"}


@pytest.mark.parametrize(("offset", "limit"), [(0, 4), (4, 4), (8, 4), (0, 24)])
def test_ranking_the_best_tier_gives_the_page_ranking_every_match_gives(
    database_backend, cloth_shelf, offset, limit
):
    query = ProductQuery(text="kain", sort=SORT_RELEVANCE).with_page(offset, limit)
    result = database_backend.search(query)
    assert result.product_ids == _every_match_ranked("kain", offset, limit)
    # Every kain-titled product, the Mukena on the Kain Tenun shelf and the Gamis whose
    # description says kain are matches and counted.
    assert result.total == 30


def test_only_the_best_tier_is_ranked_when_it_fills_the_page(database_backend, cloth_shelf):
    # The ten kain-titled products fill a page of 8, not the second one: PostgreSQL's own
    # account of the statement says how many rows went into the ranked sort.
    assert _rows_ranked(database_backend, ProductQuery(text="kain").with_page(0, 8)) == 10
    assert _rows_ranked(database_backend, ProductQuery(text="kain").with_page(8, 8)) == 30


def test_the_best_tier_is_ranked_from_the_rows_matched_not_read_again(database_backend, cloth_shelf):
    # When the best tier fills the page, its rank comes from the rows the match has read:
    # no entry is looked up again by primary key (3,000 rows of "madu" at 100,000 products:
    # 21 ms where ranking them in the CTE takes 13).
    assert _entries_read_again(database_backend, ProductQuery(text="kain").with_page(0, 8)) == 0
    # Not when every match must be ranked: the second page of 8 goes past the ten best (by
    # key or in one scan, as the planner finds cheaper for the table's size).
    assert _entries_read_again(database_backend, ProductQuery(text="kain").with_page(8, 8)) >= 30


def test_a_search_is_one_statement_besides_its_words(database_backend, cloth_shelf):
    # Facets, total and the ranked page together (plus looking up the words typed, and the
    # planner's estimate of the matches, which plans and reads nothing: sampling.py).
    with CaptureQueriesContext(connection) as statements:
        database_backend.search(ProductQuery(text="kain").with_page(0, 8))
    words, estimate, search = (query["sql"] for query in statements.captured_queries)
    assert "search_searchterm" in words
    assert estimate.upper().startswith("EXPLAIN (FORMAT JSON) ")
    assert search.startswith("WITH matched AS MATERIALIZED")


def _rows_ranked(backend, query: ProductQuery) -> int:
    """How many rows went into the ranked sort that ran (the best tier's, by its rank from
    the CTE, or every match's, by the rank computed from the entries)."""
    sorts = [
        node
        for node in _executed_nodes(_explained(backend, query))
        if node["Node Type"] == "Sort"
        and any("ts_rank" in key or "best_rank" in key for key in node.get("Sort Key", ()))
    ]
    assert len(sorts) == 1, sorts
    return sum(child["Actual Rows"] * child["Actual Loops"] for child in sorts[0]["Plans"])


def _entries_read_again(backend, query: ProductQuery) -> int:
    """Rows read from the entries' table by the statement besides its match (the CTE)."""
    return sum(
        node["Actual Rows"] * node["Actual Loops"]
        for node in _executed_nodes(_explained(backend, query), skip_subplan="CTE matched")
        if node.get("Relation Name") == "search_productsearchentry"
    )


def _explained(backend, query: ProductQuery) -> dict:
    """PostgreSQL's account of the search's last statement, as it ran."""
    with CaptureQueriesContext(connection) as statements:
        backend.search(query)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statements.captured_queries[-1]["sql"])
        (plan,) = cursor.fetchone()[0]
    return plan["Plan"]


def _executed_nodes(node: dict, *, skip_subplan: str = ""):
    """The plan's nodes that ran (an arm of a CASE that was not taken is never executed),
    but for the subplan named skip_subplan."""
    if node.get("Actual Loops", 0) and not (skip_subplan and node.get("Subplan Name") == skip_subplan):
        yield node
        for child in node.get("Plans", ()):
            yield from _executed_nodes(child, skip_subplan=skip_subplan)
