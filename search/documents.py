"""The Elasticsearch product index: mapping, Indonesian analysis, and record → document.

Analyzers are declared by name on the fields and defined in the index settings built by
product_index(), so the synonyms file is read when an index is created and a server
without the Indonesian stemmer (the test emulator) can get the same index without it.
"""

from elasticsearch.dsl import (
    Boolean,
    Completion,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    ScaledFloat,
    Text,
)

from search.analysis import synonym_rules
from search.indexing import ProductRecord

INDEX_ANALYZER = "id_text"
SEARCH_ANALYZER = "id_search"
PLAIN_ANALYZER = "id_plain"


def _text(**kwargs) -> Text:
    return Text(analyzer=INDEX_ANALYZER, search_analyzer=SEARCH_ANALYZER, **kwargs)


class ProductDocument(Document):
    id = Integer()
    title = _text(fields={"raw": Keyword(), "plain": Text(analyzer=PLAIN_ANALYZER)})
    description = _text()
    categories = _text()
    # The product's own categories, without their ancestors: "Tenun", not "Pakaian dan Bordir".
    category = _text()
    producer = _text()
    place = _text()
    # Everything above in one field, so that every query word must occur somewhere.
    all_text = _text()
    # Unstemmed words for "did you mean".
    spell = Text(analyzer=PLAIN_ANALYZER)
    suggest = Completion(analyzer=PLAIN_ANALYZER, preserve_separators=False)

    category_ids = Keyword()
    seller_id = Keyword()
    province = Keyword()
    regency = Keyword()
    village = Keyword()
    price = ScaledFloat(scaling_factor=100)
    num_sold = Integer()
    in_stock = Boolean()
    is_halal = Boolean()
    has_pirt = Boolean()
    date_created = Date()

    @classmethod
    def from_record(cls, record: ProductRecord, *, index: str) -> "ProductDocument":
        categories = " ".join(record.category_names)
        place = " ".join(record.place_names)
        text = (record.title, record.description, categories, record.seller_name, place)
        title_words = record.title.split()
        return cls(
            meta={"id": record.id, "index": index},
            id=record.id,
            title=record.title,
            description=record.description,
            categories=categories,
            category=" ".join(record.own_category_names),
            producer=record.seller_name,
            place=place,
            all_text="\n".join(text),
            spell="\n".join(text),
            # The whole title and every tail of it, so "ikan" completes "Kerupuk Kulit Ikan".
            suggest={
                "input": [" ".join(title_words[n:]) for n in range(min(len(title_words), 6))],
                "weight": 1 + min(record.num_sold, 1000) + (50 if record.in_stock else 0),
            },
            category_ids=[str(pk) for pk in record.category_ids],
            seller_id=str(record.seller_id),
            province=record.province_code,
            regency=record.regency_code,
            village=record.village_code,
            price=float(record.price) if record.price is not None else None,
            num_sold=record.num_sold,
            in_stock=record.in_stock,
            is_halal=record.is_halal,
            has_pirt=record.has_pirt,
            date_created=record.date_created,
        )


def analysis_settings(*, stemmer: bool = True, synonyms: list[str] | None = None) -> dict:
    """Indonesian analysis: ASCII folding, stop words, synonyms at query time, stemming."""
    rules = synonym_rules() if synonyms is None else synonyms
    stems = ["id_stemmer"] if stemmer else []
    filters = {
        "id_stop": {"type": "stop", "stopwords": "_indonesian_"},
        "id_synonyms": {"type": "synonym_graph", "synonyms": rules, "lenient": True},
    }
    if stemmer:
        filters["id_stemmer"] = {"type": "stemmer", "language": "indonesian"}
    return {
        "filter": filters,
        "analyzer": {
            INDEX_ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "id_stop", *stems],
            },
            SEARCH_ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "id_synonyms", "id_stop", *stems],
            },
            PLAIN_ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding"],
            },
        },
    }


def product_index(name: str, *, stemmer: bool = True, synonyms: list[str] | None = None) -> Index:
    index = Index(name)
    index.document(ProductDocument)
    index.settings(
        number_of_shards=1,
        number_of_replicas=0,
        analysis=analysis_settings(stemmer=stemmer, synonyms=synonyms),
    )
    return index
