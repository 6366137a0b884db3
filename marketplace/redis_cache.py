"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's RedisCacheClient builds a new ``redis.Redis`` for every cache call, and redis-py
fills a table of about 80 response callbacks in each constructor: with a dozen cache calls
a page, that was 2 ms of every request here. A client is only a handle on its connection
pool and safe to share between threads, so one per pool serves the whole process.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
