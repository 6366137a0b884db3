"""Elasticsearch unreachable: search pages are answered from the database's index, never a 500.

The shop (gunicorn, as in test_cache_and_database_faults.py) is configured for Elasticsearch
at a loopback port where nothing listens, as when the cluster is down. Visitors search at a
steady pace for FAULT_SECONDS (default 8) while buyers place orders and a producer lists a
new product halfway: every search page is the shop's own, finds what the database's index
holds (kept current whatever the backend, search.services.products_index_later), and the
shop says in its log that it fell back.
"""

import itertools
import threading
import time
from collections import Counter

import pytest
import requests

from tests.faults.checkouts import Checkouts, half_placed_orders, shop_setup
from tests.faults.test_cache_and_database_faults import FAULT_SECONDS, _free_port, shop  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# A producer renames a product halfway: saved through the model, as the portal saves it.
NEW_PRODUCT = """
from oscar.core.loading import get_model
product = get_model("catalogue", "Product").objects.get(pk={pk})
product.title = "Rengginang Ketan Hitam"
product.save()
"""


@pytest.fixture
def shop_without_search(shop):  # noqa: F811
    served, redis, cluster = shop
    served.stop()
    served.env["ELASTICSEARCH_URL"] = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    served.start()
    return served


def test_elasticsearch_unreachable_search_answers_from_the_database_under_load(shop_without_search):
    served = shop_without_search
    setup = shop_setup(served.env)
    buyers = Checkouts(served.base_url, setup, buyers=1).start()
    buyers.wait_for(1)
    seen: list[tuple[float, int, str, float]] = []
    stop = threading.Event()
    numbers = itertools.count()

    def search():
        while not stop.is_set():
            n = next(numbers)
            # Words the cache has not seen (each a search of its own), from many addresses
            # (search is rate-limited per address).
            words = "rengginang" if n % 3 == 0 else f"keripik gangguan {n}"
            began = time.monotonic()
            try:
                response = requests.get(
                    served.base_url + "/search/", params={"q": words}, timeout=30,
                    headers={"X-Forwarded-For": f"10.30.{n // 256 % 256}.{n % 256}"},
                )  # fmt: skip
                status, text = response.status_code, response.text
            except requests.RequestException:
                status, text = 0, ""
            shown = "Rengginang Ketan Hitam" in text if n % 3 == 0 else "Keripik Gangguan" in text
            seen.append((began, status, words, shown, time.monotonic() - began))
            time.sleep(0.05)

    threads = [threading.Thread(target=search) for _ in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(FAULT_SECONDS / 2)
    served.manage("shell", "-c", NEW_PRODUCT.format(pk=setup["products"][0]))
    listed_at = time.monotonic()
    time.sleep(FAULT_SECONDS / 2)
    stop.set()
    for thread in threads:
        thread.join()
    buyers.stop()

    statuses = Counter(status for _b, status, _w, _s, _t in seen)
    keripik = [shown for _b, _s, words, shown, _t in seen if words.startswith("keripik")]
    new_found = [shown for began, _s, words, shown, _t in seen if words == "rengginang" and began > listed_at]
    log = served.log.read_text()
    half_placed = half_placed_orders(served.env["DATABASE_URL"])
    print(
        f"\nElasticsearch unreachable {time.monotonic() - started:.0f} s: {len(seen)} searches "
        f"{dict(statuses)}, slowest {max(t for *_rest, t in seen):.2f} s, products found on "
        f"{sum(keripik)} of {len(keripik)} pages; the product listed halfway found on {sum(new_found)} "
        f"of {len(new_found)} searches after; {log.count('Search backend')} fallback log lines; "
        f"{buyers.summary()}, half-placed {len(half_placed)}"
    )
    assert seen and set(statuses) == {200}  # never a 500
    assert keripik and all(keripik)  # the database's index answered
    assert new_found and all(new_found)  # and took the new product at once
    assert "Search backend ElasticsearchBackend failed; searching the database" in log
    assert buyers.placed and half_placed == []
