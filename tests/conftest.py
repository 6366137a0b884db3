import functools
import os
import shutil
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from bench.shop_server import CHROMIUM_FLAGS
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory, VillageFactory
from tests.factories.shipping import flat_rates

# PostgreSQL clusters of a test's own (the read replica, the fault suite).
pytest_plugins = ["tests.postgres_clusters"]

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))

# Playwright's sync API keeps an event loop in the test thread; Django's ORM would
# otherwise refuse to run beside it in browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@functools.cache
def elasticsearch_test_url() -> str:
    """ELASTICSEARCH_TEST_URL when a server answers there, else an empty string."""
    url = os.environ.get("ELASTICSEARCH_TEST_URL", "").rstrip("/")
    if not url:
        return ""
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return url if response.status == 200 else ""
    except OSError:
        return ""


def _skip_or_fail(reason: str) -> None:
    # CI sets PASAR_REQUIRE_ALL_TESTS so a missing service fails instead of hiding.
    if os.environ.get("PASAR_REQUIRE_ALL_TESTS") == "1":
        pytest.fail(f"required by CI but unavailable: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        _skip_or_fail("needs PostgreSQL: run with DATABASE_URL=postgres://… (make test does)")
    if item.get_closest_marker("browser") and not CHROMIUM.exists():
        _skip_or_fail(f"needs Chromium at {CHROMIUM} (make test installs Debian's package)")
    if item.get_closest_marker("search") and not elasticsearch_test_url():
        _skip_or_fail(
            "needs an Elasticsearch-compatible server at ELASTICSEARCH_TEST_URL "
            "(make test starts the noida-db emulator)"
        )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Each worker's test database is a copy of one migrated template (bench.bench_databases):
    migrating the 400-odd migrations took each worker 2-4 minutes of a CI run."""
    url = os.environ.get("DATABASE_URL", "")
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and url:
        from bench.bench_databases import migrated_template

        settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = migrated_template(url)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture(autouse=True)
def _home_page(request):
    # Transactional tests flush every table, Wagtail's page tree included.
    if "django_db_setup" in request.fixturenames:
        request.getfixturevalue(
            "db" if "transactional_db" not in request.fixturenames else "transactional_db"
        )
        from cms.services import homepage_ensure

        homepage_ensure()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seller(db):
    return SellerProfileFactory()


@pytest.fixture
def product(seller):
    return ProductFactory(seller=seller, title="Kerupuk Kulit Ikan Original", price=25000)


@pytest.fixture
def staff_user(db):
    return UserFactory(username="staf", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


# --- Checkout -----------------------------------------------------------


@pytest.fixture
def two_producers(db):
    first = SellerProfileFactory(name="Dapur Bu Warsini")
    second = SellerProfileFactory(name="Bordir Waled", offers_pickup=True, pickup_note="Balai desa Waled")
    return first, second


@pytest.fixture
def buyer_village(db):
    return VillageFactory(name="Sukamaju", is_desmigratif=False)


@pytest.fixture
def products(two_producers, buyer_village):
    first, second = two_producers
    # Both producers reach the buyer's province with JNE REG at Rp 20.000 per kg; the
    # products weigh 500 g, so one of each is billed 1 kg.
    flat_rates(sellers=two_producers, village=buyer_village)
    return (
        ProductFactory(seller=first, title="Kerupuk Kulit Ikan", price=25000, num_in_stock=10),
        ProductFactory(seller=second, title="Kerudung Bordir", price=125000, num_in_stock=3),
    )


# --- Browser --------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        # What every Chromium on these machines needs (bench/shop_server.py); headless is set above.
        "args": [flag for flag in CHROMIUM_FLAGS if not flag.startswith("--headless")],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A mid-range Android phone: the shop's main audience.
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "locale": "id-ID"}
