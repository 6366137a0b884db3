"""The interface every search backend implements."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable

from search.indexing import ProductRecord
from search.queries import ProductQuery, SearchResult, Suggestion

Progress = Callable[[int, int], None]


class SearchBackend(ABC):
    #: True when the index lives in the shop's own database, so it can change in the
    #: same transaction as the product; False means "index after commit".
    transactional = False

    @abstractmethod
    def search(self, query: ProductQuery) -> SearchResult: ...

    @abstractmethod
    def autocomplete(self, prefix: str, *, limit: int = 8) -> list[Suggestion]: ...

    @abstractmethod
    def index(self, records: Iterable[ProductRecord], *, delete_ids: Iterable[int] = ()) -> None:
        """Add or replace these products and remove the deleted ones."""

    @abstractmethod
    def rebuild(self, *, progress: Progress | None = None, chunk_size: int = 500) -> int:
        """Index every listed product from scratch; returns how many were indexed."""
