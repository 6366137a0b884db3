"""A programme-sized shop for benchmarks: ``load_demo_data --scale N``.

At ``--scale 1`` (the full programme): 500 Desmigratif villages spread over the provinces,
10,000 producers, 100,000 products, 1,000,000 order lines (about 400,000 orders) over the
last two years, with the ledger each order would have booked; a fraction (``--scale 0.01``)
makes a shop that much smaller. Written with PostgreSQL's COPY (a few seconds per 100,000
rows) instead of the services, which would take hours: so the rows are exactly what the
services write, the ledger included —

- a paid part: its sale (goods and shipping) and the programme's commission, held;
- delivered: released (held out, available in) two days after delivery;
- refunded: the refund and the commission's reversal out of what was held;
- cancelled or awaiting payment: nothing booked;
- each month, a payout of most of what the producer's parts released that month.

Every order goes to one producer (one ``SellerOrder``), with 1 to 4 lines of its products;
30 % of them come from buyers working abroad. The products are not put in the search index
(``manage.py search_index --rebuild`` does that); nothing is sent, no pictures are drawn.
Loading again changes nothing (its producers are there: ``skala-…``).
"""

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from cms.models import CourseCompletion, CoursePage
from exchange.countries import COUNTRIES_OF_WORK, HOME_COUNTRY
from fulfilment.models import SellerOrder
from ledger.models import LedgerEntry
from ledger.services import commission_for
from regions.models import Village
from sellers.models import Cooperative, SellerProfile

Line = get_model("order", "Line")
Order = get_model("order", "Order")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")
User = get_user_model()

FULL = {"villages": 500, "producers": 10_000, "products": 100_000, "lines": 1_000_000}
SLUG_PREFIX = "skala-"
BATCH_ORDERS = 20_000
Status = SellerOrder.Status
Kind, Account = LedgerEntry.Kind, LedgerEntry.Account
# How a part ends up, by share of the orders (what a shop two years old looks like).
OUTCOMES = [
    (Status.DELIVERED, 0.72),
    (Status.SHIPPED, 0.05),
    (Status.PACKED, 0.02),
    (Status.PAID, 0.03),
    (Status.CANCELLED, 0.08),
    (Status.REFUNDED, 0.03),
    (Status.AWAITING_PAYMENT, 0.07),
]
ABROAD_SHARE = 0.3
WORDS = ["Kerupuk", "Sirup", "Keripik", "Batik", "Tenun", "Madu", "Kopi", "Dodol", "Sambal", "Abon"]
TASTES = ["Original", "Pedas", "Manis", "Jahe", "Mangga", "Pandan", "Bawang", "Cokelat"]


def scale_sizes(scale: float) -> dict[str, int]:
    """The counts at ``scale`` (1 = the full programme), never below a shop worth timing."""
    floors = {"villages": 5, "producers": 50, "products": 500, "lines": 5_000}
    return {name: max(floors[name], round(count * scale)) for name, count in FULL.items()}


def copy_rows(model, objects: Iterable) -> int:
    """COPY unsaved model instances, with the ids already set, into the model's table.

    Values go through each field's get_db_prep_save, so defaults and types are the ORM's."""
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    count = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields])
                count += 1
    return count


