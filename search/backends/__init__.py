"""The configured search backend (settings.SEARCH_BACKEND), one instance per configuration."""

from django.conf import settings
from django.utils.module_loading import import_string

from search.backends.base import SearchBackend

DATABASE = "search.backends.database.DatabaseBackend"
ELASTICSEARCH = "search.backends.elasticsearch.ElasticsearchBackend"

_instances: dict[tuple, SearchBackend] = {}


def get_backend() -> SearchBackend:
    path = getattr(settings, "SEARCH_BACKEND", DATABASE)
    options = dict(getattr(settings, "SEARCH_BACKEND_OPTIONS", {}))
    if path == ELASTICSEARCH:
        options.setdefault("url", settings.ELASTICSEARCH_URL)
    key = (path, tuple(sorted(options.items())))
    if key not in _instances:
        _instances[key] = import_string(path)(**options)
    return _instances[key]
