"""What a request reads from the shared cache: the keys of each get_many(), in order."""

from unittest import mock

from django.core.cache import cache as default_cache


def cache_reads(client, url: str) -> tuple:
    """The response to `url` and the keys of each read of the shared cache while serving it."""
    reads = []
    get_many = default_cache.get_many

    def counting_get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        return get_many(keys, *args, **kwargs)

    with mock.patch.object(default_cache, "get_many", counting_get_many):
        response = client.get(url)
    return response, reads
