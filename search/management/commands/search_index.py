"""manage.py search_index --rebuild: index every listed product again, showing progress.

On Elasticsearch the products go into a new index and the alias moves to it in one step,
so the shop searches the old index until the new one is complete; on the database backend
the rebuild is one transaction.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from search.backends import get_backend
from search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the product search index (Elasticsearch: new index, then an alias swap)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="index every listed product again")
        parser.add_argument(
            "--compact",
            action="store_true",
            help="fold the database backend's facet count changes, one row per value (the scheduler's job)",
        )
        parser.add_argument("--chunk-size", type=int, default=500, help="products per batch (default 500)")

    def handle(self, *args, rebuild: bool, compact: bool, chunk_size: int, **options):
        if not (rebuild or compact):
            raise CommandError("Nothing to do: pass --rebuild or --compact.")
        if compact and not rebuild:  # a rebuild writes the counts compacted
            backend = get_backend()
            if not hasattr(backend, "facet_counts_compact"):
                self.stdout.write(f"{type(backend).__name__} counts its facets itself: nothing to compact.")
                return
            rows = backend.facet_counts_compact()
            self.stdout.write(self.style.SUCCESS(f"Facet counts compacted: {rows} rows."))
            return
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        backend = get_backend()
        self.stdout.write(f"Rebuilding the product index ({type(backend).__name__})")
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done}/{total} products ({done * 100 // max(total, 1)}%)")

        count = search_index_rebuild(progress=progress, chunk_size=chunk_size)
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count} products in {time.monotonic() - started:.1f} s.")
        )
