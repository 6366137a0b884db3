"""Search in the shop's own database: PostgreSQL full-text search, or a plain SQLite match.

Text is stemmed with Sastrawi in Python (search.analysis) when rows are written and when a
query arrives, so PostgreSQL only needs its "simple" dictionary plus unaccent (the
``pasar_id`` configuration from this app's migration). Typos are corrected against the
vocabulary of listed words with pg_trgm similarity (difflib on SQLite); facets are counted
with GROUP BY over the filtered rows.

DatabaseBackend is what the shop uses; its parts are in this package:

- indexing.py: writing and deleting index entries, the kept facet counts, rebuild, compact;
- ranking.py: a query's filters and text as matching entries, their rank and every order
  of results, spelling corrections, autocomplete suggestions;
- facets.py: facet counts (kept, GROUPING SETS on PostgreSQL, GROUP BY on SQLite);
- sampling.py: a search matching too many entries to count in time, estimated from a sample.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet

from search import queries
from search.backends.base import Progress, SearchBackend
from search.backends.database import facets, indexing, ranking, sampling
from search.indexing import ProductRecord
from search.models import ProductSearchEntry


class DatabaseBackend(SearchBackend):
    transactional = True

    def __init__(self, **options):
        self.options = options

    @property
    def _postgres(self) -> bool:
        return connection.vendor == "postgresql"

    # --- Writing (indexing.py) ----------------------------------------------

    def index(self, records: Iterable[ProductRecord], *, delete_ids: Iterable[int] = ()) -> None:
        indexing.index(records, delete_ids=delete_ids)

    def rebuild(self, *, progress: Progress | None = None, chunk_size: int = 500) -> int:
        return indexing.rebuild(progress=progress, chunk_size=chunk_size)

    def facet_counts_compact(self) -> int:
        """Fold the facet count changes into one row per value; returns the rows left."""
        return indexing.facet_counts_compact()

    # --- Reading (ranking.py, facets.py) ------------------------------------

    def search(self, query: queries.ProductQuery) -> queries.SearchResult:
        entries = ranking.filtered(ProductSearchEntry.objects.all(), query)
        if not query.text:
            return self._search_entries(entries, None, None, query)
        plan = ranking.text_plan(query.text)
        # The strictest level that finds anything (queries.LEVELS); a one-word query has
        # no "some of the words" to fall back to.
        levels = [level for level in queries.LEVELS if level.every_word or len(plan.groups) > 1]
        for level in levels:
            matched, rank = ranking.match(entries, plan, level)
            bound = ranking.match_bound(entries, plan, level)
            result = self._search_entries(matched, rank, plan, query, estimate_from=bound)
            if result.total:
                break
        result.partial = not level.every_word and bool(result.total)
        return result

    def _search_entries(
        self, entries: QuerySet, rank, plan, query: queries.ProductQuery, *, estimate_from=None
    ):
        if plan is None and not ranking.narrowed(query):
            counts = self._facets_counted(query)
        elif self._postgres:
            best = ranking.best_tier(plan) if plan is not None else None
            estimate = sampling.estimated_matches(entries if estimate_from is None else estimate_from)
            if sampling.too_many_to_count(estimate):
                sampled = sampling.sampled_search(entries, rank, plan, query, best=best, estimate=estimate)
                if sampled is not None:
                    return sampled
            return facets.search_snapshot(entries, rank, plan, query, best=best)
        else:
            counts = self._facets(entries, query)
        total = counts.pop("_total")
        ids = list(
            ranking.ordered(entries, rank, query).values_list("product_id", flat=True)[
                query.offset : query.offset + query.limit
            ]
        )
        return queries.SearchResult(
            total=total, product_ids=ids, facets=counts, suggestion=plan.suggestion if plan else ""
        )

    def _facets_counted(self, query: queries.ProductQuery) -> dict:
        """The unfiltered catalogue's facets, from the counts the indexer keeps."""
        return facets.kept(query)

    def _facets(self, entries: QuerySet, query: queries.ProductQuery) -> dict:
        """A search or narrowed listing's facets on SQLite, one query per facet."""
        return facets.counted(entries, query)

    def autocomplete(self, prefix: str, *, limit: int = 8) -> list[queries.Suggestion]:
        return ranking.suggestions(prefix, limit=limit)