def reserve_ids(model, count: int) -> int:
    """The first of ``count`` ids no other row has, the table's id sequence moved past them.
    A loader's shortcut: nothing else may insert into the table meanwhile."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608 - our own table name
            f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), "
            f"(SELECT last_value FROM {table}_id_seq)) + %s)",
            [table, count],
        )
        return cursor.fetchone()[0] - count + 1


class Progress:
    def __init__(self, report: Callable[[str], None], what: str, total: int):
        self.report, self.what, self.total, self.started = report, what, total, time.monotonic()

    def __call__(self, done: int, extra: str = "") -> None:
        seconds = time.monotonic() - self.started
        rate = done / seconds if seconds else 0
        self.report(f"{self.what}: {done:,}/{self.total:,} ({rate:,.0f}/s, {seconds:.0f} s){extra}")


class ScaleLoader:
    def __init__(self, *, scale: float, report: Callable[[str], None], seed: int = 21):
        self.sizes = scale_sizes(scale)
        self.report = report
        self.rng = random.Random(seed)  # noqa: S311 - made-up data, the same on every run
        self.now = timezone.now()

    def run(self) -> dict[str, int]:
        if SellerProfile.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            self.report("scale data already loaded: nothing to change")
            return {}
        started = time.monotonic()
        self.report(", ".join(f"{count:,} {name}" for name, count in self.sizes.items()))
        with transaction.atomic():
            villages = self.villages()
            producers = self.producers(villages)
            catalogue = self.products(producers)
            created = self.orders(catalogue)
            created["courses completed"] = self.courses(producers)
        with connection.cursor() as cursor:
            # VACUUM as well where it may run (outside a transaction): it marks the new pages
            # all-visible, so the reports read covering indexes alone (the ledger's) from the
            # start, as they do once autovacuum has been by.
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                cursor.execute("VACUUM ANALYZE")
            else:
                cursor.execute("ANALYZE")
        self.report(f"scale data loaded in {time.monotonic() - started:.0f} s")
        return {"villages": len(villages), "producers": len(producers), **created}

    def villages(self) -> list[str]:
        """Official villages (manage.py import_regions) spread evenly over the provinces,
        marked as Desmigratif villages."""
        by_province = defaultdict(list)
        for code, province in Village.objects.values_list("code", "district__regency__province_id"):
            by_province[province].append(code)
        if not by_province:
            raise RuntimeError("No regions: run manage.py import_regions (or load_demo_data --all-regions).")
        wanted, chosen = self.sizes["villages"], []
        pools = [self.rng.sample(codes, min(len(codes), wanted)) for _p, codes in sorted(by_province.items())]
        while len(chosen) < wanted and any(pools):
            for pool in pools:
                if pool and len(chosen) < wanted:
                    chosen.append(pool.pop())
        Village.objects.filter(code__in=chosen, is_desmigratif=False).update(
            is_desmigratif=True, joined_year=2017
        )
        self.report(f"villages: {len(chosen):,} across {len(by_province)} provinces")
        return chosen

    def producers(self, villages: list[str]) -> list[SellerProfile]:
        count = self.sizes["producers"]
        first_cooperative = reserve_ids(Cooperative, len(villages))
        cooperatives = {
            code: Cooperative(
                id=first_cooperative + n,
                name=f"BUMDes {code}",
                slug=f"{SLUG_PREFIX}bumdes-{code}",
                kind=Cooperative.Kind.BUMDES,
                village_id=code,
            )
            for n, code in enumerate(villages)
        }
        copy_rows(Cooperative, cooperatives.values())
        first_partner, first_seller = reserve_ids(Partner, count), reserve_ids(SellerProfile, count)
        first_user = reserve_ids(User, count // 5)
        password = make_password(None)
        partners, sellers, users = [], [], []
        for n in range(count):
            village = villages[n % len(villages)]
            slug = f"{SLUG_PREFIX}{n}"
            partners.append(Partner(id=first_partner + n, name=f"Usaha {village} {n}", code=slug))
            status = SellerProfile.Status.APPROVED
            if n % 33 == 1:
                status = SellerProfile.Status.APPLIED
            elif n % 33 == 2:
                status = SellerProfile.Status.SUSPENDED
            user_id = None
            if n % 5 == 0:  # a fifth have their own login (and take the online courses)
                user_id = first_user + len(users)
                users.append(
                    User(
                        id=user_id,
                        username=slug,
                        email=f"{slug}@produsen.contoh.id",
                        password=password,
                        date_joined=self.now,
                    )
                )
            created = self.now - dt.timedelta(days=self.rng.randrange(760, 1500))
            sellers.append(
                SellerProfile(
                    id=first_seller + n,
                    partner_id=first_partner + n,
                    user_id=user_id,
                    village_id=village,
                    cooperative_id=cooperatives[village].id if n % 5 < 2 else None,
                    name=partners[-1].name,
                    slug=slug,
                    whatsapp="+6281200000000",
                    status=status,
                    created_at=created,
                    approved_at=created + dt.timedelta(days=3) if status != "applied" else None,
                )
            )
        copy_rows(User, users)
        copy_rows(Partner, partners)
        copy_rows(SellerProfile, sellers)
        self.report(f"producers: {count:,} ({len(users):,} with a login), {len(cooperatives):,} cooperatives")
        return sellers

    def products(self, producers: list[SellerProfile]) -> dict[int, list[tuple]]:
        """Products shared out over the producers; per approved producer, its products as
        (product id, stock record id, title, price)."""
        count = self.sizes["products"]
        product_class, _created = ProductClass.objects.get_or_create(
            slug="produk-skala", defaults={"name": "Produk skala"}
        )
        first_product, first_stock = reserve_ids(Product, count), reserve_ids(StockRecord, count)
        catalogue: dict[int, list[tuple]] = defaultdict(list)
        progress = Progress(self.report, "products", count)
        for start in range(0, count, 20_000):
            products, stock = [], []
            for n in range(start, min(start + 20_000, count)):
                seller = producers[n % len(producers)]
                title = f"{self.rng.choice(WORDS)} {self.rng.choice(TASTES)} {n}"
                price = Decimal(self.rng.randrange(10, 300) * 1000)
                created = seller.created_at + dt.timedelta(days=self.rng.randrange(5, 700))
                products.append(
                    Product(
                        id=first_product + n,
                        title=title,
                        slug=f"{SLUG_PREFIX}{n}",
                        product_class=product_class,
                        structure="standalone",
                        is_public=n % 40 != 0,
                        date_created=created,
                        date_updated=created,
                    )
                )
                stock.append(
                    StockRecord(
                        id=first_stock + n,
                        product_id=first_product + n,
                        partner_id=seller.partner_id,
                        partner_sku=f"{SLUG_PREFIX}{n}",
                        price=price,
                        price_currency="IDR",
                        num_in_stock=50,
                        date_created=created,
                        date_updated=created,
                    )
                )
                if seller.status == SellerProfile.Status.APPROVED and n % 40 != 0:
                    catalogue[seller.id].append((first_product + n, first_stock + n, title, price, seller))
            copy_rows(Product, products)
            copy_rows(StockRecord, stock)
            progress(start + len(products))
        return catalogue

    def orders(self, catalogue: dict[int, list[tuple]]) -> dict[str, int]:
        from demo.scale_orders import OrderWriter

        return OrderWriter(loader=self, catalogue=catalogue).run()

    def courses(self, producers: list[SellerProfile]) -> int:
        courses = list(
            CoursePage.objects.filter(locale__language_code="id").values_list("id", "translation_key")
        )
        if not courses:
            self.report("courses: none in the CMS, no badges")
            return 0
        first = reserve_ids(CourseCompletion, len(producers) * len(courses))
        completions = []
        for seller in producers:
            if seller.user_id is None:
                continue
            for course_id, key in self.rng.sample(courses, self.rng.randrange(0, len(courses) + 1)):
                completed = self.now - dt.timedelta(days=self.rng.randrange(1, 700))
                completions.append(
                    CourseCompletion(
                        id=first + len(completions),
                        user_id=seller.user_id,
                        course_id=course_id,
                        course_key=key,
                        completed_at=completed,
                    )
                )
        copy_rows(CourseCompletion, completions)
        self.report(f"courses completed: {len(completions):,}")
        return len(completions)


def pick_outcome(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for status, share in OUTCOMES:
        total += share
        if roll < total:
            return status
    return Status.DELIVERED


def abroad_countries() -> list[str]:
    return [code for code in COUNTRIES_OF_WORK if code != HOME_COUNTRY]


def commission(amount: Decimal) -> Decimal:
    return commission_for(amount)
