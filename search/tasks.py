"""Search indexing off the request path: an external index (Elasticsearch) is written by the
worker after the change commits, and retried there when the cluster is unreachable."""

from core.tasks import background_task


@background_task
def products_index_task(product_ids: list[int]) -> None:
    from search.services import products_index

    products_index(product_ids=product_ids)
