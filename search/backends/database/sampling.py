"""Searches that match more entries than can be counted in time (PostgreSQL).

Counting facets costs a few microseconds for every entry a search matches: a common word
at 1,000,000 products matches 30,000-170,000 of them, 150-800 ms however the counting is
written. Above SEARCH_EXACT_COUNT_LIMIT entries (the planner's estimate, from the text
index's statistics) a search counts its total and facets from a uniform sample of its
matches instead (the entries of the first sample slots, search.models.ProductSearchEntry
.sample, read through that column's index ANDed with the text's) and scales them up: from
a sample of 1,000 (SEARCH_SAMPLE_SIZE) the total is within a few percent, a value with a
twentieth of the matches within about a seventh, and a value with a handful of matches may
not show until the search is narrowed. The result says it is estimated, and the shop shows
"sekitar" and "±".

The page is never taken from the sample, which would show the same few producers first
for every common word. It is ranked among candidates from all the matches: the most
popular entries with every word in the title (the best tier, ranking.best_tier), and when
they cannot fill the page, the most popular matches of any tier too; PostgreSQL finds both
by walking the popular order's index. The candidates are ranked as any search's page
(ranking.postgres_rank). Other orders (newest, price) take their page from all matches.
"""

import json
import math

from django.conf import settings
from django.db.models import Q, QuerySet

from search import queries
from search.backends.database import facets, ranking
from search.models import SAMPLE_SLOTS, ProductSearchEntry

# The best-ranked page is chosen among at least this many candidates (four pages): a
# shopper paging through them sees each once.
CANDIDATE_POOL = 96
_POPULAR = ranking.ORDERINGS[queries.SORT_POPULAR]


def estimated_matches(entries: QuerySet) -> int:
    """The planner's estimate of how many entries match: planning only, nothing is read."""
    if entries.query.is_empty():  # entries.none(): a query of punctuation only
        return 0
    plan = json.loads(entries.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def too_many_to_count(estimate: int) -> bool:
    return estimate > settings.SEARCH_EXACT_COUNT_LIMIT


def sampled_search(
    entries: QuerySet, rank, plan, query: queries.ProductQuery, *, best: Q | None, estimate: int
) -> queries.SearchResult | None:
    """The search's facets and total estimated from a sample of its matches, its page from
    all of them; None when the sample shows the estimate was wrong and there are few enough
    matches to count them exactly after all."""
    size = settings.SEARCH_SAMPLE_SIZE
    slots = max(1, min(SAMPLE_SLOTS, SAMPLE_SLOTS * size // max(estimate, 1)))
    scale = SAMPLE_SLOTS / slots
    # Counted as any search's facets, from the sampled rows; the page comes from all matches.
    sampled = facets.search_snapshot(entries.filter(sample__lt=slots), None, plan, query.with_page(0, 0))
    total = round(sampled.total * scale)
    if total <= settings.SEARCH_EXACT_COUNT_LIMIT:
        return None
    return queries.SearchResult(
        total=_about(total),
        product_ids=_page(entries, rank, query, best=best),
        facets=_scaled(sampled.facets, scale),
        suggestion=sampled.suggestion,
        estimated=True,
    )


def _page(entries: QuerySet, rank, query: queries.ProductQuery, *, best: Q | None) -> list[int]:
    window = slice(query.offset, query.offset + query.limit)
    if rank is None or query.sort != queries.SORT_RELEVANCE:
        return list(ranking.ordered(entries, None, query).values_list("product_id", flat=True)[window])
    pool = max(CANDIDATE_POOL, query.offset + query.limit)

    def ranked(candidates: QuerySet) -> list[int]:
        page = ProductSearchEntry.objects.filter(product_id__in=candidates)
        return list(ranking.ordered(page, rank, query).values_list("product_id", flat=True)[window])

    popular = entries.order_by(*_POPULAR).values("product_id")[:pool]
    if best is None:
        return ranked(popular)
    # Every word in the title is a match at any level: asked without the text's own
    # condition, PostgreSQL walks the popular order's index (or ANDs a few indexes) instead
    # of reading every entry with the word anywhere in its own text. The best tier ranks
    # above every other match, so the others are only needed when it cannot fill the page.
    tier = ranking.filtered(ProductSearchEntry.objects.all(), query).filter(best)
    tier_pool = tier.order_by(*_POPULAR).values("product_id")[:pool]
    page = ranked(tier_pool)
    if len(page) < query.limit:
        page = ranked(tier_pool.union(popular))
    return page


def _scaled(counted: dict, scale: float) -> dict:
    """Each count of the sample as the matches' estimate, in the same order (most first)."""
    return {
        facet: {value: _about(n * scale) for value, n in values.items()} for facet, values in counted.items()
    }


def _about(n: float) -> int:
    """An estimate to two significant figures (33,417 -> 33,000): no more precise than it is."""
    if n < 100:
        return max(1, round(n))
    magnitude = 10 ** (int(math.log10(n)) - 1)
    return int(round(n / magnitude) * magnitude)
