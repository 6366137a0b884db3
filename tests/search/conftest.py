"""Search fixtures: one catalogue of village products, searched through either backend.

``backend`` is parametrized: every test that takes it runs on the database backend (on
whatever database the suite uses: PostgreSQL in CI) and on Elasticsearch at
ELASTICSEARCH_TEST_URL (marked ``search``; make test starts the noida-db emulator).
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from elasticsearch import BadRequestError, Elasticsearch

from search import services
from search.backends import DATABASE, ELASTICSEARCH, get_backend
from sellers.models import SellerProfile
from tests.conftest import elasticsearch_test_url
from tests.factories import (
    CategoryFactory,
    DistrictFactory,
    ProductClassFactory,
    ProductFactory,
    ProvinceFactory,
    RegencyFactory,
    SellerProfileFactory,
    VillageFactory,
)


@dataclass(frozen=True)
class ServerFeatures:
    """What the Elasticsearch server at hand can do (the emulator lacks some)."""

    indonesian_stemmer: bool
    completion: bool


def _probe(client: Elasticsearch) -> ServerFeatures:
    name = f"probe-{uuid.uuid4().hex[:8]}"
    try:
        client.indices.create(
            index=name,
            settings={"analysis": {"filter": {"s": {"type": "stemmer", "language": "indonesian"}}}},
        )
        stemmer = True
    except BadRequestError:
        stemmer = False
    client.options(ignore_status=404).indices.delete(index=name)
    try:
        client.indices.create(index=name, mappings={"properties": {"s": {"type": "completion"}}})
        client.index(index=name, id="1", document={"s": {"input": ["Kerupuk Udang"]}}, refresh=True)
        response = client.search(index=name, suggest={"x": {"prefix": "keru", "completion": {"field": "s"}}})
        completion = bool(response["suggest"]["x"][0]["options"])
    except BadRequestError:
        completion = False
    client.options(ignore_status=404).indices.delete(index=name)
    return ServerFeatures(indonesian_stemmer=stemmer, completion=completion)


@pytest.fixture(scope="session")
def elasticsearch_features() -> ServerFeatures:
    return _probe(Elasticsearch(elasticsearch_test_url()))


@dataclass
class Backend:
    name: str
    features: ServerFeatures | None = None

    @property
    def is_elasticsearch(self) -> bool:
        return self.name == "elasticsearch"

    def reindex(self) -> None:
        services.search_index_rebuild()

    def require(self, feature: str) -> None:
        if self.features is not None and not getattr(self.features, feature):
            pytest.skip(f"the Elasticsearch server at hand (the noida-db emulator?) has no {feature}")


@pytest.fixture
def database_backend(settings):
    """The database backend alone (for what only it does: its SQL, its sampled counts)."""
    settings.SEARCH_BACKEND = DATABASE
    settings.SEARCH_BACKEND_OPTIONS = {}
    return get_backend()


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.search)])
def backend(request, settings, db):
    if request.param == "database":
        settings.SEARCH_BACKEND = DATABASE
        settings.SEARCH_BACKEND_OPTIONS = {}
        yield Backend("database")
        return
    features = request.getfixturevalue("elasticsearch_features")
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    settings.SEARCH_BACKEND = ELASTICSEARCH
    settings.ELASTICSEARCH_URL = elasticsearch_test_url()
    settings.SEARCH_BACKEND_OPTIONS = {"index_prefix": prefix, "stemmer": features.indonesian_stemmer}
    settings.SEARCH_REFRESH_ON_WRITE = True
    settings.SEARCH_FALLBACK = False  # a failing Elasticsearch must fail its test, not fall back
    yield Backend("elasticsearch", features)
    client = get_backend().client
    for name in client.indices.get(index=f"{prefix}-*"):
        client.indices.delete(index=name)


@dataclass
class Shop:
    """The catalogue the behaviour tests search: two villages, five producers."""

    makanan: object
    kerupuk: object
    minuman: object
    kerajinan: object
    warsini: SellerProfile
    kenanga_crafts: SellerProfile
    kuripan: SellerProfile
    products: dict


@pytest.fixture
def shop(db) -> Shop:
    jabar = ProvinceFactory(code="32", name="Jawa Barat", slug="jawa-barat")
    jateng = ProvinceFactory(code="33", name="Jawa Tengah", slug="jawa-tengah")
    indramayu = RegencyFactory(province=jabar, code="3212", name="Indramayu", slug="indramayu")
    wonosobo = RegencyFactory(province=jateng, code="3307", name="Wonosobo", slug="wonosobo")
    kenanga = VillageFactory(
        district=DistrictFactory(regency=indramayu, code="3212040", name="Sindang"),
        code="3212040006",
        name="Kenanga",
    )
    kuripan_village = VillageFactory(
        district=DistrictFactory(regency=wonosobo, code="3307080", name="Watumalang"),
        code="3307080010",
        name="Kuripan",
    )
    makanan = CategoryFactory(name="Makanan Olahan")
    kerupuk = makanan.add_child(name="Kerupuk dan Keripik")
    minuman = CategoryFactory(name="Minuman")
    kerajinan = CategoryFactory(name="Kerajinan Tangan")
    food = ProductClassFactory(name="Pangan Olahan", is_food=True)
    craft = ProductClassFactory(name="Kerajinan")

    warsini = SellerProfileFactory(name="Dapur Bu Warsini", village=kenanga)
    kenanga_crafts = SellerProfileFactory(name="Sanggar Kenanga", village=kenanga)
    kuripan = SellerProfileFactory(name="Kelompok Tani Kuripan", village=kuripan_village)
    suspended = SellerProfileFactory(
        name="Usaha Ditangguhkan", village=kenanga, status=SellerProfile.Status.SUSPENDED
    )
    applied = SellerProfileFactory(
        name="Usaha Pendaftar", village=kenanga, status=SellerProfile.Status.APPLIED
    )

    def make(title, seller, category, price, product_class=food, **extra):
        if product_class is food:
            extra.setdefault("pirt_number", "206321201012325")
        return ProductFactory(
            title=title,
            seller=seller,
            categories__category=category,
            price=Decimal(price),
            product_class=product_class,
            **extra,
        )

    products = {
        "kerupuk_ikan": make(
            "Kerupuk Kulit Ikan Pedas 250 g",
            warsini,
            kerupuk,
            27000,
            halal_number="ID32110000123450124",
            description="Kerupuk renyah dari kulit ikan tenggiri, digoreng dengan cabai.",
        ),
        "kerupuk_udang": make("Kerupuk Udang Indramayu 250 g", warsini, kerupuk, 30000, num_in_stock=0),
        "keripik": make("Keripik Singkong Balado", kuripan, kerupuk, 18000, halal_number="ID33"),
        "sirup": make(
            "Sirup Mangga Gedong Gincu 600 ml",
            warsini,
            minuman,
            45000,
            halal_number="ID32110000999",
            description="Minuman segar dari mangga Indramayu.",
        ),
        "kopi": make("Kopi Robusta Kuripan 200 g", kuripan, minuman, 55000),
        "kerudung": make(
            "Kerudung Bordir Tangan Motif Mega Mendung",
            kenanga_crafts,
            kerajinan,
            185000,
            product_class=craft,
            description="Bordir tangan halus pada kain voal.",
        ),
        "keranjang": make(
            "Keranjang Bambu Wulung",
            kuripan,
            kerajinan,
            95000,
            product_class=craft,
            description="Dianyam tangan oleh ibu-ibu Kuripan.",
        ),
        "tisu": make(
            "Kerajinan Tangan Tempat Tisu Pandan",
            kenanga_crafts,
            kerajinan,
            60000,
            product_class=craft,
            description="Dari daun pandan.",
        ),
        # Never listed:
        "hidden": make("Kerupuk Ikan Disembunyikan", warsini, kerupuk, 20000, is_public=False),
        "suspended": make("Kerupuk Ikan Penjual Ditangguhkan", suspended, kerupuk, 20000),
        "applied": make("Kerupuk Ikan Pendaftar", applied, kerupuk, 20000),
    }
    return Shop(makanan, kerupuk, minuman, kerajinan, warsini, kenanga_crafts, kuripan, products)
