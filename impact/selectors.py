"""The program's impact figures, per province → kabupaten → village, for a period.

Every figure is read from the shop's own records, so the report adds up to them exactly;
what each one means is written once, in impact/definitions.py (the dashboard, the XLSX's
"Definisi" sheet and the README show those texts). Each figure is one aggregate query,
never a query per row: grouped by village, or for the big tables (seller orders, order lines,
ledger) by producer and added to the producer's village here.

Orders from abroad (abroad_figures): buyer orders placed in the period with at least one paid
part, by the country of work the order kept when it was placed (Order.country_of_work).

Figures kept by apps above this one (the online courses are the CMS's) come in through
``register_village_figures``: the higher app calls down at start-up, so this one imports
nothing above it.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from exchange.countries import COUNTRIES_OF_WORK, HOME_COUNTRY, CountryOfWork
from family.selectors import orders_sent_to_families
from fulfilment.models import SellerOrder
from impact.definitions import VILLAGE_FIGURES
from ledger.models import LedgerEntry
from regions.models import Village
from sellers.models import SellerProfile

Line = get_model("order", "Line")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

SOLD_STATUSES = (
    SellerOrder.Status.PAID,
    SellerOrder.Status.PACKED,
    SellerOrder.Status.SHIPPED,
    SellerOrder.Status.DELIVERED,
)
FIGURES = tuple(figure.key for figure in VILLAGE_FIGURES)
COUNTS = tuple(figure.key for figure in VILLAGE_FIGURES if not figure.rupiah)


@dataclass(frozen=True)
class Period:
    """Calendar days ``start`` to ``end`` inclusive, in the shop's time zone (WIB)."""

    start: dt.date
    end: dt.date

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_before(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))

    @classmethod
    def this_year(cls) -> "Period":
        today = timezone.localdate()
        return cls(start=today.replace(month=1, day=1), end=today)


@dataclass
class Figures:
    producers: int = 0
    active_producers: int = 0
    families: int = 0
    products: int = 0
    orders: int = 0
    units: int = 0
    rupiah: Decimal = Decimal("0")
    income: Decimal = Decimal("0")
    payouts: Decimal = Decimal("0")
    courses_completed: int = 0
    trained_producers: int = 0
    cooperatives: int = 0

    def add(self, other: "Figures") -> None:
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Row:
    """One place in the report, with its figures and, above village level, its parts."""

    level: str  # "provinsi", "kabupaten" or "desa"
    code: str
    name: str
    figures: Figures = field(default_factory=Figures)
    children: list["Row"] = field(default_factory=list)


@dataclass
class ImpactReport:
    period: Period
    provinces: list[Row]
    total: Figures
    # Goods sold in the period (rupiah) per country of work the orders kept, home included:
    # the orders from abroad are added up from the same pass (abroad_figures).
    rupiah_by_country: dict[str, Decimal] = field(default_factory=dict)

    def levels(self) -> dict[str, list[Row]]:
        """The rows of each level, in the table's order: one sheet each in the XLSX."""
        regencies = [regency for province in self.provinces for regency in province.children]
        villages = [village for regency in regencies for village in regency.children]
        return {"provinsi": self.provinces, "kabupaten": regencies, "desa": villages}

    def rows(self):
        """Every row, depth first: province, its kabupaten, their villages."""
        for province in self.provinces:
            yield province
            for regency in province.children:
                yield regency
                yield from regency.children


def units_sold_total() -> int:
    """Units of every paid part (SellerOrder.units, its lines' quantities), as the report counts them."""
    return SellerOrder.objects.filter(status__in=SOLD_STATUSES).aggregate(units=Sum("units"))["units"] or 0


# The ledger entries that make a producer's income from sales: releases only move money
# from held to available, payouts and COD cash are money changing hands, not income.
INCOME_KINDS = (
    LedgerEntry.Kind.SALE,
    LedgerEntry.Kind.COMMISSION,
    LedgerEntry.Kind.REFUND,
    LedgerEntry.Kind.COMMISSION_REVERSAL,
)

# Figures that apps above this one add per village: callables (period) -> {village code:
# {figure key: value}}, registered once at start-up (cms.apps registers the courses).
_village_figure_sources: list[Callable[[Period], dict[str, dict[str, int]]]] = []


def register_village_figures(source: Callable[["Period"], dict[str, dict[str, int]]]) -> None:
    if source not in _village_figure_sources:
        _village_figure_sources.append(source)


