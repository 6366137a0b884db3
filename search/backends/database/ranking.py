"""Matching and ranking in the database backend: which entries a query finds, and in what order.

A query's text becomes a TextPlan: each word, stemmed with Sastrawi like the index (so
PostgreSQL needs only its "simple" dictionary plus unaccent), with its synonyms, and where
no listed word matches, its spelling corrections (pg_trgm similarity against the vocabulary;
difflib on SQLite). PostgreSQL matches the plan as a tsquery, SQLite matches words in the
stems; both rank in tiers (TITLE_WORD …: the shopper's word in the title first, then
synonyms and corrections in the title, the product's category, anything else), with
ts_rank only breaking ties on PostgreSQL. The other orders are the
ORDERINGS (the ORM's) and SQL_ORDERINGS (facets.search_snapshot's one statement).
"""

import difflib
from dataclasses import dataclass, field

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat

from search import queries
from search.analysis import query_terms, stem, synonyms_for, words
from search.backends.database.indexing import TS_CONFIG
from search.models import ProductSearchCategory, ProductSearchEntry, SearchTerm
from search.queries import (
    ELSEWHERE,
    EXACT_WORD,
    IN_STOCK,
    OWN_CATEGORY,
    TEXT_RANK,
    TITLE_ALTERNATIVE,
    TITLE_WORD,
)

MIN_SIMILARITY = 0.4
ORDERINGS = {
    queries.SORT_NEWEST: ("-date_created", "-product_id"),
    queries.SORT_POPULAR: ("-num_sold", "-date_created", "-product_id"),
    queries.SORT_PRICE_ASC: (F("price").asc(nulls_last=True), "product_id"),
    queries.SORT_PRICE_DESC: (F("price").desc(nulls_last=True), "product_id"),
    queries.SORT_TITLE: ("title", "product_id"),
}
# The same orders in SQL, and the best match first for relevance.
SQL_ORDERINGS = {
    queries.SORT_RELEVANCE: "rank DESC, num_sold DESC, date_created DESC, product_id DESC",
    queries.SORT_NEWEST: "date_created DESC, product_id DESC",
    queries.SORT_POPULAR: "num_sold DESC, date_created DESC, product_id DESC",
    queries.SORT_PRICE_ASC: "price ASC NULLS LAST, product_id ASC",
    queries.SORT_PRICE_DESC: "price DESC NULLS LAST, product_id ASC",
    queries.SORT_TITLE: "title ASC, product_id ASC",
}
# What each order reads of a matching row.
SORT_COLUMNS = {
    queries.SORT_RELEVANCE: ("rank", "num_sold", "date_created"),
    queries.SORT_NEWEST: ("date_created",),
    queries.SORT_POPULAR: ("num_sold", "date_created"),
    queries.SORT_PRICE_ASC: ("price",),
    queries.SORT_PRICE_DESC: ("price",),
    queries.SORT_TITLE: ("title",),
}


@dataclass
class TextPlan:
    """A query as groups of alternative phrases: every group must match one of its phrases.

    Each group also keeps the shopper's own word (or, for a word no product has, its best
    correction) as `words` and its stems as `primaries`: a title holding that word ranks
    above one holding only a synonym or another correction of it."""

    groups: list[list[tuple[str, ...]]] = field(default_factory=list)  # phrases as stem tuples
    corrections: dict[str, str] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    primaries: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def suggestion(self) -> str:
        if not self.corrections:
            return ""
        return " ".join(self.corrections.get(term, term) for term in self.terms)


def text_plan(text: str) -> TextPlan:
    terms = query_terms(text)
    alternatives = {term: {term, *synonyms_for(term)} for term in terms}
    every_word = {word for alts in alternatives.values() for alt in alts for word in alt.split()}
    known = set(SearchTerm.objects.filter(word__in=every_word).values_list("word", flat=True))
    plan = TextPlan(terms=terms)
    for term in terms:
        phrases = alternatives[term]
        primary = term
        if not term.isdigit() and not any(all(w in known for w in p.split()) for p in phrases):
            corrections = _similar_words(term)
            if corrections:
                plan.corrections[term] = primary = corrections[0]
                for correction in corrections:
                    phrases |= {correction, *synonyms_for(correction)}
        elif term not in known:
            # A spelling no product uses ("krupuk") stands for the listed word it is closest
            # to (kerupuk, not keripik of the same synonym group).
            listed = [p for p in phrases if " " not in p and p in known] or [term]
            primary = max(listed, key=lambda p: (difflib.SequenceMatcher(None, term, p).ratio(), p))
        plan.groups.append(sorted({tuple(stem(w) for w in p.split()) for p in phrases}))
        plan.words.append(primary)
        plan.primaries.append((stem(primary),))
    return plan


