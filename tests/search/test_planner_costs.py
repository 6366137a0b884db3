"""The shop's PostgreSQL connections plan for data held in memory (issue 19, 1,000,000
products): a common word in one province and one price band is found from the word's and
the province's indexes, the band tested on the rows they give, not ANDed with the band's
hundreds of thousands of entries read from the price index (95 ms instead of 49 there).

The planner decides from the table's statistics, so the table holds a catalogue's worth of
entries as wide as the shop's (about 11 to a page, with their stems): 100,000 products and
their entries written by INSERT … SELECT (the test's transaction rolls them back, and the
ANALYZE that gave the planner their statistics). With the costs of data read from disk
(random 1.1, sequential 1) the plan ANDs the price index here too.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.models import SearchTerm
from search.queries import ProductQuery
from tests.factories import SellerProfileFactory
from tests.factories.regions import VillageFactory
from tests.plans import plan_nodes

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ENTRIES = 100_000
WORDS = "keripik madu kain selai kopi tikar batik sirup abon opak bakso kerupuk sambal dodol gula"


@pytest.fixture
def catalogue_sized_entries(db):
    sellers = [
        SellerProfileFactory(village=VillageFactory(district__regency__province__code=f"{11 + n}"))
        for n in range(6)
    ]
    rows = ", ".join(
        f"({n}, {seller.pk}, '{seller.village.district.regency.province_id}', "
        f"'{seller.village.district.regency_id}', '{seller.village_id}')"
        for n, seller in enumerate(sellers)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO catalogue_product (
                id, structure, title, slug, description, date_created, date_updated,
                is_discountable, is_public, priority, bpom_number, halal_number, made_to_order,
                pirt_number, processing_days)
            SELECT 1000000 + g, 'standalone', 'Produk', 'produk', '', now(), now(), true, true, 0,
                '', '', false, '', 1
            FROM generate_series(1, {ENTRIES}) g
            """  # noqa: S608 - our own constant
        )
        cursor.execute(
            f"""
            WITH sellers (n, seller_id, province_id, regency_id, village_id) AS (VALUES {rows}),
            generated AS (
                SELECT g, (string_to_array(%s, ' '))[1 + g / 6 %% 15] || ' ' || (g %% 97) AS title
                FROM generate_series(1, {ENTRIES}) g
            )
            INSERT INTO search_productsearchentry (
                product_id, title, title_normalized, title_stems, category_stems, body_stems,
                description_stems, search_vector, own_vector, title_vector, category_list,
                seller_id, province_id, regency_id, village_id, price, num_sold, in_stock,
                is_halal, has_pirt, date_created, indexed_at)
            SELECT 1000000 + g, title, title, '', '', '', repeat(md5(g::text), 18),  -- as wide as the stems
                setweight(to_tsvector('pasar_id', title), 'A'),
                setweight(to_tsvector('pasar_id', title), 'A'),
                setweight(to_tsvector('pasar_id', title), 'A'), ' 1 ',
                seller_id, province_id, regency_id, village_id, (g::bigint * 7919 %% 500000),
                g %% 7, true, g * 31 %% 7 < 3, false, now(), now()
            FROM generated JOIN sellers ON sellers.n = g %% 6
            """,  # noqa: S608 - our own ids and constants
            [WORDS],
        )
        cursor.execute("ANALYZE search_productsearchentry")
    # The vocabulary a search's words are checked against (a word not in it is a typo).
    SearchTerm.objects.bulk_create([SearchTerm(word=word) for word in WORDS.split()])
    return sellers


def test_a_word_in_one_province_and_price_band_is_not_anded_with_the_price_index(
    database_backend, catalogue_sized_entries
):
    query = ProductQuery(text="keripik", province="13", price="100000-250000", halal=True)
    with CaptureQueriesContext(connection) as captured:
        result = database_backend.search(query)
    # 100,000 x 2 words in 15 (keripik and its synonym kerupuk) / 6 provinces x 30 % in the
    # band x 3 in 7 halal: about 290.
    assert 200 <= result.total <= 350
    assert not result.estimated
    (statement,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("WITH matched")]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {statement}")
        (plan,) = cursor.fetchone()[0]  # psycopg decodes the JSON
    conditions = [node["Index Cond"] for node in plan_nodes(plan["Plan"]) if "Index Cond" in node]
    assert any("own_vector @@" in condition for condition in conditions), conditions
    assert any("province_id" in condition for condition in conditions), conditions
    assert not any("price" in condition for condition in conditions), conditions


def test_the_connections_page_costs_are_those_of_data_in_memory():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('seq_page_cost'), current_setting('random_page_cost')")
        assert cursor.fetchone() == ("0.2", "0.22")