def sold_seller_orders(*, period: Period):
    """The period's paid parts. A part is created in the transaction that places its order
    (fulfilment.services.seller_orders_create), so its own created_at is the order's time:
    read by the parts' own covering index (fulfilment.models), without joining the orders."""
    return SellerOrder.objects.filter(
        status__in=SOLD_STATUSES,
        created_at__gte=period.start_at,
        created_at__lt=period.end_before,
    )


def ledger_income_entries(*, period: Period):
    """The entries whose sum is the producers' income in the period (the "income" figure)."""
    return LedgerEntry.objects.filter(
        kind__in=INCOME_KINDS, created_at__gte=period.start_at, created_at__lt=period.end_before
    )


def _per_village(period: Period) -> tuple[dict[str, Figures], dict[str, Decimal]]:
    """The figures per village code, and the goods sold per country of work."""
    figures: dict[str, Figures] = {}

    def at(code: str) -> Figures:
        return figures.setdefault(code, Figures())

    producers = (
        SellerProfile.objects.approved()
        .filter(Q(approved_at__isnull=True) | Q(approved_at__lt=period.end_before))
        .values("village_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in producers:
        at(row["village_id"]).producers = row["n"]

    products = (
        StockRecord.objects.filter(
            partner__seller_profile__status=SellerProfile.Status.APPROVED,
            product__is_public=True,
            product__date_created__lt=period.end_before,
        )
        .exclude(product__structure="child")
        .values("partner__seller_profile__village_id")
        .annotate(n=Count("product_id", distinct=True))
        .order_by()
    )
    for row in products:
        at(row["partner__seller_profile__village_id"]).products = row["n"]

    # The period's big tables (seller orders and ledger entries: hundreds of thousands of rows
    # and more at the program's size) are each read once, grouped by producer, and the producers'
    # villages and cooperatives put in here: joined to the producers and grouped by village in
    # SQL, the seller orders were read twice and the report took 3 s at that size.
    places = _producer_places()

    # One pass over the period's sold seller orders, per producer: the villages' orders,
    # units and rupiah. Units and rupiah are the seller orders' own (SellerOrder.units,
    # lines_total): added up from the million order lines instead, that pass alone was 0.8 s
    # of a 2.4 s page at that size.
    cooperatives: dict[str, set[int]] = {}
    for seller_id, n, units, rupiah in _sold_part_totals(period):
        place = places[seller_id]
        village = at(place.village)
        village.orders += n
        village.units += units or 0
        village.rupiah += rupiah or Decimal("0")
        village.active_producers += 1
        if place.cooperative is not None:
            cooperatives.setdefault(place.cooperative_village, set()).add(place.cooperative)
    for code, members in cooperatives.items():
        at(code).cooperatives = len(members)

    # One pass over the period's ledger, per producer: its income (for the families it
    # reached) and its payouts (an index covers the columns read: ledger.models).
    ledger = (
        LedgerEntry.objects.filter(created_at__gte=period.start_at, created_at__lt=period.end_before)
        .filter(kind__in=(*INCOME_KINDS, LedgerEntry.Kind.PAYOUT))
        .values_list("seller_id")
        .annotate(
            income=Sum("amount", filter=Q(kind__in=INCOME_KINDS)),
            payouts=Sum("amount", filter=Q(kind=LedgerEntry.Kind.PAYOUT)),
        )
        .order_by()
    )
    for seller_id, income, payouts in ledger:
        village = at(places[seller_id].village)
        income = income or Decimal("0")
        village.income += income
        village.families += 1 if income > 0 else 0
        village.payouts -= payouts or Decimal("0")

    for source in _village_figure_sources:
        for code, values in source(period).items():
            village = at(code)
            for key, value in values.items():
                setattr(village, key, getattr(village, key) + value)
    return figures, _rupiah_per_country(period)


@dataclass(frozen=True)
class _ProducerPlace:
    village: str
    partner: int | None
    cooperative: int | None
    cooperative_village: str | None


def _producer_places() -> dict[int, _ProducerPlace]:
    """Every producer's village, Oscar partner and cooperative (with its village), by id."""
    rows = SellerProfile.objects.values_list(
        "id", "village_id", "partner_id", "cooperative_id", "cooperative__village_id"
    ).order_by()
    return {pk: _ProducerPlace(*place) for pk, *place in rows}


def _sold_part_totals(period: Period):
    """(producer, seller orders, units, rupiah) of the period's sold seller orders."""
    return (
        sold_seller_orders(period=period)
        .values_list("seller_id")
        .annotate(n=Count("*"), units=Sum("units"), rupiah=Sum("lines_total"))
        .order_by()
    )


def _rupiah_per_country(period: Period) -> dict[str, Decimal]:
    """The goods' rupiah of the period's sold parts ordered from abroad, per country of work."""
    abroad = sold_seller_orders(period=period).exclude(order__country_of_work=HOME_COUNTRY)
    totals = abroad.values_list("order__country_of_work").annotate(rupiah=Sum("lines_total")).order_by()
    return {country: rupiah or Decimal("0") for country, rupiah in totals}


def impact_report(*, period: Period) -> ImpactReport:
    """The figures of every Desmigratif village (and any other village with producers),
    summed up to kabupaten and province from the village rows, so every level adds up."""
    per_village, by_country = _per_village(period)
    villages = (
        Village.objects.filter(Q(is_desmigratif=True) | Q(code__in=per_village.keys()))
        .with_hierarchy()
        .order_by("district__regency__province__name", "district__regency__name", "name")
    )
    provinces: dict[str, Row] = {}
    regencies: dict[str, Row] = {}
    total = Figures()
    for village in villages:
        regency, province = village.district.regency, village.district.regency.province
        province_row = provinces.setdefault(
            province.code, Row(level="provinsi", code=province.code, name=province.name)
        )
        regency_row = regencies.get(regency.code)
        if regency_row is None:
            regency_row = regencies[regency.code] = Row(
                level="kabupaten", code=regency.code, name=str(regency)
            )
            province_row.children.append(regency_row)
        figures = per_village.get(village.code, Figures())
        regency_row.children.append(Row(level="desa", code=village.code, name=str(village), figures=figures))
        regency_row.figures.add(figures)
        province_row.figures.add(figures)
        total.add(figures)
    return ImpactReport(
        period=period, provinces=list(provinces.values()), total=total, rupiah_by_country=by_country
    )


@dataclass
class CountryFigures:
    """Orders from one country of work abroad (or, country None, all of them together)."""

    country: CountryOfWork | None
    orders: int = 0
    buyers: int = 0  # distinct accounts, and guests by e-mail
    rupiah: Decimal = Decimal("0")  # goods sold, as in the village table
    # Of those orders, sent to a family at home; None while the shop cannot tell (family_orders).
    family_orders: int | None = None


def family_orders():
    """The buyer orders sent to a family at home, as "Kirim ke keluarga" records them
    (family.FamilyDelivery): counted per country of work on the dashboard."""
    return orders_sent_to_families()


def orders_sold(*, period: Period):
    """Buyer orders placed in the period with at least one paid part (the village table's rule)."""
    return Order.objects.filter(
        Exists(SellerOrder.objects.filter(order=OuterRef("pk"), status__in=SOLD_STATUSES)),
        date_placed__gte=period.start_at,
        date_placed__lt=period.end_before,
    )


def abroad_figures(
    *, period: Period, family=None, rupiah_by_country: dict[str, Decimal] | None = None
) -> list[CountryFigures]:
    """One row per country of work abroad, in the order COUNTRIES_OF_WORK ranks them, then
    the total from abroad. family: a queryset of family orders (family_orders()), or None;
    rupiah_by_country: the period's ImpactReport.rupiah_by_country, when there is one (else
    the sold lines are added up here)."""
    abroad = orders_sold(period=period).exclude(country_of_work=HOME_COUNTRY)
    # The family orders are counted in the same grouped pass (a FILTER on the count) rather
    # than a third query: the dashboard's query budget holds at any size.
    sent_to_family = {} if family is None else {"sent": Count("id", filter=Q(pk__in=family.values("pk")))}
    counted = (
        abroad.values("country_of_work")
        .annotate(
            n=Count("id"),
            users=Count("user_id", distinct=True),
            guests=Count("guest_email", distinct=True, filter=Q(user__isnull=True)),
            **sent_to_family,
        )
        .order_by()
    )
    orders = {row["country_of_work"]: row["n"] for row in counted}
    buyers = {row["country_of_work"]: row["users"] + row["guests"] for row in counted}
    sent = None if family is None else {row["country_of_work"]: row["sent"] for row in counted}
    rupiah = _rupiah_per_country(period) if rupiah_by_country is None else rupiah_by_country
    rows = [
        CountryFigures(
            country=country,
            orders=orders.get(code, 0),
            buyers=buyers.get(code, 0),
            rupiah=rupiah.get(code) or Decimal("0"),
            family_orders=None if sent is None else sent.get(code, 0),
        )
        for code, country in COUNTRIES_OF_WORK.items()
        if code != HOME_COUNTRY
    ]
    total = CountryFigures(
        country=None,
        orders=sum(row.orders for row in rows),
        buyers=sum(row.buyers for row in rows),
        rupiah=sum((row.rupiah for row in rows), Decimal("0")),
        family_orders=None if sent is None else sum(row.family_orders for row in rows),
    )
    return [*rows, total]
