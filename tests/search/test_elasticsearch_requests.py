"""What the Elasticsearch backend sends, checked without a server (to_dict()).

These specify the real-Elasticsearch behaviour the emulator cannot show (the Indonesian
stemmer) and keep the request shape from drifting.
"""

from datetime import UTC, datetime
from decimal import Decimal

from search.backends.elasticsearch import autocomplete_search, build_search
from search.documents import INDEX_ANALYZER, ProductDocument, product_index
from search.indexing import ProductRecord
from search.queries import IN_STOCK, MatchLevel, ProductQuery


def test_the_index_analyses_indonesian_with_stop_words_synonyms_and_the_stemmer():
    body = product_index("pasar-products-x", synonyms=["kerupuk, krupuk", "syrup => sirup"]).to_dict()
    analysis = body["settings"]["analysis"]
    assert analysis["filter"]["id_stemmer"] == {"type": "stemmer", "language": "indonesian"}
    assert analysis["filter"]["id_stop"] == {"type": "stop", "stopwords": "_indonesian_"}
    assert analysis["filter"]["id_synonyms"]["synonyms"] == ["kerupuk, krupuk", "syrup => sirup"]
    assert analysis["analyzer"]["id_text"]["filter"] == ["lowercase", "asciifolding", "id_stop", "id_stemmer"]
    # Synonyms at query time only, before stemming: editing the file needs no reindex of text.
    assert analysis["analyzer"]["id_search"]["filter"] == [
        "lowercase",
        "asciifolding",
        "id_synonyms",
        "id_stop",
        "id_stemmer",
    ]
    properties = body["mappings"]["properties"]
    assert properties["title"]["analyzer"] == "id_text"
    assert properties["title"]["search_analyzer"] == "id_search"
    assert properties["title"]["fields"]["raw"] == {"type": "keyword"}
    assert properties["suggest"]["type"] == "completion"
    for keyword in ("category_ids", "seller_id", "province", "regency", "village"):
        assert properties[keyword] == {"type": "keyword"}
    assert properties["in_stock"] == {"type": "boolean"}


def test_without_the_stemmer_the_index_is_otherwise_the_same():
    with_stemmer = product_index("a", synonyms=[]).to_dict()
    without = product_index("a", synonyms=[], stemmer=False).to_dict()
    assert "id_stemmer" not in without["settings"]["analysis"]["filter"]
    assert without["mappings"] == with_stemmer["mappings"]


def test_the_synonyms_file_is_read_into_the_index():
    rules = product_index("a").to_dict()["settings"]["analysis"]["filter"]["id_synonyms"]["synonyms"]
    assert "kerupuk, krupuk, kripik, keripik" in rules
    assert "sirup, syrup, sirop" in rules


def test_a_text_search_requires_every_word_forgives_typos_and_scores_words_by_where_they_are():
    body = build_search(ProductQuery(text="kerupuk ikan"), index="pasar-products").to_dict()
    scored = body["query"]["bool"]
    # Stock breaks ties, added: multiplied, it lifted category matches over title matches.
    assert scored["should"] == [
        {"constant_score": {"filter": {"term": {"in_stock": True}}, "boost": IN_STOCK}}
    ]
    text = scored["must"][0]["bool"]
    every_word, own_text = text["filter"]
    per_word = every_word["bool"]["must"]
    assert len(per_word) == 2
    exact, fuzzy = per_word[0]["bool"]["should"]
    assert exact == {"match": {"all_text": {"query": "kerupuk", "zero_terms_query": "all"}}}
    assert fuzzy["match"]["all_text"]["fuzziness"] == "AUTO"
    # At least one word in the product's own title or category, not only its producer's.
    assert {c["match"].popitem()[0] for c in own_text["bool"]["should"]} == {"title", "category"}
    # Per word, the best place it is found: the very word in the title, down to anywhere.
    tiers = [clause["constant_score"] for clause in text["should"][0]["dis_max"]["queries"]]
    assert tiers[0] == {"filter": {"match": {"title.plain": {"query": "kerupuk"}}}, "boost": 1000.1}
    assert tiers[1]["filter"]["match"]["title"] == {"query": "kerupuk", "analyzer": INDEX_ANALYZER}
    assert [tier["boost"] for tier in tiers] == sorted((tier["boost"] for tier in tiers), reverse=True)
    assert body["sort"] == ["_score", {"num_sold": "desc"}, {"id": "desc"}]
    assert body["suggest"]["spelling"] == {
        "text": "kerupuk ikan",
        "term": {"field": "spell", "suggest_mode": "missing"},
    }
    assert body["track_total_hits"] is True
    assert body["_source"] is False


