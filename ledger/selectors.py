"""Reads of producers' ledgers: balances, earnings and payouts."""

import datetime
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum

from ledger.models import LedgerEntry
from sellers.models import SellerProfile

MONEY = DecimalField(max_digits=14, decimal_places=2)


def seller_earnings(*, seller: SellerProfile, newest_first: bool = True) -> QuerySet:
    """The producer's entries with the order each concerns, for its earnings page and CSV."""
    ordering = ("-created_at", "-id") if newest_first else ("created_at", "id")
    return LedgerEntry.objects.filter(seller=seller).select_related("seller_order").order_by(*ordering)


def seller_totals_by_kind(*, seller: SellerProfile) -> dict[str, Decimal]:
    entries = LedgerEntry.objects.filter(seller=seller)
    return {
        row["kind"]: row["total"] for row in entries.values("kind").annotate(total=Sum("amount")).order_by()
    }


def seller_ledger_entries(*, seller: SellerProfile, limit: int = 50) -> QuerySet:
    return (
        LedgerEntry.objects.filter(seller=seller)
        .select_related("created_by", "seller_order")
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
