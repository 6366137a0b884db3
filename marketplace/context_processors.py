from django.utils.functional import SimpleLazyObject

from marketplace.cache import generations


def cache_generations(request):
    """{{ cache_generation.catalogue }} and {{ cache_generation.content }} for {% cache %} keys;
    read from the cache only when a template asks."""
    return {"cache_generation": SimpleLazyObject(generations), "cache_timeout": 600}