def _similar_words(term: str) -> list[str]:
    if len(term) < 3:
        return []
    if connection.vendor == "postgresql":
        similar = list(
            SearchTerm.objects.filter(TrigramSimilar(F("word"), term))  # "%": uses the trigram index
            .annotate(similarity=TrigramSimilarity("word", term))
            .filter(similarity__gte=MIN_SIMILARITY)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)[:2]
        )
        if similar:
            return similar
        # A short word shares few trigrams with its typo ("bakzo": 0.2 to "bakso"): compare
        # letters, among the words of its first letter, as on SQLite.
    candidates = SearchTerm.objects.filter(word__startswith=term[0]).values_list("word", flat=True)
    return difflib.get_close_matches(term, list(candidates[:5000]), n=2, cutoff=0.75)


def match(entries: QuerySet, plan: TextPlan, level: queries.MatchLevel = queries.LEVELS[0]):
    """The entries that match the plan at this level, and the expression of their rank."""
    if not plan.groups:  # only punctuation: nothing to look for
        return entries.none(), Value(0.0)
    if connection.vendor == "postgresql":
        joiner = " & " if level.every_word else " | "
        # The own text is part of the whole: where the own-text condition already asks for
        # what the whole text must hold (one word, or any of them), the whole vector is not
        # tested at all (each of a common word's 20,000 rows would be rechecked against it).
        if not (level.own_text and (len(plan.groups) == 1 or not level.every_word)):
            entries = entries.filter(search_vector=_tsquery(_ts_groups(plan, joiner)))
        if level.own_text:
            entries = entries.filter(_own_text(plan))
        return entries, postgres_rank(plan)
    entries = entries.annotate(
        padded_words=Concat(Value(" "), "title_normalized", Value(" "), output_field=TextField()),
        document=Concat(
            Value(" "), "title_stems", Value(" "), "category_stems", Value(" "), "body_stems",
            Value(" "), "description_stems", Value(" "), output_field=TextField(),
        ),
        padded_title=Concat(Value(" "), "title_stems", Value(" "), output_field=TextField()),
        padded_category=Concat(Value(" "), "category_stems", Value(" "), output_field=TextField()),
    )  # fmt: skip
    places = _sqlite_places(plan)
    found = [places.anywheres[i] for i in range(len(plan.groups))]
    entries = entries.filter(_all(found) if level.every_word else _any(found))
    if level.own_text:
        entries = entries.filter(places.own_text)
    rank = Value(0.0)
    for i, word in enumerate(plan.words):
        rank = rank + Case(
            When(places.title_words[i], then=Value(TITLE_WORD)),
            When(places.title_alternatives[i], then=Value(TITLE_ALTERNATIVE)),
            When(places.own_categories[i], then=Value(OWN_CATEGORY)),
            When(places.anywheres[i], then=Value(ELSEWHERE)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        rank = rank + Case(
            When(padded_words__contains=f" {word} ", then=Value(EXACT_WORD)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    rank = rank + Case(
        When(in_stock=True, then=Value(IN_STOCK)), default=Value(0.0), output_field=FloatField()
    )
    return entries, rank


def match_bound(entries: QuerySet, plan: TextPlan, level: queries.MatchLevel) -> QuerySet | None:
    """PostgreSQL: the entries match() finds at this level but for its own-text condition
    where it asks both vectors, for the planner to estimate from (sampling.py); None where
    match() asks one condition, whose estimate is its own. Every word in the whole text and
    one of them in the own text are far from independent, and their product underestimated
    "kopi anyaman" at 1,000,000 products: 1,011 for 12,546 matches; the whole text's
    condition alone is an upper bound close to the matches."""
    if connection.vendor == "postgresql" and level.own_text and level.every_word and len(plan.groups) > 1:
        return match(entries, plan, queries.MatchLevel(every_word=True, own_text=False))[0]
    return None


def postgres_rank(plan: TextPlan) -> RawSQL:
    """PostgreSQL: an entry's rank for the plan as one SQL expression over its own columns.

    The tiers are those of SQLite's rank in match() (per word: its very word in the title,
    another form of it there, its own category, anywhere; the word as typed; in stock), with
    ts_rank breaking ties. Written out rather than built of ORM Case/When: compiling those
    took 4-7 ms of a 15 ms search, and as plain SQL the page is ranked inside
    facets.search_snapshot's one statement. Stems and words are [a-z0-9]+ (analysis.words);
    they are passed as parameters all the same."""
    sql, params = [], []

    def column(name: str) -> str:
        return f'{ENTRY_TABLE}."{name}"'

    def matches(name: str, raw: str) -> str:
        params.extend([TS_CONFIG, raw])
        return f"{column(name)} @@ to_tsquery(%s::regconfig, %s)"

    for primary, group, word in zip(plan.primaries, plan.groups, plan.words, strict=True):
        tiers = [
            ("own_vector", _ts_group([primary], "A"), TITLE_WORD),
            ("own_vector", _ts_group(group, "A"), TITLE_ALTERNATIVE),
            ("own_vector", _ts_group(group, "B"), OWN_CATEGORY),
            ("search_vector", _ts_group(group), ELSEWHERE),
        ]
        whens = []
        for name, raw, score in tiers:
            whens.append(f"WHEN {matches(name, raw)} THEN %s")
            params.append(score)
        sql.append(f"CASE {' '.join(whens)} ELSE 0.0 END")
        sql.append(f"CASE WHEN (' ' || {column('title_normalized')} || ' ') LIKE %s THEN %s ELSE 0.0 END")
        params.extend([f"% {connection.ops.prep_for_like_query(word)} %", EXACT_WORD])
    sql.append(f"CASE WHEN {column('in_stock')} THEN %s ELSE 0.0 END")
    params.append(IN_STOCK)
    params.extend([[0.1, 0.2, 0.4, 1.0], TS_CONFIG, _ts_groups(plan), TEXT_RANK])
    sql.append(
        f"LEAST(ts_rank(%s::float4[], {column('search_vector')}, to_tsquery(%s::regconfig, %s)), 1.0) * %s"
    )
    # Only this function's own SQL; every value is a parameter.
    return RawSQL("(" + " + ".join(sql) + ")", params, output_field=FloatField())  # noqa: S611


# The entries' table, quoted, as postgres_rank() and facets.search_snapshot() name it.
ENTRY_TABLE = f'"{ProductSearchEntry._meta.db_table}"'


def _tsquery(raw: str) -> SearchQuery:
    return SearchQuery(raw, search_type="raw", config=TS_CONFIG)


def _ts_group(group: list[tuple[str, ...]], weights: str = "") -> str:
    """One group as tsquery text; stems are [a-z0-9]+ (analysis.words), nothing to escape."""
    suffix = f":{weights}" if weights else ""
    return "(" + " | ".join("(" + " & ".join(f"{w}{suffix}" for w in phrase) + ")" for phrase in group) + ")"


def _ts_groups(plan: TextPlan, joiner: str = " | ") -> str:
    """Every group of the plan as one tsquery text: any of them (" | ") or all (" & ")."""
    return joiner.join(_ts_group(g) for g in plan.groups)


@dataclass
class _Places:
    """Where each group of a plan is found, as conditions on an entry."""

    title_words: list[Q]
    title_alternatives: list[Q]
    own_categories: list[Q]
    anywheres: list[Q]
    own_text: Q


def _own_text(plan: TextPlan) -> Q:
    # Weights as indexing.py writes them: A title, B own categories, C and D the rest. The
    # own text is asked of the narrow own_vector (A and B only): a few lexemes to test per
    # row, and a GIN index that answers the own-text level without rechecking each
    # matching row's whole text.
    return Q(own_vector=_tsquery(_ts_groups(plan)))


def best_tier(plan: TextPlan) -> Q | None:
    """PostgreSQL: the entries with every word of the shopper's own (or its correction) in the
    title, which rank above every other match (each word scores TITLE_WORD there, and the
    most any other entry can reach is one TITLE_WORD less plus lesser tiers). When they fill
    the page, only they need ranking: a common word matches a fifth of the catalogue, and
    ranking all of it was most of a search's time."""
    if not plan.primaries or connection.vendor != "postgresql":
        return None
    # From the title's own vector: exact in its GIN index, where "word:A" of the own vector
    # had every entry with the word in a category name rechecked (models.title_vector).
    return Q(title_vector=_tsquery(" & ".join(_ts_group([primary]) for primary in plan.primaries)))


def _sqlite_places(plan: TextPlan) -> _Places:
    groups = plan.groups
    titles = [_any_phrase("padded_title", g) for g in groups]
    categories = [_any_phrase("padded_category", g) for g in groups]
    return _Places(
        title_words=[_any_phrase("padded_title", [primary]) for primary in plan.primaries],
        title_alternatives=titles,
        own_categories=categories,
        anywheres=[_any_phrase("document", g) for g in groups],
        own_text=_any(titles + categories),
    )


def _all(conditions: list[Q]) -> Q:
    combined = Q()
    for condition in conditions:
        combined &= condition
    return combined


def _any(conditions: list[Q]) -> Q:
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def ordered(entries: QuerySet, rank, query: queries.ProductQuery) -> QuerySet:
    """The entries in the order the query asks for: by rank when it is a ranked search."""
    if rank is not None and query.sort == queries.SORT_RELEVANCE:
        ordering = (F("rank").desc(), "-num_sold", "-date_created", "-product_id")
        page = entries.annotate(rank=rank)
    else:
        ordering = ORDERINGS.get(query.sort, ORDERINGS[queries.SORT_NEWEST])
        page = entries
    return page.order_by(*ordering)


def suggestions(prefix: str, *, limit: int = 8) -> list[queries.Suggestion]:
    """Autocomplete: titles that begin with the prefix first, then titles with a word that does."""
    prefix = " ".join(words(prefix))
    if len(prefix) < 2:
        return []
    entries = (
        ProductSearchEntry.objects.filter(
            Q(title_normalized__startswith=prefix) | Q(title_normalized__contains=f" {prefix}")
        )
        .annotate(
            starts=Case(
                When(title_normalized__startswith=prefix, then=Value(1)),
                default=Value(0),
                output_field=FloatField(),
            )
        )
        .order_by("-starts", "-in_stock", "-num_sold", "title")
        .values_list("title", "product_id")[:limit]
    )
    return [queries.Suggestion(title=title, product_id=pk) for title, pk in entries]


def sort_without_rank(query: queries.ProductQuery) -> str:
    return queries.SORT_NEWEST if query.sort == queries.SORT_RELEVANCE else query.sort


def _any_phrase(field_name: str, group: list[tuple[str, ...]]) -> Q:
    condition = Q()
    for phrase in group:
        every = Q()
        for stem_word in phrase:
            every &= Q(**{f"{field_name}__contains": f" {stem_word} "})
        condition |= every
    return condition


def price_q(price_range) -> Q:
    condition = Q(price__isnull=False)
    if price_range.low is not None:
        condition &= Q(price__gte=price_range.low)
    if price_range.high is not None:
        condition &= Q(price__lt=price_range.high)
    return condition


def filtered(entries: QuerySet, query: queries.ProductQuery) -> QuerySet:
    """The entries that every filter of the query (besides the text) lets through."""
    if query.category is not None and connection.vendor == "postgresql":
        # From the rows' own lists of categories, through their GIN index (migration 0005),
        # which PostgreSQL can AND with a province's or producer's index: joined to the
        # links, a top-level category in one province probed 15,000 rows one by one.
        entries = entries.alias(category_ids=_CATEGORY_IDS).filter(
            category_ids__contains=[str(query.category)]
        )
    elif query.category is not None:
        entries = entries.filter(
            pk__in=ProductSearchCategory.objects.filter(category_id=query.category).values("entry_id")
        )
    for name, column in (
        ("province", "province_id"),
        ("regency", "regency_id"),
        ("village", "village_id"),
        ("producer", "seller_id"),
    ):
        value = getattr(query, name)
        if value is not None:
            entries = entries.filter(**{column: value})
    if query.price_range is not None:
        entries = entries.filter(price_q(query.price_range))
    if query.halal:
        entries = entries.filter(is_halal=True)
    if query.pirt:
        entries = entries.filter(has_pirt=True)
    if query.in_stock:
        entries = entries.filter(in_stock=True)
    return entries


# An entry's category_list as an array, exactly as the index of migration 0005 is built.
_CATEGORY_IDS = Func(
    Func(F("category_list"), function="btrim"),
    Value(" "),
    function="string_to_array",
    output_field=ArrayField(TextField()),
)


def narrowed(query: queries.ProductQuery) -> bool:
    """Any filter besides the text."""
    return any(
        (
            query.category is not None,
            query.province,
            query.regency,
            query.village,
            query.producer is not None,
            query.price,
            query.halal,
            query.pirt,
            query.in_stock,
        )
    )
