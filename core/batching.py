"""Work that signal receivers do per saved row, done once per batch of rows instead.

Placing an order saves each line and each line's stock record, and every save asks the
search index to rewrite that product's entry: six rewrites of three products for a
three-producer basket, two thirds of the time of "Buat pesanan" (bench/checkout_bench.py
--profile). Inside `with batched():` such work is collected and done once, for all the
rows, when the outermost batch ends — still inside the caller's transaction, so what it
writes commits or rolls back with the rows it follows. Outside a batch it runs at once.
"""

import contextlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextvars import ContextVar

# key -> (action, the items gathered for it), for the batch being run
_pending: ContextVar[dict | None] = ContextVar("batching_pending", default=None)


@contextlib.contextmanager
def batched() -> Iterator[None]:
    """Collect run_batched() work until the outermost batch ends; dropped on an exception
    (the transaction it belongs to is rolled back with it)."""
    if _pending.get() is not None:
        yield  # inside another batch: its end does the work
        return
    pending: dict = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    # A receiver called by this work batches nothing more: it runs at once.
    for action, items in pending.values():
        action(items)


def run_batched(key: Hashable, items: Iterable, action: Callable[[set], None]) -> None:
    """action(items) now, or once at the end of the current batch with every item that was
    given under `key` in it."""
    pending = _pending.get()
    if pending is None:
        action(set(items))
        return
    _action, gathered = pending.setdefault(key, (action, set()))
    gathered.update(items)


@contextlib.contextmanager
def discarded() -> Iterator[None]:
    """Drop the run_batched() work asked for inside: for a dry run whose transaction is rolled
    back anyway (an import's preview), so it does not rewrite what is about to be undone."""
    token = _pending.set({})
    try:
        yield
    finally:
        _pending.reset(token)
