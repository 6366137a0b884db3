"""When a cached entry goes out of date, one request rebuilds it while the others are served
the previous one (core.cache): never N identical rebuilds of a popular page."""

import threading

import pytest
from django.test import Client

from core import cache

pytestmark = pytest.mark.django_db


def test_while_one_rebuilds_the_others_get_the_previous_value(django_capture_on_commit_callbacks):
    assert cache.cached("probe", lambda: "v1", tags=("listing",)) == "v1"
    with django_capture_on_commit_callbacks(execute=True):
        cache.tags_changed("listing")
    started, release = threading.Event(), threading.Event()
    rebuilds = []

    def slow_rebuild():
        rebuilds.append(1)
        started.set()
        release.wait(5)
        return "v2"

    worker = threading.Thread(target=lambda: cache.cached("probe", slow_rebuild, tags=("listing",)))
    worker.start()
    assert started.wait(5)
    # Meanwhile: the previous value, and no second rebuild.
    others = [cache.cached("probe", slow_rebuild, tags=("listing",)) for _ in range(5)]
    release.set()
    worker.join(5)
    assert others == ["v1"] * 5 and len(rebuilds) == 1
    assert cache.cached("probe", lambda: "v3", tags=("listing",)) == "v2"


def test_a_visitors_own_fragment_is_never_served_stale(django_capture_on_commit_callbacks):
    owner = cache.owner_tag("user-7")
    assert cache.cached("basket-probe", lambda: "empty", tags=(owner,), stale_ok=False) == "empty"
    with django_capture_on_commit_callbacks(execute=True):
        cache.tags_changed(owner)
    cache.cache.add("rebuilding:basket-probe", 1, 10)  # as if another request were rebuilding it
    assert cache.cached("basket-probe", lambda: "1 item", tags=(owner,), stale_ok=False) == "1 item"


def test_a_stale_shared_page_is_served_while_another_request_rebuilds_it(
    product, django_capture_on_commit_callbacks, monkeypatch
):
    url = product.get_absolute_url()
    assert Client().get(url)["X-Page-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        cache.tags_changed(f"product:{product.pk}")
    monkeypatch.setattr(cache, "_rebuild_claimed", lambda key: False)  # another request holds the lock
    assert Client().get(url)["X-Page-Cache"] == "hit"
    monkeypatch.undo()
    assert Client().get(url)["X-Page-Cache"] == "miss"  # the lock is free: rebuilt, and stored again
    assert Client().get(url)["X-Page-Cache"] == "hit"
