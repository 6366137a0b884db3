"""Reads for the program staff's seller pages in Oscar's dashboard.

Each returns a queryset with its joins and aggregates applied, so a page's query count
stays flat however many producers or entries it shows.
"""

import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from fulfilment.models import SellerOrder
from ledger.models import LedgerEntry
from sellers.models import AuditLogEntry, SellerProfile

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

MONEY = DecimalField(max_digits=14, decimal_places=2)


def _balance_subquery() -> Subquery:
    # A subquery, not a join: joining entries and stock records together would multiply both sums.
    return Subquery(
        LedgerEntry.objects.filter(seller=OuterRef("pk"))
        .order_by()
        .values("seller")
        .annotate(total=Sum("amount"))
        .values("total")[:1],
        output_field=MONEY,
    )


def _product_count_subquery() -> Subquery:
    return Subquery(
        StockRecord.objects.filter(partner=OuterRef("partner"))
        .order_by()
        .values("partner")
        .annotate(n=Count("product", distinct=True))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def seller_list_for_staff(*, status: str = "", province=None, query: str = "") -> QuerySet:
    """All producers, applications waiting for a decision first, with product count and balance."""
    sellers = (
        SellerProfile.objects.select_related("village__district__regency__province", "cooperative", "user")
        .annotate(
            product_count=Coalesce(_product_count_subquery(), Value(0)),
            balance=Coalesce(_balance_subquery(), Value(Decimal("0")), output_field=MONEY),
            status_order=Case(
                When(status=SellerProfile.Status.APPLIED, then=Value(0)),
                When(status=SellerProfile.Status.SUSPENDED, then=Value(1)),
                When(status=SellerProfile.Status.APPROVED, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
        )
        .order_by("status_order", "-created_at", "name")
    )
    if status:
        sellers = sellers.filter(status=status)
    if province is not None:
        sellers = sellers.filter(village__district__regency__province=province)
    for term in query.split()[:8]:
        sellers = sellers.filter(Q(name__icontains=term) | Q(village__name__icontains=term))
    return sellers


def seller_status_counts() -> dict[str, int]:
    counts = dict(SellerProfile.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in SellerProfile.Status.values}


def seller_for_staff(*, pk: int) -> SellerProfile:
    return SellerProfile.objects.select_related(
        "village__district__regency__province", "cooperative", "user", "partner"
    ).get(pk=pk)


def seller_products(*, seller: SellerProfile) -> QuerySet:
    """Every product the producer lists, hidden ones too, with its own stock record."""
    records = StockRecord.objects.filter(partner_id=seller.partner_id)
    return (
        Product.objects.filter(id__in=records.values("product_id"))
        .select_related("product_class")
        .annotate(
            price=Subquery(records.filter(product=OuterRef("pk")).values("price")[:1]),
            num_in_stock=Subquery(records.filter(product=OuterRef("pk")).values("num_in_stock")[:1]),
        )
        .order_by("-date_updated")
    )


def seller_recent_orders(*, seller: SellerProfile, limit: int = 10) -> QuerySet:
    return (
        SellerOrder.objects.filter(seller=seller)
        .select_related("order")
        .order_by("-created_at", "-id")[:limit]
    )


def seller_ledger_entries(*, seller: SellerProfile, limit: int = 50) -> QuerySet:
    return (
        LedgerEntry.objects.filter(seller=seller)
        .select_related("created_by", "seller_order")
        .order_by("-created_at", "-id")[:limit]
    )


def seller_audit_entries(*, seller: SellerProfile, limit: int = 50) -> QuerySet:
    return (
        AuditLogEntry.objects.filter(seller=seller)
        .select_related("actor", "seller")
        .order_by("-created_at", "-id")[:limit]
    )


def payout_list(
    *,
    seller: SellerProfile | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet:
    payouts = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYOUT).select_related(
        "seller__village__district__regency", "created_by"
    )
    if seller is not None:
        payouts = payouts.filter(seller=seller)
    if date_from is not None:
        payouts = payouts.filter(created_at__date__gte=date_from)
    if date_to is not None:
        payouts = payouts.filter(created_at__date__lte=date_to)
    return payouts.annotate(paid_amount=ExpressionWrapper(-F("amount"), output_field=MONEY)).order_by(
        "-created_at", "-id"
    )