def test_the_fallback_level_asks_for_any_word_anywhere():
    level = MatchLevel(every_word=False, own_text=False)
    body = build_search(ProductQuery(text="kerupuk durian"), index="pasar-products", level=level).to_dict()
    text = body["query"]["bool"]["must"][0]["bool"]
    (any_word,) = text["filter"]
    assert any_word["bool"]["minimum_should_match"] == 1
    assert len(any_word["bool"]["should"]) == 2


def test_filters_and_facets_of_a_narrowed_listing():
    query = ProductQuery(
        category=7,
        province="32",
        regency="3212",
        producer=5,
        price="25000-50000",
        halal=True,
        in_stock=True,
        sort="price-asc",
        offset=24,
        limit=24,
        facet_category_ids=(8, 9),
    )
    body = build_search(query, index="pasar-products").to_dict()
    filters = body["query"]["bool"]["filter"]
    assert {"term": {"category_ids": "7"}} in filters
    assert {"term": {"province": "32"}} in filters
    assert {"term": {"regency": "3212"}} in filters
    assert {"term": {"seller_id": "5"}} in filters
    assert {"range": {"price": {"gte": 25000.0, "lt": 50000.0}}} in filters
    assert {"term": {"is_halal": True}} in filters
    assert {"term": {"in_stock": True}} in filters
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    aggs = body["aggs"]
    assert set(aggs) == {
        "province",
        "regency",
        "village",
        "producer",
        "category",
        "price",
        "halal",
        "pirt",
        "in_stock",
    }
    assert aggs["category"]["terms"]["include"] == ["8", "9"]
    assert aggs["price"]["range"]["ranges"][0] == {"key": "0-25000", "to": 25000.0}
    assert aggs["halal"] == {"filter": {"term": {"is_halal": True}}}
    assert body["sort"][0] == {"price": {"order": "asc", "missing": "_last"}}
    assert (body["from"], body["size"]) == (24, 24)
    assert "suggest" not in body


def test_the_region_facets_open_one_level_at_a_time():
    assert set(build_search(ProductQuery(), index="i").to_dict()["aggs"]) >= {"province", "producer"}
    assert "regency" not in build_search(ProductQuery(), index="i").to_dict()["aggs"]
    assert "village" not in build_search(ProductQuery(province="32"), index="i").to_dict()["aggs"]


def test_autocomplete_asks_the_completion_suggester():
    body = autocomplete_search("keru", index="pasar-products", limit=5).to_dict()
    assert body["suggest"]["titles"] == {
        "prefix": "keru",
        "completion": {"field": "suggest", "size": 5, "skip_duplicates": True},
    }


def test_a_document_carries_every_tail_of_the_title_for_completion():
    record = ProductRecord(
        id=3,
        title="Kerupuk Kulit Ikan",
        description="Renyah.",
        category_ids=(1, 2),
        category_names=("Makanan Olahan", "Kerupuk dan Keripik"),
        own_category_names=("Kerupuk dan Keripik",),
        seller_id=9,
        seller_name="Dapur Bu Warsini",
        village_code="3212040006",
        regency_code="3212",
        province_code="32",
        place_names=("Kenanga", "Sindang", "Indramayu", "Jawa Barat"),
        price=Decimal("25000"),
        num_sold=4,
        in_stock=True,
        is_halal=False,
        has_pirt=True,
        date_created=datetime(2025, 1, 1, tzinfo=UTC),
    )
    document = ProductDocument.from_record(record, index="pasar-products").to_dict(include_meta=True)
    assert document["_id"] == 3
    source = document["_source"]
    assert source["suggest"]["input"] == ["Kerupuk Kulit Ikan", "Kulit Ikan", "Ikan"]
    assert source["category_ids"] == ["1", "2"]
    assert "Dapur Bu Warsini" in source["all_text"] and "Indramayu" in source["all_text"]
    assert source["price"] == 25000.0
    assert source["category"] == "Kerupuk dan Keripik"
